using System.Globalization;
using System.Text.Json.Nodes;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// One of Optuna's multi-objective samplers (NSGA-II or TPE) as a peer strategy (Peers/optuna_moo.py), at the target
/// fidelity, every objective minimized (the benchmark's are). Each asked trial stays open until its run's values are
/// told, in the order the runs were observed. It recommends its best observed run on the first objective.
/// </summary>
public sealed class OptunaMultiObjectiveProposer(string sampler, int seed, int population = 10) : IProposer, IDisposable
{
    public const string NsgaName = "optuna-nsga2";
    public const string TpeName = "optuna-motpe";

    private PeerSession? _session;
    private readonly Queue<int> _asked = new();
    private int _told;

    public string Name => sampler == "nsga2" ? NsgaName : TpeName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        _session ??= new PeerSession("optuna_moo.py",
            ["--seed", seed.ToString(CultureInfo.InvariantCulture), "--domains", context.Domains.ToString(CultureInfo.InvariantCulture),
             "--objectives", "2", "--sampler", sampler, "--population", population.ToString(CultureInfo.InvariantCulture)]);
        for (; _told < context.Observations.Count; _told++)
        {
            var values = context.Observations[_told].ObjectiveValues ?? throw new InvalidOperationException("a multi-objective observation lacks its values.");
            _session.Request(new JsonObject { ["op"] = "tell", ["trial"] = _asked.Dequeue(), ["values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()) });
        }
        var batch = new List<Proposal>(count);
        for (var i = 0; i < count; i++)
        {
            var reply = _session.Request(new JsonObject { ["op"] = "ask" });
            _asked.Enqueue((int)reply["trial"]!);
            batch.Add(new Proposal(Mixture.Normalize(PeerSession.Doubles(reply["weights"])), context.Target.Value));
        }
        return batch;
    }

    public Recommendation? Recommend(ProposalContext context) => context.BestObserved();

    public void Dispose() => _session?.Dispose();
}
