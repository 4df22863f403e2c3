using System.Globalization;
using MixOpt.Cli.Commands;
using MixOpt.Core.Mixtures;
using MixOpt.Core.RunTables;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// A retrospective optimization problem built from a pool table (as ADMIRE-BayesOpt evaluates): strategies may
/// only run pool rows, each at its row's fidelity and cost, and the truth is each row's recorded metric.
/// Fidelities are passed to strategies relative to the target (target = 1), the convention of
/// <see cref="Proposal"/>; rows above the target fidelity are left out.
/// The "top 1%" are the best <see cref="TopCount"/> = ⌈n/100⌉ of the n target-fidelity rows (ties with the last
/// one included): for RegMix's 256 target rows that is 3 rows.
/// </summary>
public sealed class PoolProblem
{
    private readonly double[] _values;
    private readonly double[] _costs;

    public PoolProblem(RunTable table, string target, bool minimize, double? targetFidelity, int seed)
    {
        var metric = table.MetricIndex(target);
        table.RequireMetric(metric);
        var fidelities = table.HasFidelity ? table.Fidelities : [1.0];
        var targetValue = targetFidelity ?? fidelities[^1];
        if (!fidelities.Contains(targetValue))
            throw new CliException($"{table.Source}: no rows at target fidelity {targetValue.ToString(CultureInfo.InvariantCulture)}; the table has {string.Join(", ", fidelities)}.");
        var rows = table.Rows.Where(r => (r.Fidelity ?? targetValue) <= targetValue).ToArray();
        Dropped = table.Rows.Count - rows.Length;
        TargetFidelity = targetValue;

        Objective = new ObjectiveSpec { Metric = RunTableColumns.MetricPrefix + table.Metrics[metric], Direction = minimize ? "minimize" : "maximize" };
        Pool = rows.Select(r => new Proposal(Mixture.Create(r.Weights), (r.Fidelity ?? targetValue) / targetValue)).ToArray();
        _values = rows.Select(r => r.Metrics[metric]).ToArray();
        _costs = rows.Select(r => r.Cost).ToArray();
        TargetRows = Enumerable.Range(0, rows.Length).Where(i => Pool[i].Fidelity == 1.0).ToArray();

        var ladder = rows.GroupBy(r => r.Fidelity ?? targetValue).OrderBy(g => g.Key).Select(g => new FidelitySpec
        {
            Name = g.Key.ToString(CultureInfo.InvariantCulture),
            Value = g.Key / targetValue,
            Cost = g.Average(r => r.Cost),
        }).ToArray();
        var targetCost = ladder[^1].Cost;
        TargetBudget = TargetRows.Sum(i => _costs[i]);
        Study = new StudySpec
        {
            Name = "pool:" + Path.GetFileName(table.Source),
            Domains = table.Domains.Select(d => new DomainSpec { Name = d }).ToArray(),
            Objective = Objective,
            Fidelities = ladder,
            Budget = new BudgetSpec { Runs = (int)Math.Ceiling(TargetBudget / targetCost), Parallelism = 1 },
            Strategy = "bench",
            Seed = seed,
        };

        var ranked = TargetRows.Select(i => _values[i]).OrderBy(v => minimize ? v : -v).ToArray();
        Best = ranked[0];
        TopCount = (int)Math.Ceiling(TargetRows.Count / 100.0);
        TopThreshold = ranked[TopCount - 1];
    }

    public StudySpec Study { get; }
    public ObjectiveSpec Objective { get; }
    public IReadOnlyList<Proposal> Pool { get; }
    public IReadOnlyList<int> TargetRows { get; }
    public int Dropped { get; }
    /// <summary>The target fidelity in the table's own units.</summary>
    public double TargetFidelity { get; }
    /// <summary>What running every target-fidelity row once costs: the default budget (random search is then sure to finish).</summary>
    public double TargetBudget { get; }
    public double Best { get; }
    public int TopCount { get; }
    public double TopThreshold { get; }

    public double Value(int row) => _values[row];
    public double Cost(int row) => _costs[row];

    public bool InTop(double value) => Objective.Minimize ? value <= TopThreshold : value >= TopThreshold;

    /// <summary>How much worse than the best target row <paramref name="value"/> is (≥ 0).</summary>
    public double Regret(double value) => Objective.Minimize ? value - Best : Best - value;

    /// <summary>The unused pool row a proposal names (same fidelity, same mixture within tolerance), or -1.</summary>
    public int Match(Proposal proposal, bool[] used)
    {
        for (var i = 0; i < Pool.Count; i++)
            if (!used[i] && ReferenceEquals(Pool[i].Mixture, proposal.Mixture) && Pool[i].Fidelity == proposal.Fidelity) return i;
        for (var i = 0; i < Pool.Count; i++)
            if (!used[i] && Math.Abs(Pool[i].Fidelity - proposal.Fidelity) < 1e-12 && Pool[i].Mixture.Equals(proposal.Mixture)) return i;
        return -1;
    }

    /// <summary>
    /// The target-fidelity row closest (Euclidean) to a recommended mixture. Strategies that recommend a pool row
    /// get exactly it; one that recommends a new mixture (e.g. RegMix's top-k mean) is scored by its nearest row.
    /// </summary>
    public int NearestTarget(Mixture mixture)
    {
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        foreach (var i in TargetRows)
        {
            var m = Pool[i].Mixture;
            var d = 0.0;
            for (var j = 0; j < m.Count; j++) { var e = m[j] - mixture[j]; d += e * e; }
            if (d < bestDistance) { bestDistance = d; best = i; }
        }
        return best;
    }
}
