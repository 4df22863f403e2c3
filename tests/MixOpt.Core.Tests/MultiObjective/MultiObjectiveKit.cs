using MixOpt.Core.Mixtures;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.MultiObjective;

/// <summary>Multi-objective studies on <see cref="TwoObjectiveFamily"/> (external metrics f1, f2) and a loop that runs a strategy on them.</summary>
public static class MultiObjectiveKit
{
    public static StudySpec Study(int domains, string strategy, int seed, int objectives = 2, TradeOffSpec? tradeOff = null) => new()
    {
        Name = "moo",
        Domains = Enumerable.Range(0, domains).Select(i => new DomainSpec { Name = "d" + i }).ToArray(),
        Budget = new BudgetSpec { Runs = 100 },
        Strategy = strategy,
        Executor = ExecutorNames.External,
        Seed = seed,
        Objectives = Enumerable.Range(0, objectives).Select(k => new ObjectiveSpec { Metric = "f" + (k + 1) }).ToArray(),
        TradeOff = tradeOff,
    };

    /// <summary>
    /// Values of objective k: f1, f2 of the family, then (for more objectives) squared distances to further vertices,
    /// so 3 or 4 objectives still conflict.
    /// </summary>
    public static double[] Values(TwoObjectiveFamily family, Mixture m, int objectives)
    {
        var two = family.Expected(m.Weights);
        return Enumerable.Range(0, objectives).Select(k => k < 2 ? two[k] : 1 + Enumerable.Range(0, m.Count).Sum(d => Math.Pow(m[d] - (d == k % m.Count ? 1 : 0), 2))).ToArray();
    }

    public static Observation Observe(TwoObjectiveFamily family, Proposal p, int objectives)
    {
        var values = Values(family, p.Mixture, objectives);
        return new Observation(p.Mixture, p.Fidelity, values[0]) { ObjectiveValues = values };
    }

    public static List<Observation> Run(IProposer strategy, StudySpec study, TwoObjectiveFamily family, int rounds, int batch)
    {
        var objectives = study.ObjectiveList().Count;
        var observations = new List<Observation>();
        for (var round = 0; round < rounds; round++)
            foreach (var p in strategy.Propose(new ProposalContext(study, observations, [], round), batch))
                observations.Add(Observe(family, p, objectives));
        return observations;
    }

    public static double HypervolumeRatio(TwoObjectiveFamily family, IEnumerable<Observation> observations) =>
        Hypervolume.Of(observations.Select(o => family.Expected(o.Mixture.Weights)).ToArray(), family.Reference) / family.TrueHypervolume();
}
