using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// mixopt_optuna.MixOptSampler under Debian's python3-optuna against a real MixOpt: an Optuna study of 20 trials on
/// a made-up loss, whose mixtures MixOpt proposed, lands every trial and its best one in MixOpt's exported run table.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class OptunaSamplerTests
{
    [Fact]
    public async Task An_optuna_study_of_20_trials_lands_its_best_trial_in_the_exported_run_table()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var key = (await host.Client.CreateKeyAsync("optuna", ["write"])).Key;

        var start = new ProcessStartInfo(PythonClientTests.Python)
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "src/MixOpt.Client/python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "optuna_example.py", "--url", host.Address.ToString(), "--key", key, "--trials", "20" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"optuna_example.py exited {process.ExitCode}:\n{output}");

        var ok = OkLine().Match(output);
        Assert.True(ok.Success, output);
        var id = Guid.Parse(ok.Groups[1].Value);
        var bestValue = double.Parse(ok.Groups[2].Value, CultureInfo.InvariantCulture);
        var bestMixture = JsonSerializer.Deserialize<Dictionary<string, double>>(BestLine().Match(output).Groups[1].Value)!;

        // The last report spends the budget; the study then closes (its final recommendation) on its own.
        var study = await host.WaitUntilFinishedAsync(id);
        Assert.Equal(20, study.RunsSucceeded);
        Assert.Equal(Core.Studies.StudyStatus.Completed, study.Status);
        Assert.Equal(20, await db.CountAsync("SELECT count(*) FROM runs WHERE study_id = @s AND worker = 'optuna'", ("s", id)));

        using var export = JsonDocument.Parse(await host.Client.ExportAsync(id, "json"));
        var runs = export.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(20, runs.Count);
        var best = runs.MinBy(r => r.GetProperty("metrics").GetProperty("value").GetDouble());
        Assert.Equal(bestValue, best.GetProperty("metrics").GetProperty("value").GetDouble());
        foreach (var (domain, weight) in bestMixture)
            Assert.Equal(weight, best.GetProperty("mixture").GetProperty(domain).GetDouble(), 12);
    }

    [GeneratedRegex(@"OPTUNA OK ([0-9a-f-]{36}) (\S+)")]
    private static partial Regex OkLine();

    [GeneratedRegex(@"best trial \d+: value \S+, mixture (\{.*\})")]
    private static partial Regex BestLine();
}
