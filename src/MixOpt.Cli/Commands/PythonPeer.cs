using System.Diagnostics;

namespace MixOpt.Cli.Commands;

/// <summary>
/// Runs a peer (scikit-learn, Optuna, PyTorch) from Debian's packages. They install into Debian's interpreter,
/// so scripts always run with /usr/bin/python3, never the first python3 on PATH. Missing modules are installed
/// with apt-get when running as root (as CI does); otherwise the error says which package to install.
/// </summary>
public static class PythonPeer
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Folder of the peer scripts (src/MixOpt.Cli/Peers, copied beside the binary).</summary>
    public static string ScriptsDirectory => Path.Combine(AppContext.BaseDirectory, "Peers");

    public static async Task EnsureModulesAsync(IReadOnlyDictionary<string, string> moduleToDebianPackage, CancellationToken ct)
    {
        if (!File.Exists(Interpreter)) throw new CliException($"{Interpreter} not found: install Debian's python3 to run the peers.");
        var missing = new List<string>();
        foreach (var (module, package) in moduleToDebianPackage)
            if ((await RunProcessAsync(Interpreter, ["-c", $"import {module}"], null, ct)).ExitCode != 0) missing.Add(package);
        if (missing.Count == 0) return;
        if (Environment.UserName != "root")
            throw new CliException($"peers need Debian packages {string.Join(" ", missing)}: run `sudo apt-get install -y {string.Join(" ", missing)}`.");
        Console.Error.WriteLine($"Installing peer packages: {string.Join(" ", missing)} (apt-get)...");
        var install = await RunProcessAsync("apt-get", ["install", "-y", "-q", .. missing], null, ct);
        if (install.ExitCode != 0)
        {
            await RunProcessAsync("apt-get", ["update", "-q"], null, ct);
            install = await RunProcessAsync("apt-get", ["install", "-y", "-q", .. missing], null, ct);
        }
        if (install.ExitCode != 0) throw new CliException($"apt-get install {string.Join(" ", missing)} failed: {install.StdErr.Trim()}");
    }

    /// <summary>Runs Peers/<paramref name="script"/> with <paramref name="args"/>; returns its stdout, or throws with its stderr.</summary>
    public static async Task<string> RunScriptAsync(string script, IReadOnlyList<string> args, string? stdin, CancellationToken ct)
    {
        var path = Path.Combine(ScriptsDirectory, script);
        if (!File.Exists(path)) throw new CliException($"peer script {path} is missing from the build output.");
        var result = await RunProcessAsync(Interpreter, [path, .. args], stdin, ct);
        if (result.ExitCode != 0) throw new CliException($"peer {script} failed (exit {result.ExitCode}): {LastLine(result.StdErr)}");
        return result.StdOut;
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    private sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

    private static async Task<ProcessResult> RunProcessAsync(string file, IReadOnlyList<string> args, string? stdin, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info) ?? throw new CliException($"could not start {file}.");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
