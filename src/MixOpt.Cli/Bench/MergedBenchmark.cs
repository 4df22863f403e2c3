using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;
using MixOpt.Training.Execution;

namespace MixOpt.Cli.Bench;

/// <summary>
/// <c>bench merged</c> on a real corpus (the demo corpus by default) with the builtin trainer: (1) how well the merged
/// rung ranks mixtures like proxies trained on them (Spearman over sampled mixtures) and what scoring them costs each
/// way; (2) per seed, an mfbo study whose cheapest rung is merged against an mfbo study on the trained rung alone, same
/// cost budget, each run sequentially through the executor: the cost each needs to reach the regret the one without
/// merging ends with. Regret is against the best trained loss any run of that seed found (the true optimum is unknown).
/// </summary>
public sealed class MergedBenchmark(string shardsPath, IReadOnlyList<string> domains, int threads, int? steps, double mergedCost)
{
    public const double MergedValue = 0.5;
    public const double TargetValue = 1.0;
    public const double TargetCost = 1.0;

    public sealed record MixtureScore(IReadOnlyList<double> Mixture, double MergedLoss, double TrainedLoss, double MergedSeconds, double TrainedSeconds);

    public sealed record CorrelationResult(int Seed, IReadOnlyList<MixtureScore> Mixtures, double Spearman, double MergedCostUnits, double TrainedCostUnits,
        double MergedSeconds, double TrainedSeconds, double SetupSeconds);

    /// <summary>One run of a study; <c>BestTargetSoFar</c> is null until the study's first target run.</summary>
    public sealed record StudyStep(double Fidelity, double Cost, double CumulativeCost, double Value, double? BestTargetSoFar);

    public sealed record StudyRace(int Seed, IReadOnlyList<StudyStep> WithMerged, IReadOnlyList<StudyStep> TrainedOnly, double Reference,
        double FinalRegretTrainedOnly, double FinalRegretWithMerged, double? CostToMatchWithMerged, double? CostToMatchTrainedOnly);

    private StudySpec Study(int seed, bool merged, double budget) => new()
    {
        Name = merged ? "bench-merged" : "bench-trained-only",
        Domains = domains.Select(d => new DomainSpec { Name = d }).ToArray(),
        Executor = ExecutorNames.Builtin,
        Strategy = "mfbo",
        Seed = seed,
        Budget = new BudgetSpec { Cost = budget, Parallelism = 1 },
        Fidelities = merged
            ? [new FidelitySpec { Name = "merged", Model = "tiny", Kind = MergedRung.Kind, Value = MergedValue, Cost = mergedCost },
               new FidelitySpec { Name = "tiny", Model = "tiny", Value = TargetValue, Cost = TargetCost }]
            : [new FidelitySpec { Name = "tiny", Model = "tiny", Value = TargetValue, Cost = TargetCost }],
    };

    private TorchSharpExecutor Executor() =>
        TorchSharpExecutor.Create(new TorchSharpExecutorOptions { ShardsPath = shardsPath, Threads = threads, Device = "cpu", Steps = steps, SaveArtifacts = false }, new MergedBenchArtifacts());

    /// <summary>Scores <paramref name="count"/> Dirichlet(1) mixtures both ways; the first merged run pays for the per-domain trainings.</summary>
    public async Task<CorrelationResult> CorrelateAsync(int seed, int count, CancellationToken ct)
    {
        var study = Study(seed, merged: true, budget: 1e9);
        var executor = Executor();
        var sampler = DirichletSampler.Uniform(domains.Count, 1.0, seed);
        var scores = new List<MixtureScore>(count);
        double mergedUnits = 0, trainedUnits = 0, setupSeconds = 0;
        for (var i = 0; i < count; i++)
        {
            var mixture = sampler.Next();
            var merged = await executor.ExecuteAsync(new RunRequest(Guid.Empty, Guid.NewGuid(), i + 1, 1, study, mixture, MergedValue), ct);
            var trained = await executor.ExecuteAsync(new RunRequest(Guid.Empty, Guid.NewGuid(), i + 1, 1, study, mixture, TargetValue), ct);
            mergedUnits += merged.Cost;
            trainedUnits += trained.Cost;
            if (i == 0) setupSeconds = merged.Seconds;
            scores.Add(new MixtureScore(mixture.ToArray(), Mean(merged), Mean(trained), merged.Seconds, trained.Seconds));
        }
        var spearman = RankCorrelation.Spearman(scores.Select(s => s.MergedLoss).ToArray(), scores.Select(s => s.TrainedLoss).ToArray());
        return new CorrelationResult(seed, scores, spearman, mergedUnits, trainedUnits, scores.Sum(s => s.MergedSeconds), scores.Sum(s => s.TrainedSeconds), setupSeconds);
    }

    /// <summary>The two mfbo studies of one seed under the same cost budget (in target-run costs).</summary>
    public async Task<StudyRace> RaceAsync(int seed, double budget, CancellationToken ct)
    {
        var with = await RunStudyAsync(Study(seed, merged: true, budget), ct);
        var without = await RunStudyAsync(Study(seed, merged: false, budget), ct);
        var reference = with.Concat(without).Where(s => s.Fidelity == TargetValue).Select(s => s.Value).DefaultIfEmpty(double.NaN).Min();
        var finalWithout = without.LastOrDefault(s => s.Fidelity == TargetValue)?.BestTargetSoFar ?? double.NaN;
        var finalWith = with.LastOrDefault(s => s.Fidelity == TargetValue)?.BestTargetSoFar ?? double.NaN;
        // The regret the study without merging ends with, and what each study spent to first reach it.
        double? CostToReach(IReadOnlyList<StudyStep> steps) => steps.FirstOrDefault(s => s.BestTargetSoFar <= finalWithout)?.CumulativeCost;
        return new StudyRace(seed, with, without, reference, finalWithout - reference, finalWith - reference, CostToReach(with), CostToReach(without));
    }

    private async Task<IReadOnlyList<StudyStep>> RunStudyAsync(StudySpec study, CancellationToken ct)
    {
        var executor = Executor();
        var proposer = ProposerCatalog.Create(study.Strategy);
        var observations = new List<Observation>();
        var steps = new List<StudyStep>();
        double spent = 0, best = double.PositiveInfinity;
        for (var round = 0; ; round++)
        {
            var context = new ProposalContext(study, observations, [], round);
            var proposal = proposer.Propose(context, 1).FirstOrDefault();
            if (proposal is null || spent + context.CostOf(proposal.Fidelity) > study.Budget.Cost!.Value + 1e-9) break;
            var outcome = await executor.ExecuteAsync(new RunRequest(Guid.Empty, Guid.NewGuid(), round + 1, 1, study, proposal.Mixture, proposal.Fidelity), ct);
            var value = study.Objective.Score(outcome.Metrics, study.DomainNames);
            observations.Add(new Observation(proposal.Mixture, proposal.Fidelity, value));
            spent += outcome.Cost;
            if (proposal.Fidelity == TargetValue) best = Math.Min(best, value);
            steps.Add(new StudyStep(proposal.Fidelity, outcome.Cost, spent, value, double.IsFinite(best) ? best : null));
        }
        return steps;
    }

    private static double Mean(RunOutcome outcome) => outcome.Metrics.Values.Average();
}
