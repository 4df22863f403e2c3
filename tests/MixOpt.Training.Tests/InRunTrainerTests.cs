using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Tests;

/// <summary>The trainer's in-run hook with Aioli on a tiny shape.</summary>
public class InRunTrainerTests
{
    private static readonly TrainingOptions Options = new() { Threads = 1, Seed = 11, Device = "cpu", EvaluationSequences = 16 };

    [Fact]
    public async Task Aioli_trains_every_step_through_the_hook_and_records_its_trajectory()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh", seed: 1);
        await temp.AddPatternDomainAsync("digits", "0123456789", seed: 2);
        await temp.AddPatternDomainAsync("symbols", "!@#$%^&*", seed: 3);
        IReadOnlyList<DomainShard> shards = [await ShardReader.ReadAsync(temp.Store, "letters"), await ShardReader.ReadAsync(temp.Store, "digits"), await ShardReader.ReadAsync(temp.Store, "symbols")];
        const int steps = 60;
        var method = new AioliMethod(Mixture.Uniform(3), steps, new AioliOptions { Rounds = 3, ProbeSteps = 2, StepSize = 0.5 }, MixtureConstraints.None(3), seed: 4);

        var result = InRunTrainer.Train(shards, method, ModelLadder.Tiny, Options, steps);

        // Probes count in the budget (the paper's accounting) but are restored: only the kept steps are on the curve.
        var probeSteps = result.Segments.Where(s => s.Phase == InRunSegment.ProbePhase).Sum(s => s.Steps);
        Assert.Equal(3 * 3 * 2, probeSteps);
        Assert.Equal(steps - probeSteps, result.Training.LossCurve.Count);
        Assert.Equal(steps, result.Segments.Sum(s => s.Steps));
        Assert.Equal(0, result.OverheadSteps);
        Assert.Equal(3, result.Rounds.Count);
        Assert.Equal(9, result.Segments.Count(s => s.Phase == InRunSegment.ProbePhase));
        Assert.All(result.Rounds, r => Assert.All(r.Losses, l => Assert.True(double.IsFinite(l) && l > 0)));
        Assert.True(result.Rounds[^1].Losses.Average() < result.Rounds[0].Losses.Average(), "validation loss falls over the rounds");
        // The update moved the proportions away from uniform, and the loader drew what the segments asked for.
        Assert.Contains(result.Rounds, r => Math.Abs(r.Proportions[0] - 1 / 3.0) > 1e-3);
        // Restored probes draw from their own stream: the training loader's rows are the kept segments'.
        var kept = result.Segments.Where(s => !s.RestoresParameters).ToArray();
        var expected = Enumerable.Range(0, 3).Select(d => kept.Sum(s => s.Steps * s.Proportions[d]) / kept.Sum(s => s.Steps)).ToArray();
        for (var d = 0; d < 3; d++) Assert.Equal(expected[d], result.Training.MeasuredProportions[d], 1);
        Assert.Equal(method.Recommended, result.Recommended);
    }

    [Fact]
    public async Task Probes_outside_the_budget_leave_the_model_as_many_kept_steps_as_a_fixed_mixture_run()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh", seed: 1);
        await temp.AddPatternDomainAsync("digits", "0123456789", seed: 2);
        IReadOnlyList<DomainShard> shards = [await ShardReader.ReadAsync(temp.Store, "letters"), await ShardReader.ReadAsync(temp.Store, "digits")];
        const int steps = 40;
        var options = new AioliOptions { Rounds = 2, ProbeSteps = 3, ProbesInBudget = false, WarmupSteps = 10 };
        var method = new AioliMethod(Mixture.Uniform(2), steps, options, MixtureConstraints.None(2), seed: 4);

        var result = InRunTrainer.Train(shards, method, ModelLadder.Tiny, Options, steps);

        Assert.Equal(steps, result.Training.LossCurve.Count);
        Assert.Equal(2 * 2 * 3, result.OverheadSteps);
        Assert.Equal(steps + result.OverheadSteps, result.Segments.Sum(s => s.Steps));
        Assert.Equal(InRunSegment.WarmupPhase, result.Segments[0].Phase);
        Assert.Equal(10, result.Segments[0].Steps);
        Assert.Equal((steps + result.OverheadSteps) * ModelLadder.Tiny.TokensPerStep, result.Training.Tokens);
        Assert.Equal(Enumerable.Range(1, steps), result.Training.LossCurve.Select(p => p.Step));
    }
}
