namespace MixOpt.Core.Surrogates;

/// <summary>
/// A fitted surrogate that can tell when its own fit is not to be trusted (a GP whose leave-one-out predictions are
/// no better than the mean, a mixing law whose optimizer stopped at a bound). Cross-validation reports such a fit
/// as untrusted, with this reason, instead of a number, and never ranks it above a trusted one.
/// </summary>
public interface ITrustedFit
{
    /// <summary>Why the fit cannot be trusted; null when it can.</summary>
    string? Untrusted { get; }
}
