using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Strategies;

/// <summary>A finished run as a proposer sees it: where it ran and how it scored on the study's objective.</summary>
public sealed record Observation(Mixture Mixture, double Fidelity, double Value)
{
    /// <summary>
    /// Every objective's value, in the order of the study's objectives (<c>StudyObjectives.ObjectiveList</c>), for a study
    /// with several; null where only <see cref="Value"/> (the first objective) is known.
    /// </summary>
    public IReadOnlyList<double>? ObjectiveValues { get; init; }
}
