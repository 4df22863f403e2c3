using System.Diagnostics;
using System.Text.RegularExpressions;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>The Python client's in-run worked example (aioli_example.py), run by Debian's python3 against a real MixOpt.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class PythonAioliExampleTests
{
    [Fact]
    public async Task The_python_aioli_example_posts_rounds_reports_and_reads_the_recommendation()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var key = (await host.Client.CreateKeyAsync("python-aioli", ["write"])).Key;

        var start = new ProcessStartInfo(PythonClientTests.Python)
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "src/MixOpt.Client/python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-B", "aioli_example.py", "--url", host.Address.ToString(), "--key", key }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, $"aioli_example.py exited {process.ExitCode}:\n{output}");
        var id = Guid.Parse(OkLine().Match(output).Groups[1].Value);
        Assert.Equal("Completed", (await host.Client.GetStudyAsync(id)).Status);
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM run_rounds rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s", ("s", id)));
        Assert.Contains("aioli: final proportions", output);
    }

    [GeneratedRegex(@"EXAMPLE OK ([0-9a-f-]{36})")]
    private static partial Regex OkLine();
}
