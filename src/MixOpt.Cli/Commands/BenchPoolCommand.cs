using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MixOpt.Cli.Bench;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench pool</c>: retrospective optimization on a pool table, every strategy side by side with random
/// search, Optuna's TPE and screen-then-climb. See docs/BENCHMARKS.md.
/// </summary>
public static class BenchPoolCommand
{
    public static Command Create()
    {
        var pool = new Option<string>("--pool") { Description = "Pool run table (CSV): the rows strategies may run.", Required = true };
        var target = new Option<string>("--target") { Description = "Metric to optimize, m:NAME.", Required = true };
        var minimize = new Option<bool>("--minimize") { Description = "Lower is better." };
        var maximize = new Option<bool>("--maximize") { Description = "Higher is better." };
        var targetFidelity = new Option<double?>("--target-fidelity") { Description = "Fidelity strategies optimize for (default: the table's largest)." };
        var budget = new Option<double?>("--budget") { Description = "Cost budget per run of a strategy (default: the cost of every target-fidelity row)." };
        var cap = new Option<double?>("--cap")
        {
            Description = "Cost at which the final regret is read; a seed that has reached the top 1% stops there (default: the budget).",
        };
        var options = new BenchOptions(defaultSeeds: 20);
        var strategies = new Option<string?>("--strategies") { Description = "Comma-separated strategies (default: all; see the table)." };

        var command = new Command("pool", "Retrospective optimization on a pool of finished runs: cost until the recommendation is in the top 1%.")
        {
            pool, target, minimize, maximize, targetFidelity, budget, cap, strategies,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(minimize) == parse.GetValue(maximize)) throw new CliException("pass exactly one of --minimize and --maximize.");
            var table = RunTableFiles.Read(parse.GetValue(pool)!);
            var problem = new PoolProblem(table, parse.GetValue(target)!, parse.GetValue(minimize), parse.GetValue(targetFidelity), seed: 0);
            var spend = parse.GetValue(budget) ?? problem.TargetBudget;
            if (!(spend > 0)) throw new CliException($"--budget must be positive, got {spend}.");
            var capAt = parse.GetValue(cap) ?? spend;
            if (!(capAt > 0)) throw new CliException($"--cap must be positive, got {capAt}.");
            var names = BenchStrategies.Select(parse.GetValue(strategies), pool: true);
            var seeds = options.Seeds(parse);
            await BenchStrategies.EnsurePeersAsync(names, ct);

            Console.WriteLine($"bench pool: {table.Source}, {problem.Pool.Count} rows ({problem.TargetRows.Count} at the target fidelity"
                + (problem.Dropped > 0 ? $", {problem.Dropped} above it left out" : "") + $"), target {problem.Objective.Metric} ({problem.Objective.Direction}).");
            Console.WriteLine($"top 1% = best {problem.TopCount} target rows (value {Fmt(problem.TopThreshold)} or better; best {Fmt(problem.Best)}); budget {Fmt(spend)}; final regret at cost {Fmt(capAt)}; seeds {seeds[0]}..{seeds[^1]}.");
            var settings = new PoolRunSettings(spend, capAt, BenchStrategies.PoolBatchSize, Progress);

            var results = new List<PoolStrategyFigures>();
            var traces = new Dictionary<string, PoolTrace[]>();
            foreach (var name in names)
            {
                var clock = Stopwatch.StartNew();
                Console.Error.WriteLine($"bench pool: {name}: {seeds.Length} seeds ...");
                var runs = SeedRunner.Run(seeds, options.Parallelism(parse), seed => PoolBenchmark.Run(problem, () => BenchStrategies.Create(name, seed), seed,
                    settings with { Progress = (_, trace) => Progress(name, trace) })); // the bench's name: bo@cheapest's proposer is "bo"
                Console.Error.WriteLine($"bench pool: {name}: done in {clock.Elapsed.TotalSeconds:0.0} s.");
                traces[name] = runs;
                results.Add(PoolStrategyFigures.From(name, runs, clock.Elapsed.TotalSeconds));
            }

            var view = BenchTable.Create("strategy", "median cost to top-1%", "IQR", "hit rate", "final regret (median)", "seconds");
            foreach (var r in results)
                BenchTable.Row(view, r.Name, FmtNull(r.MedianCostToTop1), $"[{FmtNull(r.Iqr[0])}, {FmtNull(r.Iqr[1])}]",
                    r.HitRate.ToString("P0", CultureInfo.InvariantCulture), FmtNull(r.FinalRegret), r.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
            BenchTable.Print(view);

            var figures = new PoolFigures(table.Source, problem.Objective.Metric, problem.Objective.Direction,
                problem.TargetFidelity,
                problem.TargetRows.Count, problem.TopCount, problem.TopThreshold, problem.Best, spend, capAt, seeds, results);
            if (parse.GetValue(options.Out) is { } outPath) BenchJson.Write(outPath, figures);
            if (parse.GetValue(options.Plot) is { } plotDir)
                BenchPlots.Curves(Path.Combine(plotDir, "pool_regret_vs_cost.png"), $"bench pool: {Path.GetFileName(table.Source)} ({seeds.Length} seeds)",
                    "cumulative cost", "regret of the recommended target row (median over seeds)",
                    names.Select(n => RegretCurve.Median(n, traces[n], problem.Regret)));
            return 0;
        });
        return command;
    }

    /// <summary>One stderr line per finished seed, so a long benchmark shows where it is.</summary>
    private static void Progress(string name, PoolTrace t) =>
        Console.Error.WriteLine($"bench pool: {name} seed {t.Seed}: top-1% at cost {Fmt(t.CostToTop1)}, final regret {Fmt(t.FinalRegret)}, "
            + $"{t.Runs} runs, spent {Fmt(t.Spent)}, {t.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");

    private static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string FmtNull(double? v) => v is { } x ? Fmt(x) : "∞";
}
