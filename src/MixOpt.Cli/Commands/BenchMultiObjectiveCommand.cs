using System.CommandLine;
using System.Globalization;
using MixOpt.Cli.Bench;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Mobo;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench multiobjective</c>: hypervolume vs cost on the two-objective problem with a known front, for
/// <c>mobo</c>, random search and Optuna's NSGA-II and TPE multi-objective samplers, same budget and seeds. See docs/BENCHMARKS.md.
/// </summary>
public static class BenchMultiObjectiveCommand
{
    public static readonly IReadOnlyList<string> AllStrategies = [MoboProposer.StrategyName, RandomDirichletProposer.StrategyName, OptunaMultiObjectiveProposer.NsgaName, OptunaMultiObjectiveProposer.TpeName];

    public static Command Create()
    {
        var domains = new Option<int>("--domains") { Description = "Domains of the problem.", DefaultValueFactory = _ => 3 };
        var runs = new Option<int>("--runs") { Description = "Runs (cost units) per strategy and seed.", DefaultValueFactory = _ => 40 };
        var noise = new Option<double>("--noise") { Description = "Standard deviation of each objective's noise.", DefaultValueFactory = _ => 0.02 };
        var strategies = new Option<string?>("--strategies") { Description = $"Comma-separated, from {string.Join(", ", AllStrategies)} (default: all)." };
        var options = new BenchOptions(defaultSeeds: 10);
        var command = new Command("multiobjective", "Two objectives with a known Pareto front: hypervolume found vs cost, mobo against random and Optuna's NSGA-II and TPE.")
        {
            domains, runs, noise, strategies,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var d = parse.GetValue(domains);
            var budget = parse.GetValue(runs);
            var sigma = parse.GetValue(noise);
            if (d < 2) throw new CliException($"--domains must be at least 2, got {d}.");
            if (budget < 2) throw new CliException($"--runs must be at least 2, got {budget}.");
            if (!double.IsFinite(sigma) || sigma < 0) throw new CliException($"--noise must be a finite number >= 0, got {sigma}.");
            var names = parse.GetValue(strategies) is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : AllStrategies.ToArray();
            if (names.FirstOrDefault(n => !AllStrategies.Contains(n)) is { } unknown)
                throw new CliException($"unknown strategy '{unknown}'; choose from {string.Join(", ", AllStrategies)}.");
            if (names.Any(n => n.StartsWith("optuna", StringComparison.Ordinal)))
                await PythonPeer.EnsureModulesAsync(new Dictionary<string, string> { ["optuna"] = "python3-optuna" }, ct);
            var seeds = options.Seeds(parse);
            Console.WriteLine($"bench multiobjective: {d} domains, 2 objectives (f_k = c_k + s_k·|w − a_k|², front = segment a_1 → a_2), noise {sigma}, "
                + $"{budget} runs each; seeds {string.Join(",", seeds)} (seed s draws problem s). Score: hypervolume of the noise-free values run so far / the true front's.");

            var checkpoints = new[] { budget / 4, budget / 2, budget }.Where(c => c >= 1).Distinct().ToArray();
            var rows = new List<(string Name, double[][] Traces)>();
            foreach (var name in names)
            {
                var traces = SeedRunner.Run(seeds, options.Parallelism(parse), seed =>
                    MultiObjectiveBenchmark.Run(TwoObjectiveFamily.Create(d, seed, sigma), Create(name, seed), budget));
                rows.Add((name, traces));
                Console.WriteLine($"  {name,-14} final per seed: {string.Join(" ", traces.Select(t => t[^1].ToString("0.000", CultureInfo.InvariantCulture)))}");
            }
            Console.WriteLine();
            Console.WriteLine("hypervolume fraction, mean ± sd over seeds, at cost (runs):");
            Console.WriteLine($"  {"strategy",-14} " + string.Join(" ", checkpoints.Select(c => $"{c,16}")));
            foreach (var (name, traces) in rows)
                Console.WriteLine($"  {name,-14} " + string.Join(" ", checkpoints.Select(c =>
                {
                    var values = traces.Select(t => t[c - 1]).ToArray();
                    var mean = values.Average();
                    var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
                    return $"{mean,9:0.000} ± {sd:0.000}";
                })));
            if (parse.GetValue(options.Out) is { } path)
                await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(new
                {
                    domains = d, runs = budget, noise = sigma, seeds,
                    strategies = rows.Select(r => new { name = r.Name, traces = r.Traces }),
                }), ct);
            return 0;
        });
        return command;
    }

    private static IProposer Create(string name, int seed) => name switch
    {
        OptunaMultiObjectiveProposer.NsgaName => new OptunaMultiObjectiveProposer("nsga2", seed),
        OptunaMultiObjectiveProposer.TpeName => new OptunaMultiObjectiveProposer("tpe", seed),
        _ => ProposerCatalog.Create(name),
    };
}
