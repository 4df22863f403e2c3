namespace MixOpt.Core.Surrogates.Gp;

/// <summary>A Gaussian process's fitted hyperparameters: kernel parameters (log space) and the standardized noise variance.</summary>
public sealed record GpHyperparameters(double[] Parameters, double Noise);
