using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>Small studies on the foundation's oracle, and a loop that runs a strategy against it.</summary>
public static class StrategyTestKit
{
    public static StudySpec Study(int domains, string strategy, int seed, ConstraintsSpec? constraints = null, StrategyOptions? options = null,
        IReadOnlyList<FidelitySpec>? fidelities = null, long[]? tokens = null) => new()
    {
        Name = "test",
        Domains = Enumerable.Range(0, domains).Select(i => new DomainSpec { Name = "d" + i, Tokens = tokens?[i] }).ToArray(),
        Budget = new BudgetSpec { Runs = 100 },
        Strategy = strategy,
        Seed = seed,
        Simulator = new SimulatorSpec { NoiseStd = 0.002 },
        Constraints = constraints,
        StrategyOptions = options ?? new StrategyOptions { Candidates = 20_000, Surrogate = "gp" },
        Fidelities = fidelities,
    };

    public static MixingLawOracle OracleOf(StudySpec study) => MixingLawOracle.Create(study.Simulator, study.Domains.Count, study.Seed);

    /// <summary>Noisy observation of the oracle at a fidelity (relative to the target).</summary>
    public static Observation Observe(StudySpec study, Proposal p, int ordinal)
    {
        var oracle = OracleOf(study);
        var relative = p.Fidelity / study.TargetFidelity.Value;
        var metrics = oracle.Sample(p.Mixture, relative, study.DomainNames, Randomness.SeedMixer.Mix(study.Seed, ordinal));
        return new Observation(p.Mixture, p.Fidelity, study.Objective.Score(metrics, study.DomainNames));
    }

    /// <summary>Runs <paramref name="strategy"/> for <paramref name="rounds"/> rounds of <paramref name="batch"/> and returns its observations.</summary>
    public static List<Observation> Run(IProposer strategy, StudySpec study, int rounds, int batch)
    {
        var observations = new List<Observation>();
        for (var round = 0; round < rounds; round++)
        {
            var proposals = strategy.Propose(new ProposalContext(study, observations, [], round), batch);
            foreach (var p in proposals) observations.Add(Observe(study, p, observations.Count));
        }
        return observations;
    }

    /// <summary>Target-fidelity regret of a mixture (noise-free objective minus the true optimum).</summary>
    public static double Regret(StudySpec study, Mixture m)
    {
        var oracle = OracleOf(study);
        return oracle.Objective(m, study.Objective, study.DomainNames) - oracle.Optimum(study.Objective, study.DomainNames).Value;
    }
}
