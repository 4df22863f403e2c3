using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MixOpt.Cli.Bench;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench oracle</c>: the optimization loop on the simulated mixing-law oracle, where strategies may
/// propose new mixtures and the true optimum is known, so regret is exact. See docs/BENCHMARKS.md.
/// </summary>
public static class BenchOracleCommand
{
    public static Command Create()
    {
        var domains = new Option<int>("--domains") { Description = "Number of domains of the simulated corpus.", DefaultValueFactory = _ => 5 };
        var fidelities = new Option<string>("--fidelities") { Description = "Ladder as value:cost,... (largest value = target).", DefaultValueFactory = _ => "0.1:0.1,1:1" };
        var budget = new Option<double>("--budget") { Description = "Cost budget per run of a strategy.", DefaultValueFactory = _ => 30 };
        var strategies = new Option<string?>("--strategies") { Description = "Comma-separated strategies (default: all)." };
        var candidates = new Option<int?>("--candidates") { Description = "Sampled mixtures a model-based strategy scores per search (default: the strategy's, 1,000,000)." };
        var batch = new Option<int>("--batch") { Description = "Runs a strategy proposes per step (RegMix: at least its design size).", DefaultValueFactory = _ => 1 };
        var at = new Option<string?>("--at") { Description = "Costs at which to report the regret, e.g. 2,5,10,20 (default: 25% and 50% of the budget and the budget)." };
        var options = new BenchOptions(defaultSeeds: 10);
        var command = new Command("oracle", "Optimization on the simulated mixing-law oracle: regret of the recommendation vs cost.")
        {
            domains, fidelities, budget, strategies, candidates, batch, at,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var d = parse.GetValue(domains);
            if (parse.GetValue(candidates) is < 1) throw new CliException("--candidates must be at least 1.");
            if (d < 2) throw new CliException($"--domains must be at least 2, got {d}.");
            var ladder = OracleProblem.ParseLadder(parse.GetValue(fidelities)!);
            var spend = parse.GetValue(budget);
            if (!(spend > 0)) throw new CliException($"--budget must be positive, got {spend}.");
            var batchSize = parse.GetValue(batch);
            if (batchSize < 1) throw new CliException($"--batch must be at least 1, got {batchSize}.");
            var reportCosts = ParseCosts(parse.GetValue(at)) ?? [spend * 0.25, spend * 0.5, spend];
            var names = BenchStrategies.Select(parse.GetValue(strategies), pool: false);
            var seeds = options.Seeds(parse);
            await BenchStrategies.EnsurePeersAsync(names, ct);
            Console.WriteLine($"bench oracle: {d} domains, mean loss (minimize), ladder {string.Join(", ", ladder.Select(f => $"{f.Value:0.###}@cost {f.Cost:0.###}"))}, "
                + $"budget {spend}, batch {batchSize}; seeds {seeds[0]}..{seeds[^1]} (seed s draws oracle s).");

            // Each seed's oracle (and its optimum) is built once and shared by every strategy.
            var problems = SeedRunner.Run(seeds, options.Parallelism(parse), seed => new OracleProblem(d, ladder, seed, spend, parse.GetValue(candidates)));
            var bySeed = seeds.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => problems[x.i]);
            var results = new List<OracleStrategyFigures>();
            var traces = new Dictionary<string, PoolTrace[]>();
            foreach (var name in names)
            {
                var clock = Stopwatch.StartNew();
                Console.Error.WriteLine($"bench oracle: {name}: {seeds.Length} seeds ...");
                var runs = SeedRunner.Run(seeds, options.Parallelism(parse), seed =>
                {
                    var trace = OracleBenchmark.Run(bySeed[seed], BenchStrategies.Create(name, seed), seed, spend, c => BenchStrategies.OracleBatchSize(name, c, batchSize));
                    Console.Error.WriteLine($"bench oracle: {name} seed {seed}: final regret {Fmt(trace.FinalRegret)}, {trace.Runs} runs, {trace.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
                    return trace;
                });
                traces[name] = runs;
                results.Add(OracleStrategyFigures.From(name, runs, spend, reportCosts, clock.Elapsed.TotalSeconds));
            }

            var view = BenchTable.Create(["strategy", .. reportCosts.Select(c => $"regret at cost {Fmt(c)} (mean / median)"), "final IQR", "seconds"]);
            foreach (var r in results)
                BenchTable.Row(view, [r.Name, .. r.RegretAt.Select(a => $"{Fmt(a.Mean)} / {Fmt(a.Median)}"), $"[{Fmt(r.Iqr[0])}, {Fmt(r.Iqr[1])}]",
                    r.Seconds.ToString("0.0", CultureInfo.InvariantCulture)]);
            BenchTable.Print(view);

            var figures = new OracleFigures(d, ladder.Select(f => new FidelityFigure(f.Name ?? "", f.Value, f.Cost)).ToArray(), spend, batchSize, reportCosts, seeds, results);
            if (parse.GetValue(options.Out) is { } outPath) BenchJson.Write(outPath, figures);
            if (parse.GetValue(options.Plot) is { } plotDir)
                BenchPlots.Curves(Path.Combine(plotDir, "oracle_regret_vs_cost.png"), $"bench oracle: {d} domains ({seeds.Length} seeds)",
                    "cumulative cost", "regret of the recommendation (median over seeds)",
                    names.Select(n => RegretCurve.Median(n, traces[n], regret => regret)));
            return 0;
        });
        return command;
    }

    private static double[]? ParseCosts(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c > 0 && double.IsFinite(c)
                ? c : throw new CliException($"--at: '{part}' is not a positive cost.")).ToArray();
    }

    private static string Fmt(double? v) => v is { } x ? x.ToString("0.#####", CultureInfo.InvariantCulture) : "∞";
}
