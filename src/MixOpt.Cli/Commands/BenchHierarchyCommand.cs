using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MixOpt.Cli.Bench;
using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench hierarchy</c>: does choosing quality buckets pay? The same strategy, run budget and noise on a
/// <see cref="QualityBucketOracle"/>, searching the flat domain-only space, the hierarchical space of buckets per
/// domain, and its QuaDMix parameterization; regret against the optimum over all bucket mixtures. See docs/HIERARCHY.md.
/// </summary>
public static class BenchHierarchyCommand
{
    public static Command Create()
    {
        var domains = new Option<int>("--domains") { Description = "Domains of the simulated corpus.", DefaultValueFactory = _ => 4 };
        var buckets = new Option<int>("--buckets") { Description = "Quality buckets per domain.", DefaultValueFactory = _ => 3 };
        var runs = new Option<int>("--runs") { Description = "Runs (cost 1 each) per strategy, space and seed.", DefaultValueFactory = _ => 48 };
        var batch = new Option<int>("--batch") { Description = "Runs proposed per step.", DefaultValueFactory = _ => 4 };
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated strategies.", DefaultValueFactory = _ => "random,regmix,bo" };
        var candidates = new Option<int>("--candidates") { Description = "Mixtures a model-based strategy scores per search.", DefaultValueFactory = _ => 5000 };
        var options = new BenchOptions(defaultSeeds: 10);
        var command = new Command("hierarchy", "Flat domains vs quality buckets (free and QuaDMix) on the bucketed mixing-law oracle: regret at equal runs.")
        {
            domains, buckets, runs, batch, strategies, candidates,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var d = parse.GetValue(domains);
            var k = parse.GetValue(buckets);
            var n = parse.GetValue(runs);
            var b = parse.GetValue(batch);
            var c = parse.GetValue(candidates);
            if (d is < 2 or > 32) throw new CliException($"--domains must be between 2 and 32, got {d}.");
            if (k is < 2 or > 16) throw new CliException($"--buckets must be between 2 and 16, got {k}.");
            if (d * k > StudySpecValidator.MaxDomains) throw new CliException($"--domains × --buckets must be at most {StudySpecValidator.MaxDomains}.");
            if (n < 1 || b < 1 || c < 1) throw new CliException("--runs, --batch and --candidates must be at least 1.");
            var names = parse.GetValue(strategies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
            foreach (var name in names)
                if (!ProposerCatalog.Names.Contains(name)) throw new CliException($"unknown strategy '{name}'; known: {string.Join(", ", ProposerCatalog.Names)}.");
            var seeds = options.Seeds(parse);
            // Regret is scored once per batch, so the reported run counts are whole batches (the last may be short).
            var checkpoints = new[] { n / 4, n / 2, n }.Select(x => Math.Min(n, Math.Max(b, (x + b - 1) / b * b))).Distinct().ToArray();
            Console.WriteLine($"bench hierarchy: {d} domains x {k} quality buckets, mean loss (minimize), {n} runs in batches of {b}, "
                + $"{c} candidates; seeds {seeds[0]}..{seeds[^1]} (seed s draws oracle s).");

            var problems = SeedRunner.Run(seeds, options.Parallelism(parse), seed =>
            {
                var oracle = QualityBucketOracle.Create(d, k, seed);
                var optimum = oracle.Oracle.Optimum(new ObjectiveSpec(), oracle.BucketNames).Value;
                // The best the flat space can do: the plain D-domain law's optimum, trained on equal bucket shares.
                var flatBest = MixingLawOracle.Create(null, d, seed).Optimum(new ObjectiveSpec(), oracle.DomainNames).Mixture;
                var floor = oracle.Oracle.Objective(oracle.Expand(flatBest), new ObjectiveSpec(), oracle.BucketNames) - optimum;
                return (Oracle: oracle, Optimum: optimum, FlatFloor: floor);
            });
            var floors = problems.Select(p => p.FlatFloor).ToArray();
            Console.WriteLine($"flat space floor (regret of the best domain-only mixture): mean {Fmt(floors.Average())}, median {Fmt(Median(floors))}");
            var rows = new List<HierarchyRow>();
            var finals = new Dictionary<(string, string), double[]>();
            foreach (var name in names)
                foreach (var space in HierarchyBenchmark.Spaces)
                {
                    var clock = Stopwatch.StartNew();
                    var traces = SeedRunner.Run(seeds, options.Parallelism(parse), seed =>
                    {
                        var problem = problems[Array.IndexOf(seeds, seed)];
                        return HierarchyBenchmark.Run(problem.Oracle, problem.Optimum, space, name, seed, n, b, c);
                    });
                    var at = checkpoints.Select(r => traces.Select(t => HierarchyBenchmark.RegretAt(t, r)).ToArray()).ToArray();
                    finals[(name, space)] = at[^1];
                    rows.Add(new HierarchyRow(name, space, checkpoints, at.Select(x => Finite(x.Average())).ToArray(), at.Select(x => Finite(Median(x))).ToArray(),
                        at[^1].Select(Finite).ToArray(), clock.Elapsed.TotalSeconds));
                    Console.Error.WriteLine($"bench hierarchy: {name} {space}: median final regret {Fmt(Median(at[^1]))} ({clock.Elapsed.TotalSeconds:0.0} s)");
                }
            var comparisons = names.SelectMany(name => HierarchyBenchmark.Spaces.Skip(1).Select(space => new HierarchyComparison(name, space,
                finals[(name, space)].Zip(finals[(name, HierarchyBenchmark.Flat)]).Count(p => p.First < p.Second), seeds.Length))).ToArray();

            var view = BenchTable.Create(["strategy", "space", .. checkpoints.Select(r => $"regret after {r} runs (mean / median)"), "below flat (seeds)", "seconds"]);
            foreach (var r in rows)
            {
                var wins = comparisons.FirstOrDefault(x => x.Strategy == r.Strategy && x.Space == r.Space);
                BenchTable.Row(view, [r.Strategy, r.Space, .. r.MeanRegret.Zip(r.MedianRegret).Select(p => $"{Fmt(p.First)} / {Fmt(p.Second)}"),
                    wins is null ? "" : $"{wins.SeedsBelowFlat}/{wins.Seeds}", r.Seconds.ToString("0.0", CultureInfo.InvariantCulture)]);
            }
            BenchTable.Print(view);
            if (parse.GetValue(options.Out) is { } outPath) BenchJson.Write(outPath, new HierarchyFigures(d, k, n, b, c, seeds, floors, rows, comparisons));
            return 0;
        });
        return command;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    // JSON has no infinity: a strategy that never recommended is reported as null.
    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Fmt(double? v) => v is not { } x ? "∞" : Fmt(x);

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("0.#####", CultureInfo.InvariantCulture) : "∞";
}
