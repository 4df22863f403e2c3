using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Strategies;

/// <summary>A finished run as a proposer sees it: where it ran and how it scored on the study's objective.</summary>
public sealed record Observation(Mixture Mixture, double Fidelity, double Value);
