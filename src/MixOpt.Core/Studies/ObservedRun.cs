namespace MixOpt.Core.Studies;

/// <summary>
/// A run the user already made elsewhere (warm start, import): its mixture in the study's domain order, fidelity,
/// cost, metrics and the objective scored from them.
/// </summary>
public sealed record ObservedRun(double[] Mixture, double Fidelity, double Cost, double Seconds, double Objective, IReadOnlyDictionary<string, double> Metrics);
