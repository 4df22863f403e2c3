using System.Diagnostics;
using System.Text;
using MixOpt.Testing;

namespace MixOpt.ClusterTests.Support;

/// <summary>
/// One silo process (the web host or a worker silo) started from its build output, with its output kept for the
/// failure message. <see cref="Kill"/> is kill -9: no shutdown code runs, as when a machine dies.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(string name, int siloPort, Process process)
    {
        Name = name;
        SiloPort = siloPort;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int SiloPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit status, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Waits until the process has exited and its redirected output is read to the end: <see cref="HasExited"/> can be
    /// true while the last lines are still on their way to <see cref="Output"/>.
    /// </summary>
    public Task ExitedAsync() => _process.WaitForExitAsync();

    /// <summary>Starts <c>dotnet {project}.dll</c> from <paramref name="projectDir"/>'s build output (same configuration as the tests).</summary>
    public static NodeProcess Start(string name, string projectDir, string project, int siloPort, IEnumerable<string> args)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var bin = Path.Combine(RepositoryRoot.Path, projectDir, "bin", configuration, "net10.0");
        var dll = Path.Combine(bin, project + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built; build the solution first.", dll);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // The service reads its connection strings from arguments only; nothing leaks in from the test environment.
        start.Environment.Remove("ConnectionStrings__Ledger");
        start.Environment.Remove("ConnectionStrings__Blobs");
        start.Environment["DOTNET_gcServer"] = "0";
        return new NodeProcess(name, siloPort, Process.Start(start)!);
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>Asks the process to stop (SIGTERM, as a service manager would) and waits; kills it after the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { Kill(); }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            // Keep the tail only: a long test's log is mostly noise, the end says what went wrong.
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
    }
}
