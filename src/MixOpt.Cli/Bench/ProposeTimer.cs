using System.Diagnostics;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Times the engine's proposal path: each surrogate's fit on the observations plus scoring of a million
/// candidate mixtures, and each strategy's proposal of a batch given the observations. Median of repeats.
/// </summary>
public static class ProposeTimer
{
    public const string FitScoreTask = "fit + score candidates";
    public const string BatchTask = "propose a batch";

    public static double[] Candidates(int domains, int count, int seed)
    {
        var sampler = DirichletSampler.Uniform(domains, 1.0, seed);
        var flat = new double[(long)domains * count];
        for (var i = 0; i < count; i++)
        {
            var m = sampler.Next();
            for (var j = 0; j < domains; j++) flat[(long)i * domains + j] = m[j];
        }
        return flat;
    }

    public static double FitScore(ISurrogate surrogate, SurrogateData data, double[] candidates, int repeats, int seed)
    {
        var rows = candidates.Length / data.Domains;
        var mean = new double[rows];
        var std = new double[rows];
        return Median(repeats, r =>
        {
            var fitted = surrogate.Fit(data, seed + r);
            fitted.Predict(candidates, 1.0, mean, std);
        });
    }

    /// <summary>
    /// Median seconds of one proposal of <paramref name="batch"/> runs. Each repeat gets a fresh strategy (and its own
    /// seed), so nothing a strategy keeps between calls (e.g. reused GP hyperparameters) makes a repeat cheaper.
    /// </summary>
    public static double Batch(Func<IProposer> create, IReadOnlyList<Observation> observations, int domains, int batch, int repeats, int seed, bool minimize)
    {
        var proposer = create();
        var study = new StudySpec
        {
            Name = "bench-propose",
            Domains = Enumerable.Range(0, domains).Select(i => new DomainSpec { Name = "d" + i }).ToArray(),
            Objective = new ObjectiveSpec { Metric = "m:target", Direction = minimize ? "minimize" : "maximize" },
            Budget = new BudgetSpec { Runs = observations.Count + batch, Parallelism = batch },
            Strategy = proposer.Name,
            Seed = seed,
        };
        return Median(repeats, r =>
        {
            var proposals = create().Propose(new ProposalContext(study with { Seed = seed + r }, observations, [], r), batch);
            if (proposals.Count != batch)
                throw new InvalidOperationException($"strategy {proposer.Name} proposed {proposals.Count} runs when asked for {batch}.");
        });
    }

    private static double Median(int repeats, Action<int> work)
    {
        var times = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            work(r);
            times[r] = clock.Elapsed.TotalSeconds;
        }
        return Quantiles.Median(times);
    }
}
