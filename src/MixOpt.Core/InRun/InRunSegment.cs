using MixOpt.Core.Mixtures;

namespace MixOpt.Core.InRun;

/// <summary>
/// The in-run method's answer: train the next <see cref="Steps"/> steps on <see cref="Proportions"/>, then report
/// the per-domain validation losses. <see cref="Phase"/> says why (<c>probe</c>, <c>train</c> or <c>warmup</c>),
/// <see cref="Round"/> which round (0-based) the segment belongs to.
/// </summary>
public sealed record InRunSegment(Mixture Proportions, int Steps, string Phase, int Round)
{
    public const string ProbePhase = "probe";
    public const string TrainPhase = "train";
    public const string WarmupPhase = "warmup";

    /// <summary>
    /// A look-ahead: after the report that follows this segment, the trainer puts the model's parameters and
    /// optimizer state back to what they were before it, so the segment measures without advancing the model.
    /// </summary>
    public bool RestoresParameters { get; init; }

    /// <summary>
    /// Whether the segment's steps count against the run's step budget (and move its learning-rate schedule).
    /// False only for look-ahead probes whose cost is charged as overhead on top of the budget.
    /// </summary>
    public bool CountsInBudget { get; init; } = true;
}
