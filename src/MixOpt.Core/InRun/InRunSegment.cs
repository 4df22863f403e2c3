using MixOpt.Core.Mixtures;

namespace MixOpt.Core.InRun;

/// <summary>
/// The in-run method's answer: train the next <see cref="Steps"/> steps on <see cref="Proportions"/>, then report
/// the per-domain validation losses. <see cref="Phase"/> says why (<c>probe</c> or <c>train</c>), <see cref="Round"/>
/// which round (0-based) the segment belongs to.
/// </summary>
public sealed record InRunSegment(Mixture Proportions, int Steps, string Phase, int Round)
{
    public const string ProbePhase = "probe";
    public const string TrainPhase = "train";
}
