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

    /// <summary>
    /// <see cref="ScheduledFitter"/> with a MAP prior around each kernel's defaults (<see cref="HyperparameterPrior"/>):
    /// what bo and mfbo fit with, so that bo can start after a few target runs (fewer rows than domains) and mfbo's
    /// split between the shared signal and the cheap rungs' discrepancy does not swing when its first target rows arrive.
    /// </summary>
    public static GaussianProcessFitter MapFitter(HyperparameterReuse reuse) =>
        new()
        {
            MaxFitPoints = Fitter.MaxFitPoints, Restarts = Fitter.Restarts, MaxIterations = Fitter.MaxIterations, Reuse = reuse,
            NoiseFromReplicates = true,
            Prior = (kernel, inputs) => kernel switch
            {
                MultiFidelityKernel multiFidelity => multiFidelity.Prior(multiFidelity.TargetRows(inputs)),
                RungCoregionalizationKernel rungs => rungs.Prior(),
                Matern52ArdKernel ard => ard.Prior(),
                _ => HyperparameterPrior.AroundDefaults(kernel),
            },
        };

    /// <summary>
    /// bo's default design at the target: the natural mixture and two space-filling runs, the fewest a GP is fitted
    /// on (<see cref="MinimumFitRows"/>). Every target run costs a full run; a MAP-fitted GP places its signal and
    /// noise from a handful of rows, and expected improvement explores better than more design runs would.
    /// </summary>
    public static int TargetDesign(int domains) => Math.Min(domains + 1, MinimumFitRows);

    /// <summary>Rows a GP is fitted on at the least: with fewer, signal and noise cannot be told apart.</summary>
    public const int MinimumFitRows = 3;

    /// <summary>Candidates screened per acquisition search.</summary>
    public const int Candidates = 128;

    /// <summary>Target mixtures the knowledge gradient's decision is about.</summary>
    public const int ReferenceSet = 16;
}
