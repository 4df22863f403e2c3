using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.InRun;

/// <summary>Aioli's round plan driven by a synthetic linear law in place of a trainer.</summary>
public class AioliMethodTests
{
    /// <summary>Per step, domain j's loss falls by Σ_i A_ji p_i: domain 0 helps every domain, domain 2 only itself a little.</summary>
    private static readonly double[,] Law = { { 0.02, 0.000, 0.000 }, { 0.01, 0.004, 0.000 }, { 0.01, 0.000, 0.002 } };

    private static (AioliMethod Method, List<InRunSegment> Segments, int Trained) Drive(AioliOptions options, int steps, MixtureConstraints? constraints = null)
    {
        var method = new AioliMethod(Mixture.Uniform(3), steps, options, constraints ?? MixtureConstraints.None(3), seed: 5);
        var losses = new[] { 5.0, 5.0, 5.0 };
        var segments = new List<InRunSegment>();
        var step = 0;
        var segment = method.Next(new InRunReport(0, losses));
        while (segment is not null)
        {
            segments.Add(segment);
            var before = losses.ToArray();
            for (var s = 0; s < segment.Steps; s++)
                for (var j = 0; j < 3; j++)
                    losses[j] -= Enumerable.Range(0, 3).Sum(i => Law[j, i] * segment.Proportions[i]);
            if (segment.CountsInBudget) step += segment.Steps;
            var report = new InRunReport(step, losses.ToArray());
            // A trainer restores the model after a look-ahead probe's report: the losses go back with it.
            if (segment.RestoresParameters) losses = before;
            segment = method.Next(report);
        }
        return (method, segments, step);
    }

    [Fact]
    public void Spends_exactly_the_step_budget_in_probes_and_training_and_records_every_round()
    {
        var (method, segments, trained) = Drive(new AioliOptions { Rounds = 4, ProbeSteps = 2 }, 103);
        Assert.Equal(103, trained);
        Assert.Equal(4, method.Rounds.Count);
        Assert.Equal(4 * 3, segments.Count(s => s.Phase == InRunSegment.ProbePhase));
        Assert.Equal(4, segments.Count(s => s.Phase == InRunSegment.TrainPhase));
        Assert.Equal(103, method.Rounds[^1].Step);
        Assert.Equal(0, method.UnfittedRounds);
    }

    [Fact]
    public void Moves_weight_to_the_domain_that_lowers_every_loss()
    {
        var (method, _, _) = Drive(new AioliOptions { Rounds = 5, ProbeSteps = 2, StepSize = 0.5 }, 200);
        var trajectory = method.Rounds.Select(r => r.Proportions[0]).ToArray();
        Assert.True(trajectory[^1] > 0.6, $"domain 0 ended at {trajectory[^1]}");
        Assert.True(trajectory.Zip(trajectory.Skip(1)).All(x => x.Second >= x.First - 1e-12), "domain 0's share only grows under this law");
        Assert.Equal(method.Current, method.Recommended);
    }

    [Fact]
    public void The_average_recommendation_is_the_mean_of_the_rounds()
    {
        var (method, _, _) = Drive(new AioliOptions { Rounds = 5, ProbeSteps = 2, StepSize = 0.5, Recommend = AioliRecommendation.Average }, 200);
        var mean = Enumerable.Range(0, 3).Select(i => method.Rounds.Average(r => r.Proportions[i])).ToArray();
        for (var i = 0; i < 3; i++) Assert.Equal(mean[i], method.Recommended[i], 9);
        Assert.NotEqual(method.Current, method.Recommended);
    }

    [Fact]
    public void Every_segment_respects_the_constraints()
    {
        var constraints = MixtureConstraints.Create(3, minimum: [0, 0.2, 0], maximum: [0.5, 1, 1]);
        var (_, segments, _) = Drive(new AioliOptions { Rounds = 5, ProbeSteps = 2, StepSize = 1 }, 200, constraints);
        Assert.All(segments, s => Assert.True(constraints.IsSatisfiedBy(s.Proportions, 1e-9), $"{s.Phase} round {s.Round}: {string.Join(", ", s.Proportions.Weights)}"));
        Assert.Contains(segments, s => s.Phase == InRunSegment.TrainPhase && Math.Abs(s.Proportions[0] - 0.5) < 1e-9);
    }

    [Fact]
    public void A_run_too_short_for_its_rounds_is_refused_with_the_numbers()
    {
        var e = Assert.Throws<ArgumentException>(() => new AioliMethod(Mixture.Uniform(3), 30, new AioliOptions { Rounds = 10, ProbeSteps = 1 }, MixtureConstraints.None(3), 0));
        Assert.Contains("3 steps per round", e.Message);
    }

    [Fact]
    public void A_report_with_a_non_finite_loss_or_the_wrong_count_is_refused()
    {
        var method = new AioliMethod(Mixture.Uniform(3), 100, new AioliOptions { Rounds = 2 }, MixtureConstraints.None(3), 0);
        Assert.Throws<ArgumentException>(() => method.Next(new InRunReport(0, [1.0, double.NaN, 1.0])));
        Assert.Throws<ArgumentException>(() => method.Next(new InRunReport(0, [1.0, 1.0])));
        Assert.NotNull(method.Next(new InRunReport(0, [1.0, 1.0, 1.0])));
    }

    [Fact]
    public void Restored_probes_are_measured_from_the_rounds_start_and_recover_the_law()
    {
        var (method, segments, _) = Drive(new AioliOptions { Rounds = 3, ProbeSteps = 2 }, 60);
        Assert.All(segments.Where(s => s.Phase == InRunSegment.ProbePhase), s => Assert.True(s.RestoresParameters));
        // Each probe trained 2 steps from the same losses, so the fit is 2 × the law exactly (3 probes, 3 domains).
        var a = method.LastInteractions!;
        for (var j = 0; j < 3; j++)
            for (var i = 0; i < 3; i++)
                Assert.Equal(2 * Law[j, i], a[j, i], 9);
    }

    [Fact]
    public void Probes_outside_the_budget_leave_every_budget_step_to_training_after_a_warm_up()
    {
        var options = new AioliOptions { Rounds = 4, ProbeSteps = 2, ProbesInBudget = false, WarmupSteps = 20, AverageInteractions = true, StepSize = 0.5 };
        var (method, segments, trained) = Drive(options, 100);
        Assert.Equal(100, trained);
        Assert.Equal(InRunSegment.WarmupPhase, segments[0].Phase);
        Assert.Equal(20, segments[0].Steps);
        Assert.Equal(80, segments.Where(s => s.Phase == InRunSegment.TrainPhase).Sum(s => s.Steps));
        Assert.All(segments.Where(s => s.Phase == InRunSegment.ProbePhase), s => Assert.False(s.CountsInBudget));
        Assert.Equal(4, method.Rounds.Count);
        Assert.True(method.Current[0] > method.Current[2], "the averaged fit still favours the domain that helps every loss");
    }

    [Fact]
    public void Probes_outside_the_budget_must_restore()
    {
        var e = Assert.Throws<ArgumentException>(() => new AioliMethod(Mixture.Uniform(3), 100, new AioliOptions { ProbesInBudget = false, RestoreAfterProbe = false }, MixtureConstraints.None(3), 0));
        Assert.Contains("restore", e.Message);
    }

    [Fact]
    public void Records_every_probe_with_its_sweep_and_proportions_in_the_order_planned()
    {
        var (method, segments, _) = Drive(new AioliOptions { Rounds = 2, ProbeSteps = 2, Sweeps = 2, ProbesInBudget = false }, 40);
        var probes = segments.Where(s => s.Phase == InRunSegment.ProbePhase).ToArray();
        Assert.Equal(2 * 2 * 3, probes.Length);
        Assert.Equal(probes.Length, method.Probes.Count);
        // Probes are planned sweep by sweep within each round.
        Assert.Equal([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1], method.Probes.Select(p => p.Sweep));
        Assert.Equal(probes.Select(p => p.Proportions.ToArray()), method.Probes.Select(p => p.Proportions.ToArray()));
    }
}
