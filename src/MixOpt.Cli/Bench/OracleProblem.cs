using System.Globalization;
using MixOpt.Cli.Commands;
using MixOpt.Core.Simulation;
using MixOpt.Core.Studies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// One seed's simulated problem for <c>bench oracle</c>: a mixing-law oracle drawn from the seed over
/// <c>d0..d{D-1}</c>, the mean validation loss to minimize, the fidelity ladder (relative to the target, target = 1)
/// and the true optimum, which makes regret exact.
/// </summary>
public sealed class OracleProblem
{
    public OracleProblem(int domains, IReadOnlyList<FidelitySpec> ladder, int seed, double budget, int? candidates = null)
    {
        var names = Enumerable.Range(0, domains).Select(i => "d" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Oracle = MixingLawOracle.Create(null, domains, seed);
        Names = names;
        var targetCost = ladder.MaxBy(f => f.Value)!.Cost;
        Study = new StudySpec
        {
            Name = $"oracle:{domains}d:seed{seed}",
            Domains = names.Select(n => new DomainSpec { Name = n }).ToArray(),
            Objective = new ObjectiveSpec(),
            Fidelities = ladder,
            Budget = new BudgetSpec { Runs = (int)Math.Ceiling(budget / targetCost), Parallelism = 1 },
            Strategy = "bench",
            Seed = seed,
            Simulator = Oracle.Spec,
            StrategyOptions = candidates is { } c ? new StrategyOptions { Candidates = c } : null,
        };
        Optimum = Oracle.Optimum(Study.Objective, names).Value;
    }

    public MixingLawOracle Oracle { get; }
    public IReadOnlyList<string> Names { get; }
    public StudySpec Study { get; }
    public double Optimum { get; }

    /// <summary>
    /// Parses <c>value:cost,...</c> (cost may be a fraction like 1/60) into a ladder relative to its largest value.
    /// </summary>
    public static IReadOnlyList<FidelitySpec> ParseLadder(string text)
    {
        var rungs = new List<(double Value, double Cost, string Name)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2 || !double.TryParse(pieces[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0))
                throw new CliException($"--fidelities: '{part}' is not value:cost with a positive value (e.g. 0.1:0.1,1:1).");
            rungs.Add((value, RunsCommand.ParseCost(pieces[1]), pieces[0]));
        }
        if (rungs.Count == 0) throw new CliException("--fidelities names no rung.");
        if (rungs.Select(r => r.Value).Distinct().Count() != rungs.Count) throw new CliException("--fidelities names a value twice.");
        var max = rungs.Max(r => r.Value);
        return rungs.OrderBy(r => r.Value).Select(r => new FidelitySpec { Name = r.Name, Value = r.Value / max, Cost = r.Cost }).ToArray();
    }
}
