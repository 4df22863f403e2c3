using System.CommandLine;
using MixOpt.Cli.Bench;
using MixOpt.Cli.Commands;

namespace MixOpt.Cli.Tests;

/// <summary>
/// `mixopt bench train` on a fresh machine (issue 14): an apt-get that outlived a timeout ended the command with a
/// TaskCanceledException stack trace, and a peer on the reference BLAS printed a 34x ratio as if it meant something.
/// </summary>
public sealed class PeerInstallTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mixopt-peer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_install_that_outlives_its_time_limit_is_one_readable_line_and_is_stopped()
    {
        var marker = Path.Combine(_dir, "still-running");
        var aptGet = Path.Combine(_dir, "apt-get");
        // A hanging apt-get that would leave a marker behind if it were not stopped.
        await File.WriteAllTextAsync(aptGet, $"#!/bin/sh\nsleep 5\ntouch '{marker}'\n");
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the peers are installed with Debian's apt-get");
        File.SetUnixFileMode(aptGet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var installer = new PeerInstaller { AptGet = aptGet, CanInstall = true, InstallTimeout = TimeSpan.FromSeconds(1) };

        var e = await Assert.ThrowsAsync<CliException>(() => PythonPeer.EnsureModulesAsync(
            new Dictionary<string, string> { ["mixopt_no_such_module"] = "python3-mixopt-nothing" }, CancellationToken.None, installer: installer));
        Assert.Contains("did not finish within 1 s", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.False(File.Exists(marker), "the timed-out apt-get kept running");
    }

    [Fact]
    public async Task A_module_that_needs_packages_asks_for_all_of_them_when_it_cannot_install()
    {
        var installer = new PeerInstaller { CanInstall = false };
        var e = await Assert.ThrowsAsync<CliException>(() => PythonPeer.EnsureModulesAsync(
            new Dictionary<string, string> { ["mixopt_no_such_module"] = "python3-torch " + PeerBlas.OpenBlasPackage }, CancellationToken.None, installer: installer));
        Assert.Contains("python3-torch libopenblas0-pthread", e.Message);
    }

    [Fact]
    public async Task A_cancelled_command_is_one_line_and_a_non_zero_exit()
    {
        var root = new RootCommand("test");
        var command = new Command("hang");
        command.SetAction((ParseResult _, CancellationToken _) => Task.FromException<int>(new TaskCanceledException("A task was canceled.")));
        root.Subcommands.Add(command);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int exit;
        try { exit = await CliRunner.RunAsync(root, ["hang"]); }
        finally { Console.SetError(previous); }
        Assert.NotEqual(0, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("mixopt: cancelled", lines[0]);
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0", PeerBlasKind.Reference)]
    [InlineData("/usr/lib/x86_64-linux-gnu/libblas.so.3", PeerBlasKind.Reference)]
    [InlineData("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so", PeerBlasKind.Optimized)]
    [InlineData("/opt/intel/lib/libmkl_rt.so.2", PeerBlasKind.Optimized)]
    [InlineData("none", PeerBlasKind.None)]
    public void The_peer_blas_is_classified_from_what_its_process_mapped(string loaded, PeerBlasKind kind) =>
        Assert.Equal(kind, PeerBlas.Classify(loaded));
}
