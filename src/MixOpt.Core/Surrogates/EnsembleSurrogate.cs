namespace MixOpt.Core.Surrogates;

/// <summary>
/// An average of other surrogates' predictions (by default the GP and LightGBM): a smooth model and a tree model
/// err in different places, so on rugged or noisy tables their average ranks mixtures better than either alone.
/// Weights are fixed up front, not fitted on the data, so cross-validating the ensemble is as honest as
/// cross-validating its members. Members whose own fit says it cannot be trusted (<see cref="ITrustedFit"/>) are
/// left out of the average; the ensemble is untrusted only when every member is.
/// </summary>
public sealed class EnsembleSurrogate : ISurrogate
{
    public const string SurrogateName = "ensemble";

    /// <summary>The members and their weights (normalized to sum 1 over the trusted members).</summary>
    public IReadOnlyList<(ISurrogate Surrogate, double Weight)> Members { get; init; } =
        [(new GaussianProcessSurrogate(), 0.5), (new LightGbmSurrogate(), 0.5)];

    public string Name => SurrogateName;

    public IFittedSurrogate Fit(SurrogateData data, int seed)
    {
        SurrogateDataChecks.Validate(data, Name);
        if (Members.Count == 0) throw new ArgumentException($"{Name}: an ensemble needs at least one member.");
        if (Members.Any(m => !(double.IsFinite(m.Weight) && m.Weight > 0)))
            throw new ArgumentException($"{Name}: member weights must be finite and > 0.");
        var fitted = Members
            // Every member gets the ensemble's seed: an ensemble of one model family is then exactly that model.
            .Select(m => (Model: m.Surrogate.Fit(data, seed), m.Weight))
            .ToArray();
        var trusted = fitted.Where(f => f.Model is not ITrustedFit { Untrusted: not null }).ToArray();
        var untrusted = trusted.Length == 0
            ? string.Join("; ", fitted.Select(f => $"{f.Model.Name}: {((ITrustedFit)f.Model).Untrusted}"))
            : null;
        var used = trusted.Length == 0 ? fitted : trusted;
        var total = used.Sum(f => f.Weight);
        return new FittedEnsemble(data.Domains, used.Select(f => (f.Model, f.Weight / total)).ToArray(), untrusted);
    }

    private sealed class FittedEnsemble(int domains, (IFittedSurrogate Model, double Weight)[] members, string? untrusted)
        : IFittedSurrogate, ITrustedFit
    {
        public string Name => SurrogateName;

        public string? Untrusted => untrusted;

        /// <summary>
        /// The mixture of the members' predictive distributions: mean Σ wᵢ mᵢ, variance Σ wᵢ (sᵢ² + mᵢ²) − mean²
        /// (computed as Σ wᵢ (sᵢ² + (mᵢ − mean)²)),
        /// so where the members disagree the ensemble is less certain than any of them.
        /// </summary>
        public void Predict(ReadOnlySpan<double> mixtures, double fidelity, Span<double> mean, Span<double> stdDev)
        {
            var rows = SurrogateDataChecks.CheckPredict(mixtures, domains, fidelity, mean, stdDev);
            var wantStd = stdDev.Length > 0;
            var means = new double[members.Length][];
            var stds = new double[members.Length][];
            var combined = new double[rows];
            for (var k = 0; k < members.Length; k++)
            {
                means[k] = new double[rows];
                stds[k] = wantStd ? new double[rows] : [];
                members[k].Model.Predict(mixtures, fidelity, means[k], stds[k]);
                for (var r = 0; r < rows; r++) combined[r] += members[k].Weight * means[k][r];
            }
            combined.CopyTo(mean);
            if (!wantStd) return;
            // The same variance without the cancellation of Σ wᵢ mᵢ² − mean² when means are large and spreads small.
            for (var r = 0; r < rows; r++)
            {
                var variance = 0.0;
                for (var k = 0; k < members.Length; k++)
                {
                    var gap = means[k][r] - combined[r];
                    variance += members[k].Weight * (stds[k][r] * stds[k][r] + gap * gap);
                }
                stdDev[r] = Math.Sqrt(variance);
            }
        }
    }
}
