using MixOpt.Core.MultiObjective;
using MixOpt.Core.Randomness;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The closed loop on <see cref="TwoObjectiveFamily"/>: a strategy proposes one run at a time (cost 1 each), observes
/// both objectives with noise, and after each run is scored by the hypervolume of the noise-free values of every
/// mixture it has run, as a fraction of the true front's (1 = the whole front found). Returns that fraction per run.
/// </summary>
public static class MultiObjectiveBenchmark
{
    public static StudySpec Study(TwoObjectiveFamily family, string strategy) => new()
    {
        Name = "bench multiobjective",
        Domains = Enumerable.Range(0, family.Domains).Select(i => new DomainSpec { Name = "d" + i }).ToArray(),
        Budget = new BudgetSpec { Runs = 100_000 },
        Strategy = strategy,
        Executor = ExecutorNames.External,
        Seed = family.Seed,
        Objectives = TwoObjectiveFamily.Metrics.Select(m => new ObjectiveSpec { Metric = m }).ToArray(),
    };

    public static double[] Run(TwoObjectiveFamily family, IProposer proposer, int runs)
    {
        try
        {
            var study = Study(family, proposer.Name);
            var observations = new List<Observation>();
            var found = new List<double[]>();
            var ratios = new double[runs];
            var truth = family.TrueHypervolume();
            for (var round = 0; observations.Count < runs; round++)
            {
                var batch = proposer.Propose(new ProposalContext(study, observations.ToArray(), [], round), 1);
                if (batch.Count == 0) throw new InvalidOperationException($"strategy {proposer.Name} proposed nothing at run {observations.Count}.");
                var p = batch[0];
                // The noise seed counts runs, so every strategy's k-th run has the same luck.
                var values = family.Sample(p.Mixture.Weights, SeedMixer.Mix(family.Seed, observations.Count, 0x40B1));
                observations.Add(new Observation(p.Mixture, p.Fidelity, values[0]) { ObjectiveValues = values });
                found.Add(family.Expected(p.Mixture.Weights));
                ratios[observations.Count - 1] = Hypervolume.Of(found, family.Reference) / truth;
            }
            return ratios;
        }
        finally
        {
            (proposer as IDisposable)?.Dispose();
        }
    }
}
