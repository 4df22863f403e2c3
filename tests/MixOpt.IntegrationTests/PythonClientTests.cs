using System.Diagnostics;
using System.Text.RegularExpressions;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>The stdlib-only Python client's worked example, run by Debian's python3 against a real MixOpt.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class PythonClientTests
{
    public const string Python = "/usr/bin/python3";

    [Fact]
    public async Task The_python_example_leases_reports_and_reads_the_recommendation()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        // A write key of its own, as a training script would have.
        var key = (await host.Client.CreateKeyAsync("python-example", ["write"])).Key;

        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "src/MixOpt.Client/python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "example.py", "--url", host.Address.ToString(), "--key", key, "--runs", "6" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, $"example.py exited {process.ExitCode}:\n{output}");
        var id = Guid.Parse(OkLine().Match(output).Groups[1].Value);
        var study = await host.Client.GetStudyAsync(id);
        Assert.Equal("Completed", study.Status);
        Assert.Equal(7, study.RunsSucceeded); // six leased and reported, one warm start
        Assert.Equal(7, await db.CountAsync("SELECT count(*) FROM run_results"));
        Assert.Contains("recommended mixture:", output);
        Assert.Equal(6, await db.CountAsync("SELECT count(*) FROM runs WHERE worker = 'python-example'"));
    }

    [GeneratedRegex(@"EXAMPLE OK ([0-9a-f-]{36})")]
    private static partial Regex OkLine();
}
