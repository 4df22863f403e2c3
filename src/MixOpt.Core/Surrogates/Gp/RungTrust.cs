namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// How far a cheap rung can be trusted about the target: the estimated correlation of its shape with the target's
/// (<see cref="Correlation"/>, MAP), its standard deviation, and a 95% interval (Laplace approximation of the
/// posterior over the kernel's trust parameters, <see cref="RungCorrelationEstimate"/>).
/// </summary>
public sealed record RungTrust(int Rung, double Fidelity, double Correlation, double StdDev, double Lower95, double Upper95);
