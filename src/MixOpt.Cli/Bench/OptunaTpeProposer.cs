using System.Globalization;
using System.Text.Json.Nodes;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Optuna's TPE as a peer strategy (Peers/optuna_tpe.py), at the target fidelity only. Optuna samples on the
/// unit cube and the script maps that onto the simplex with the Dirichlet reparameterization of Optuna's FAQ.
/// In a pool, the asked mixture is snapped to the nearest unused target row, and what Optuna is told is that
/// row (the point actually evaluated). It recommends its best observed run.
/// </summary>
public sealed class OptunaTpeProposer(int seed) : IProposer, IDisposable
{
    public const string StrategyName = "optuna-tpe";

    private PeerSession? _session;
    private int _told;

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        _session ??= new PeerSession("optuna_tpe.py",
            ["--seed", seed.ToString(CultureInfo.InvariantCulture), "--domains", context.Domains.ToString(CultureInfo.InvariantCulture),
             "--direction", context.Study.Objective.Minimize ? "minimize" : "maximize"]);
        var target = context.Target.Value;
        for (; _told < context.Observations.Count; _told++)
        {
            var o = context.Observations[_told];
            if (o.Fidelity != target) continue;
            _session.Request(new JsonObject { ["op"] = "tell", ["weights"] = new JsonArray(o.Mixture.Weights.Select(w => (JsonNode)w).ToArray()), ["value"] = o.Value });
        }

        var batch = new List<Proposal>(count);
        for (var i = 0; i < count; i++)
        {
            var weights = PeerSession.Doubles(_session.Request(new JsonObject { ["op"] = "ask" })["weights"]);
            var asked = Mixture.Normalize(weights);
            var proposal = context.Pool is { } pool ? Nearest(pool, asked, target, context, batch) : new Proposal(asked, target);
            if (proposal is null) break;
            batch.Add(proposal);
        }
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context)
    {
        var best = BestObservation.Find(context.Observations, context.Study.Objective, context.Target.Value);
        return best is null ? null : new Recommendation(best.Mixture, best.Value, 0, "best observed");
    }

    private static Proposal? Nearest(IReadOnlyList<Proposal> pool, Mixture asked, double target, ProposalContext context, List<Proposal> batch)
    {
        Proposal? best = null;
        var bestDistance = double.PositiveInfinity;
        foreach (var p in pool)
        {
            if (p.Fidelity != target || context.IsKnown(p) || batch.Contains(p)) continue;
            var d = 0.0;
            for (var j = 0; j < asked.Count; j++) { var e = p.Mixture[j] - asked[j]; d += e * e; }
            if (d < bestDistance) { bestDistance = d; best = p; }
        }
        return best;
    }

    public void Dispose() => _session?.Dispose();
}
