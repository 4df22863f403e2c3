using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;

namespace MixOpt.Training.Trainer;

/// <summary>
/// A run trained under an in-run method: the usual result (final per-domain validation losses, curve, cost), the
/// method's rounds (proportions and losses per round), every segment the trainer trained, and the mixture the
/// trajectory recommends.
/// </summary>
public sealed record InRunTrainingResult(TrainingResult Training, IReadOnlyList<InRunRound> Rounds, IReadOnlyList<InRunSegment> Segments, Mixture Recommended)
{
    /// <summary>Steps drawn by look-ahead segments outside the run's step budget (their tokens are in the result's tokens).</summary>
    public int OverheadSteps { get; init; }
}
