using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MixOpt.Cli.Bench;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench remix</c>: a campaign's re-mix action against a full recomputation on the simulated oracle, with
/// <c>--changed</c> of <c>--domains</c> domains changed: compute spent and regret, same seed (docs/BENCHMARKS.md).
/// </summary>
public static class BenchRemixCommand
{
    public static Command Create()
    {
        var domains = new Option<int>("--domains") { Description = "Domains of the simulated corpus.", DefaultValueFactory = _ => 8 };
        var changed = new Option<int>("--changed") { Description = "Domains whose data changed since the last firing.", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Runs of the full recomputation (the re-mix gets its share by dimensions).", DefaultValueFactory = _ => 48 };
        var strategy = new Option<string>("--strategy") { Description = "The strategy both searches use.", DefaultValueFactory = _ => "bo" };
        var batch = new Option<int>("--batch") { Description = "Runs proposed per step (a study's parallelism).", DefaultValueFactory = _ => 4 };
        var options = new BenchOptions(defaultSeeds: 10);
        var command = new Command("remix", "Campaign re-mix (changed domains + frozen block) vs full recomputation on the simulated oracle.") { domains, changed, runs, strategy, batch };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (d, c, n, b) = (parse.GetValue(domains), parse.GetValue(changed), parse.GetValue(runs), parse.GetValue(batch));
            if (d < 3) throw new CliException($"--domains must be at least 3, got {d}.");
            if (c < 1 || c >= d) throw new CliException($"--changed must be between 1 and {d - 1}, got {c}.");
            if (n < 2) throw new CliException($"--runs must be at least 2, got {n}.");
            if (b < 1) throw new CliException($"--batch must be at least 1, got {b}.");
            var name = parse.GetValue(strategy)!;
            if (!MixOpt.Core.Strategies.ProposerCatalog.Names.Contains(name))
                throw new CliException($"unknown strategy '{name}'; known: {string.Join(", ", MixOpt.Core.Strategies.ProposerCatalog.Names)}.");
            var results = SeedRunner.Run(options.Seeds(parse), options.Parallelism(parse), seed => RemixBenchmark.Run(d, c, n, name, b, seed));
            var f = CultureInfo.InvariantCulture;
            Console.WriteLine($"bench remix: {d} domains, {c} changed, strategy {name}, batch {b}, {results.Length} seeds; regret = noise-free mean loss minus the changed corpus' optimum");
            Console.WriteLine("seed  changed  runs full/remix  regret full  regret remix  remix-full  reuse-full");
            foreach (var r in results)
                Console.WriteLine(string.Format(f, "{0,4}  {1,-7}  {2,5}/{3,-5}     {4,10:F5}  {5,12:F5}  {6,10:F5}  {7,10:F5}", r.Seed, string.Join(",", r.Changed), r.FullRuns, r.RemixRuns, r.FullRegret, r.RemixRegret, r.RemixVsFull, r.ReuseVsFull));
            double Median(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
            var spent = results.Sum(r => (double)r.RemixRuns) / results.Sum(r => (double)r.FullRuns);
            Console.WriteLine(string.Format(f, "compute: re-mix {0:F0} runs vs full {1:F0} ({2:P0} less)", results.Average(r => (double)r.RemixRuns), results.Average(r => (double)r.FullRuns), 1 - spent));
            Console.WriteLine(string.Format(f, "regret vs the changed optimum, median: full {0:F5}, re-mix {1:F5}, reuse without search {2:F5}",
                Median(results.Select(r => r.FullRegret)), Median(results.Select(r => r.RemixRegret)), Median(results.Select(r => r.ReuseRegret))));
            Console.WriteLine(string.Format(f, "re-mix minus full recomputation (same seed): median {0:F5}, mean {1:F5}, re-mix no worse in {2}/{3} seeds",
                Median(results.Select(r => r.RemixVsFull)), results.Average(r => r.RemixVsFull), results.Count(r => r.RemixVsFull <= 0), results.Length));
            if (parse.GetValue(options.Out) is { } path)
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(results, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
            return 0;
        });
        return command;
    }
}
