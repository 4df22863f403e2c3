using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MixOpt.Cli.Bench;
using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench merged</c>: the merged per-domain-models rung on the demo corpus (tiny shape, CPU): rank correlation
/// with trained proxies over sampled mixtures and the cost of scoring them each way, then mfbo with and without the
/// merged rung under one cost budget (docs/BENCHMARKS.md).
/// </summary>
public static class BenchMergedCommand
{
    public static Command Create()
    {
        var mixtures = new Option<int>("--mixtures") { Description = "Mixtures scored both ways for the rank correlation.", DefaultValueFactory = _ => 24 };
        var budget = new Option<double>("--budget") { Description = "Cost budget of each mfbo study, in target-run costs.", DefaultValueFactory = _ => 16 };
        var mergedCost = new Option<double>("--merged-cost") { Description = "Cost of one merged-rung evaluation (a target run costs 1).", DefaultValueFactory = _ => 0.05 };
        var steps = new Option<int?>("--steps") { Description = "Training steps per proxy (default: the tiny shape's)." };
        var threads = new Option<int>("--threads") { Description = "libtorch threads.", DefaultValueFactory = _ => 1 };
        var bytes = new Option<long>("--bytes-per-domain") { Description = "Demo corpus size per domain.", DefaultValueFactory = _ => 48 * 1024 };
        var shards = new Option<string?>("--shards") { Description = "A prepared corpus folder (default: the demo corpus, prepared in a temporary folder)." };
        var skipRace = new Option<bool>("--no-race") { Description = "Only the rank correlation; skip the mfbo studies." };
        var options = new BenchOptions(defaultSeeds: 3, parallelSeeds: false);
        var command = new Command("merged", "Merged per-domain models as a rung: rank correlation with trained proxies, and mfbo with vs without it (demo corpus, tiny, CPU).")
            { mixtures, budget, mergedCost, steps, threads, bytes, shards, skipRace };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (n, b, c, t) = (parse.GetValue(mixtures), parse.GetValue(budget), parse.GetValue(mergedCost), parse.GetValue(threads));
            if (n < 3) throw new CliException($"--mixtures must be at least 3, got {n}.");
            if (!(b >= 1) || !double.IsFinite(b)) throw new CliException($"--budget must be a finite number >= 1, got {b}.");
            if (!(c > 0) || !double.IsFinite(c)) throw new CliException($"--merged-cost must be a finite number > 0, got {c}.");
            if (t < 1) throw new CliException($"--threads must be at least 1, got {t}.");
            if (parse.GetValue(steps) is <= 0) throw new CliException("--steps must be positive.");
            var folder = parse.GetValue(shards);
            var temporary = folder is null ? Path.Combine(Path.GetTempPath(), "mixopt-bench-merged-" + Guid.NewGuid().ToString("N")[..8]) : null;
            try
            {
                IReadOnlyList<string> domains;
                if (temporary is not null)
                {
                    domains = (await DemoCorpus.PrepareAsync(new LocalShardStore(temporary), parse.GetValue(bytes), ct: ct)).Select(m => m.Domain).ToArray();
                    folder = temporary;
                }
                else domains = Directory.GetDirectories(folder!).Select(Path.GetFileName).Where(d => File.Exists(Path.Combine(folder!, d!, ShardManifest.FileName))).Order(StringComparer.Ordinal).ToArray()!;
                if (domains.Count < 2) throw new CliException($"the corpus at {folder} has {domains.Count} domains; at least 2 are needed.");
                var bench = new MergedBenchmark(folder!, domains, t, parse.GetValue(steps), c);
                var f = CultureInfo.InvariantCulture;
                var seeds = options.Seeds(parse);
                Console.WriteLine($"bench merged: {domains.Count} domains ({string.Join(", ", domains)}), tiny shape, {parse.GetValue(steps)?.ToString(f) ?? "default"} steps, CPU, {t} thread(s); seeds {string.Join(",", seeds)}");
                var correlation = await bench.CorrelateAsync(seeds[0], n, ct);
                Console.WriteLine(string.Format(f, "rank correlation (seed {0}, {1} Dirichlet(1) mixtures): Spearman(merged mean loss, trained mean loss) = {2:F3}", seeds[0], n, correlation.Spearman));
                Console.WriteLine(string.Format(f, "scoring {0} mixtures: merged {1:F2} cost units, {2:F1} s ({3:F1} s of it the {4} per-domain trainings); trained {5:F2} cost units, {6:F1} s ({7:F1}x the cost, {8:F1}x the time)",
                    n, correlation.MergedCostUnits, correlation.MergedSeconds, correlation.SetupSeconds, domains.Count, correlation.TrainedCostUnits, correlation.TrainedSeconds,
                    correlation.TrainedCostUnits / correlation.MergedCostUnits, correlation.TrainedSeconds / correlation.MergedSeconds));
                var races = new List<MergedBenchmark.StudyRace>();
                if (!parse.GetValue(skipRace))
                {
                    Console.WriteLine(string.Format(f, "mfbo, cost budget {0:G} target runs each; regret = best trained loss so far minus the best any run of the seed found", b));
                    Console.WriteLine("seed  runs merged/target (with)  target runs (without)  final regret with  without  cost to reach without's final: with  without");
                    foreach (var seed in seeds)
                    {
                        var race = await bench.RaceAsync(seed, b, ct);
                        races.Add(race);
                        Console.WriteLine(string.Format(f, "{0,4}  {1,12}/{2,-12}  {3,21}  {4,17:F4}  {5,7:F4}  {6,35}  {7,7}", seed,
                            race.WithMerged.Count(s => s.Fidelity == MergedBenchmark.MergedValue), race.WithMerged.Count(s => s.Fidelity == MergedBenchmark.TargetValue),
                            race.TrainedOnly.Count, race.FinalRegretWithMerged, race.FinalRegretTrainedOnly,
                            race.CostToMatchWithMerged?.ToString("F2", f) ?? "never", race.CostToMatchTrainedOnly?.ToString("F2", f) ?? "never"));
                    }
                    var matched = races.Where(r => r.CostToMatchWithMerged is not null).ToArray();
                    Console.WriteLine(string.Format(f, "with the merged rung: reached the final regret of mfbo without it in {0}/{1} seeds; mean cost to get there {2:F2} vs {3:F2}",
                        matched.Length, races.Count, matched.Select(r => r.CostToMatchWithMerged!.Value).DefaultIfEmpty(double.NaN).Average(),
                        races.Select(r => r.CostToMatchTrainedOnly!.Value).DefaultIfEmpty(double.NaN).Average()));
                }
                if (parse.GetValue(options.Out) is { } path)
                    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { correlation, races }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }), ct);
                return 0;
            }
            finally
            {
                if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            }
        });
        return command;
    }
}
