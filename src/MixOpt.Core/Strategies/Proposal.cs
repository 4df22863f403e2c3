using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Strategies;

/// <summary>One run a proposer asks for: a mixture at a fidelity (1 = the target scale).</summary>
public sealed record Proposal(Mixture Mixture, double Fidelity = 1.0);
