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

    /// <summary>
    /// Makes sure each module imports, installing its Debian packages (space-separated: a module may need more
    /// than one, e.g. torch and an optimized BLAS) when it does not. <paramref name="alsoNeeded"/> are packages
    /// needed even when every module imports (a library the module finds at run time).
    /// </summary>
    public static async Task EnsureModulesAsync(IReadOnlyDictionary<string, string> moduleToDebianPackage, CancellationToken ct,
        IReadOnlyList<string>? alsoNeeded = null, PeerInstaller? installer = null)
    {
        installer ??= PeerInstaller.Default;
        if (!File.Exists(installer.Interpreter)) throw new CliException($"{installer.Interpreter} not found: install Debian's python3 to run the peers.");
        var missing = new List<string>(alsoNeeded ?? []);
        foreach (var (module, packages) in moduleToDebianPackage)
            if ((await RunProcessAsync(installer.Interpreter, ["-c", $"import {module}"], null, installer.CheckTimeout, ct)).ExitCode != 0)
                missing.AddRange(packages.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        missing = missing.Distinct().ToList();
        if (missing.Count == 0) return;
        var list = string.Join(" ", missing);
        if (!installer.CanInstall)
            throw new CliException($"peers need Debian packages {list}: run `sudo apt-get install -y {list}`.");
        Console.Error.WriteLine($"Installing peer packages: {list} (apt-get, at most {installer.InstallTimeout.TotalMinutes:0} minutes)...");
        var install = await RunProcessAsync(installer.AptGet, ["install", "-y", "-q", .. missing], null, installer.InstallTimeout, ct);
        if (install.ExitCode != 0)
        {
            await RunProcessAsync(installer.AptGet, ["update", "-q"], null, installer.InstallTimeout, ct);
            install = await RunProcessAsync(installer.AptGet, ["install", "-y", "-q", .. missing], null, installer.InstallTimeout, ct);
        }
        if (install.ExitCode != 0) throw new CliException($"apt-get install {list} failed: {LastLine(install.StdErr)}");
    }

    /// <summary>Runs Peers/<paramref name="script"/> with <paramref name="args"/>; returns its stdout, or throws with its stderr.</summary>
    public static async Task<string> RunScriptAsync(string script, IReadOnlyList<string> args, string? stdin, CancellationToken ct)
    {
        var path = Path.Combine(ScriptsDirectory, script);
        if (!File.Exists(path)) throw new CliException($"peer script {path} is missing from the build output.");
        var result = await RunProcessAsync(Interpreter, [path, .. args], stdin, Timeout.InfiniteTimeSpan, ct);
        if (result.ExitCode != 0) throw new CliException($"peer {script} failed (exit {result.ExitCode}): {LastLine(result.StdErr)}");
        return result.StdOut;
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    private sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

    /// <summary>
    /// Runs <paramref name="file"/> to its end, or kills it (with its children) after <paramref name="timeout"/> or on
    /// cancellation and says so in one line: an apt-get that outlived a timeout used to end the command with an
    /// unhandled TaskCanceledException and leave apt-get running, holding the dpkg lock.
    /// </summary>
    private static async Task<ProcessResult> RunProcessAsync(string file, IReadOnlyList<string> args, string? stdin, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CliException($"could not start {file}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"could not start {file}: {e.Message}");
        }
        using var _ = process;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout != Timeout.InfiniteTimeSpan) limit.CancelAfter(timeout);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), limit.Token);
                process.StandardInput.Close();
            }
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            var command = $"{Path.GetFileName(file)} {string.Join(" ", args.Take(4))}".Trim();
            if (ct.IsCancellationRequested) throw new CliException($"{command} was interrupted; it has been stopped.");
            throw new CliException($"{command} did not finish within {timeout.TotalSeconds:0} s and was stopped; run it by hand, then retry.");
        }
    }
}

/// <summary>How peers' packages are checked and installed: the interpreter, apt-get, and how long each may take.</summary>
public sealed record PeerInstaller
{
    public string Interpreter { get; init; } = PythonPeer.Interpreter;
    public string AptGet { get; init; } = "apt-get";

    /// <summary>Only root installs; anyone else is told which packages to install.</summary>
    public bool CanInstall { get; init; } = Environment.UserName == "root";

    /// <summary>Each apt-get call; MIXOPT_PEER_INSTALL_TIMEOUT (seconds) sets it, default 30 minutes (python3-torch is large).</summary>
    public TimeSpan InstallTimeout { get; init; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("MIXOPT_PEER_INSTALL_TIMEOUT"), out var s) && s > 0 ? s : 1800);

    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public static PeerInstaller Default { get; } = new();
}
