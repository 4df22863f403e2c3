using MixOpt.Cli.Commands;
using MixOpt.Core.Strategies;
using MixOpt.Core.Strategies.Bayesian;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The strategies a benchmark runs: every strategy of the engine's <see cref="ProposerCatalog"/> (so new ones are
/// picked up without touching the benchmarks), plus bench-only baselines and peers.
/// </summary>
public static class BenchStrategies
{
    public static IReadOnlyList<string> Available(bool pool)
    {
        var names = ProposerCatalog.Names.ToList();
        names.Add(BoAtCheapest);
        if (pool) names.Add(ScreenThenClimbProposer.StrategyName);
        names.Add(OptunaTpeProposer.StrategyName);
        return names;
    }

    /// <summary>The strategies named in <paramref name="list"/> (comma-separated), or all of them when it is empty.</summary>
    public static IReadOnlyList<string> Select(string? list, bool pool)
    {
        var available = Available(pool);
        if (string.IsNullOrWhiteSpace(list)) return available;
        var chosen = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        foreach (var name in chosen)
            if (!available.Contains(name))
                throw new CliException($"unknown strategy '{name}'; available here: {string.Join(", ", available)}.");
        return chosen;
    }

    /// <summary>
    /// Single-fidelity bo run at the cheapest rung (strategy option <c>fidelity: "cheapest"</c>), recommending its
    /// best predicted mixture for the target: a separate row, never the same thing as target-only <c>bo</c>.
    /// </summary>
    public const string BoAtCheapest = "bo@cheapest";

    public static IProposer Create(string name, int seed) => name switch
    {
        BoAtCheapest => new BoProposer(BoRung.Cheapest),
        ScreenThenClimbProposer.StrategyName => new ScreenThenClimbProposer(),
        OptunaTpeProposer.StrategyName => new OptunaTpeProposer(seed),
        _ => ProposerCatalog.Create(name),
    };

    /// <summary>
    /// Runs per step in <c>bench pool</c>. RegMix is a batch method by design (screen a design of mixtures at the
    /// cheap scale, fit once, pick the best predicted): it gets batches of its initial design size, the first all
    /// design runs, each later one led by a target run of its recommendation. Every other strategy runs one at a time.
    /// </summary>
    public static int PoolBatchSize(string name, ProposalContext context) =>
        name == RegMixProposer.StrategyName ? context.InitialDesign() : 1;

    /// <summary>Runs per step in <c>bench oracle</c>: the command's batch, and for RegMix at least its design size (as in the pool).</summary>
    public static int OracleBatchSize(string name, ProposalContext context, int batch) =>
        name == RegMixProposer.StrategyName ? Math.Max(batch, context.InitialDesign()) : batch;

    /// <summary>Installs the Debian packages a peer among <paramref name="names"/> needs, once, before the seeds run in parallel.</summary>
    public static Task EnsurePeersAsync(IEnumerable<string> names, CancellationToken ct) =>
        names.Contains(OptunaTpeProposer.StrategyName)
            ? PythonPeer.EnsureModulesAsync(new Dictionary<string, string> { ["optuna"] = "python3-optuna" }, ct)
            : Task.CompletedTask;
}
