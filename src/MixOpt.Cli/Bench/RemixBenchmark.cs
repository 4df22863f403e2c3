using System.Globalization;
using MixOpt.Core.Campaigns;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Cli.Bench;

/// <summary>One seed of <c>bench remix</c>: what the re-mix and the full recomputation spent and how good their mixtures are.</summary>
public sealed record RemixSeedResult(
    int Seed, IReadOnlyList<string> Changed, int FullRuns, int RemixRuns,
    double FullRegret, double RemixRegret, double ReuseRegret, double RemixVsFull, double ReuseVsFull);

/// <summary>
/// The re-mix action of a campaign on the simulated mixing-law oracle: the corpus had an optimum (the previous
/// firing's mixture); then <c>changed</c> of its domains change (their columns of the oracle's T, how training on them
/// moves every loss, are drawn again). A full recomputation searches every domain with the full run budget; the re-mix
/// searches the changed domains plus the rest frozen as one block (their previous ratios), with the budget scaled to
/// its dimensions (<see cref="MixtureReuse.ReducedRuns"/>), on the same seed. Regret is the noise-free mean loss of
/// each one's best observed mixture (what a campaign firing records) on the changed corpus.
/// </summary>
public static class RemixBenchmark
{
    public static RemixSeedResult Run(int domains, int changed, int fullRuns, string strategy, int batch, int seed)
    {
        var names = Enumerable.Range(0, domains).Select(i => "d" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var objective = new ObjectiveSpec();
        var before = MixingLawOracle.Create(null, domains, seed);
        var previous = before.Optimum(objective, names).Mixture;

        // The changed domains, drawn from the seed; their T columns redrawn as SimulatorParameters draws them.
        var random = new Random(SeedMixer.Mix(seed, 0x4E31));
        var changedIdx = Enumerable.Range(0, domains).OrderBy(_ => random.Next()).Take(changed).Order().ToArray();
        var t = before.Spec.T!.Select(r => r.ToArray()).ToArray();
        foreach (var j in changedIdx)
            for (var i = 0; i < domains; i++)
                t[i][j] = i == j ? -(1.5 + 2.5 * random.NextDouble()) : -0.6 + 0.9 * random.NextDouble();
        var after = MixingLawOracle.Create(before.Spec with { T = t }, domains, seed);
        var optimum = after.Optimum(objective, names).Value;
        double Loss(Mixture m) => after.Objective(m, objective, names);

        // The full recomputation: every domain, the full budget.
        var full = Search(names, strategy, seed, fullRuns, batch, m => m, after, objective, names);

        // The re-mix: the changed domains plus the unchanged ones as one frozen block.
        var tokens = names.ToDictionary(n => n, _ => 1000L);
        var changedTokens = new Dictionary<string, long>(tokens);
        foreach (var j in changedIdx) changedTokens[names[j]] = 2000;
        var reuse = MixtureReuse.Plan(names, CorpusDiff.Compute(tokens, changedTokens, 0.05),
            names.Select((n, i) => (n, w: previous[i])).ToDictionary(p => p.n, p => p.w));
        var remixRuns = MixtureReuse.ReducedRuns(fullRuns, reuse.SearchDomains.Count, domains);
        var remix = reuse.Expand(Search(reuse.SearchDomains.ToArray(), strategy, seed, remixRuns, batch, reuse.Expand, after, objective, names));

        return new RemixSeedResult(seed, changedIdx.Select(j => names[j]).ToList(), fullRuns, remixRuns,
            Loss(full) - optimum, Loss(remix) - optimum, Loss(previous) - optimum, Loss(remix) - Loss(full), Loss(previous) - Loss(full));
    }

    /// <summary>A study's loop over <paramref name="space"/>: proposals in batches, noisy observations; the best observed mixture.</summary>
    private static Mixture Search(string[] space, string strategy, int seed, int runs, int batch, Func<Mixture, Mixture> toCorpus,
        MixingLawOracle oracle, ObjectiveSpec objective, string[] names)
    {
        var study = new StudySpec
        {
            Name = "remix-bench", Domains = space.Select(n => new DomainSpec { Name = n }).ToArray(), Objective = objective,
            Budget = new BudgetSpec { Runs = runs, Parallelism = batch }, Strategy = strategy, Seed = seed,
        };
        var proposer = ProposerCatalog.Create(strategy);
        try
        {
            var observations = new List<Observation>();
            for (var round = 0; observations.Count < runs; round++)
            {
                var context = new ProposalContext(study, observations.ToArray(), [], round);
                var proposals = proposer.Propose(context, Math.Min(batch, runs - observations.Count));
                if (proposals.Count == 0) break;
                foreach (var p in proposals)
                {
                    // The noise seed counts runs, as bench oracle's does; both searches see the same noise stream.
                    var metrics = oracle.Sample(toCorpus(p.Mixture), 1.0, names, SeedMixer.Mix(seed, observations.Count, 0x0AC1));
                    observations.Add(new Observation(p.Mixture, p.Fidelity, objective.Score(metrics, names)));
                }
            }
            return observations.MinBy(o => o.Value)!.Mixture;
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
    }
}
