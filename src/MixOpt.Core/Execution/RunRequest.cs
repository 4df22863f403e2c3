using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Execution;

/// <summary>One attempt at one run: the study it belongs to, its mixture and fidelity.</summary>
public sealed record RunRequest(Guid StudyId, Guid RunId, int Ordinal, int Attempt, StudySpec Study, Mixture Mixture, double Fidelity);
