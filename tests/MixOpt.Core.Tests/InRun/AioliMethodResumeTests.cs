using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.InRun;

/// <summary>
/// An external run's Aioli rebuilt from its recorded rounds (after a restart) answers as the method that never stopped:
/// the same segments, proportions and rounds from the last round boundary on.
/// </summary>
public class AioliMethodResumeTests
{
    private static readonly double[,] Law = { { 0.02, 0.000, 0.000 }, { 0.01, 0.004, 0.000 }, { 0.01, 0.000, 0.002 } };
    // As the rounds endpoint builds it for external trainers, which do not restore parameters after a probe.
    private static readonly AioliOptions Options = new() { Rounds = 4, ProbeSteps = 2, StepSize = 0.5, RestoreAfterProbe = false };

    private static AioliMethod Fresh() => new(Mixture.Uniform(3), 103, Options, MixtureConstraints.None(3), seed: 5);

    /// <summary>Drives <paramref name="method"/> from <paramref name="step"/> and <paramref name="losses"/> until it is done; every segment it answers.</summary>
    private static List<InRunSegment> Drive(AioliMethod method, int step, double[] losses)
    {
        var segments = new List<InRunSegment>();
        for (var segment = method.Next(new InRunReport(step, losses)); segment is not null; segment = method.Next(new InRunReport(step, losses)))
        {
            segments.Add(segment);
            for (var s = 0; s < segment.Steps; s++)
                for (var j = 0; j < 3; j++)
                    losses[j] -= Enumerable.Range(0, 3).Sum(i => Law[j, i] * segment.Proportions[i]);
            step += segment.Steps;
        }
        return segments;
    }

    [Fact]
    public void A_method_resumed_after_two_rounds_answers_the_same_segments_as_the_one_that_went_on()
    {
        var whole = Fresh();
        var all = Drive(whole, 0, [5.0, 5.0, 5.0]);
        Assert.Equal(4, whole.Rounds.Count);

        var resumed = Fresh();
        resumed.Resume(whole.Rounds.Take(2).ToList());
        Assert.Equal(whole.Rounds[1].Proportions, resumed.Current.ToArray());
        // Round 2 starts at round 1's report: the resumed method is handed that report again, as a retry after a lost reply.
        var rest = Drive(resumed, whole.Rounds[1].Step, whole.Rounds[1].Losses.ToArray());

        var segmentsOfTwoRounds = all.Count / 2;
        // Proportions to 12 digits: the resumed method starts from the recorded (normalized) proportions, which may
        // differ from the live method's in the last bit.
        Assert.Equal(all.Skip(segmentsOfTwoRounds).Select(Key), rest.Select(Key));
        Assert.Equal(whole.Rounds.Select(r => r.Step), resumed.Rounds.Select(r => r.Step));
        Assert.Equal(whole.Recommended.ToArray().Select(Round12), resumed.Recommended.ToArray().Select(Round12));
    }

    private static double Round12(double value) => Math.Round(value, 12);

    private static (string, int, int, string) Key(InRunSegment s) =>
        (s.Phase, s.Round, s.Steps, string.Join(",", s.Proportions.ToArray().Select(p => Round12(p).ToString("R"))));

    [Fact]
    public void Resuming_rounds_of_another_shape_or_a_started_method_is_refused()
    {
        var method = Fresh();
        Assert.Throws<ArgumentException>(() => method.Resume([new InRunRound(0, 10, [0.5, 0.5], [1.0, 1.0])]));
        Assert.Throws<ArgumentException>(() => method.Resume([new InRunRound(1, 10, [0.2, 0.3, 0.5], [1.0, 1.0, 1.0])]));
        var started = Fresh();
        started.Next(new InRunReport(0, [5.0, 5.0, 5.0]));
        Assert.Throws<InvalidOperationException>(() => started.Resume([new InRunRound(0, 10, [0.2, 0.3, 0.5], [1.0, 1.0, 1.0])]));
    }
}
