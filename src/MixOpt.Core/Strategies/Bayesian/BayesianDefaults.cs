using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>Settings shared by the Bayesian strategies, chosen so a batch of 8 over 512 observations takes about a second.</summary>
public static class BayesianDefaults
{
    /// <summary>
    /// Strategies refit every call, so they fit hyperparameters on at most 128 observations (the posterior still
    /// uses all of them) with one restart; the surrogate benchmark uses the fuller default fitter.
    /// </summary>
    public static GaussianProcessFitter Fitter { get; } = new() { MaxFitPoints = 128, Restarts = 1, MaxIterations = 60 };

    /// <summary>
    /// <see cref="Fitter"/>'s settings, re-optimizing hyperparameters only at the refit points of
    /// <paramref name="reuse"/>'s schedule: a strategy refits after every observation, and in a long study (or a
    /// retrospective benchmark of hundreds of steps) most of those refits would land where the last one did.
    /// </summary>
    public static GaussianProcessFitter ScheduledFitter(HyperparameterReuse reuse) =>
        new() { MaxFitPoints = Fitter.MaxFitPoints, Restarts = Fitter.Restarts, MaxIterations = Fitter.MaxIterations, Reuse = reuse };

    /// <summary>Candidates screened per acquisition search.</summary>
    public const int Candidates = 128;

    /// <summary>Target mixtures the knowledge gradient's decision is about.</summary>
    public const int ReferenceSet = 16;
}
