namespace MixOpt.Core.Surrogates;

/// <summary>
/// The checks every surrogate runs before fitting, so bad input fails with an exception that names the problem
/// instead of a NaN model or a hang deep inside an optimizer.
/// </summary>
public static class SurrogateDataChecks
{
    /// <summary>How far a mixture's weights may sum from 1 (published data is rounded; renormalize it first).</summary>
    public const double SimplexTolerance = 1e-6;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for: no rows, ragged or off-simplex mixtures, NaN or infinite
    /// targets or fidelities, fewer observations than domains, and observations that are all identical
    /// (one mixture, or one value: nothing to learn from).
    /// </summary>
    public static void Validate(SurrogateData data, string surrogate)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Mixtures.Count != data.Targets.Count || data.Fidelities.Count != data.Targets.Count)
            throw new ArgumentException($"{surrogate}: {data.Mixtures.Count} mixtures, {data.Fidelities.Count} fidelities and {data.Targets.Count} targets; they must match.");
        if (data.Count == 0) throw new ArgumentException($"{surrogate}: no observations to fit.");
        var d = data.Domains;
        if (d < 2) throw new ArgumentException($"{surrogate}: mixtures need at least 2 domains, got {d}.");
        for (var i = 0; i < data.Count; i++)
        {
            var m = data.Mixtures[i];
            if (m is null || m.Length != d) throw new ArgumentException($"{surrogate}: mixture {i} has {m?.Length ?? 0} weights; expected {d}.");
            var sum = 0.0;
            foreach (var w in m)
            {
                if (!double.IsFinite(w) || w < 0) throw new ArgumentException($"{surrogate}: mixture {i} has weight {w}; weights must be finite and >= 0.");
                sum += w;
            }
            if (Math.Abs(sum - 1) > SimplexTolerance) throw new ArgumentException($"{surrogate}: mixture {i} sums to {sum:R}; mixtures must lie on the simplex (sum 1).");
            if (!double.IsFinite(data.Targets[i])) throw new ArgumentException($"{surrogate}: target {i} is {data.Targets[i]}; results must be finite (NaN or infinite results cannot be fitted).");
            if (!double.IsFinite(data.Fidelities[i]) || data.Fidelities[i] <= 0) throw new ArgumentException($"{surrogate}: fidelity {i} is {data.Fidelities[i]}; fidelities must be finite and > 0.");
        }
        if (data.Count < d) throw new ArgumentException($"{surrogate}: {data.Count} observations for {d} domains; at least as many observations as domains are needed.");
        var first = data.Targets[0];
        if (data.Targets.All(t => t == first)) throw new ArgumentException($"{surrogate}: every observation has the same value ({first}); there is nothing to learn.");
        var m0 = data.Mixtures[0];
        if (data.Mixtures.All(m => m.AsSpan().SequenceEqual(m0)) && data.Fidelities.All(f => f == data.Fidelities[0]))
            throw new ArgumentException($"{surrogate}: every observation is at the same mixture and fidelity; there is nothing to learn.");
    }

    /// <summary>Checks a prediction request's shapes, so a wrong span fails clearly rather than reading garbage.</summary>
    public static int CheckPredict(ReadOnlySpan<double> mixtures, int domains, double fidelity, Span<double> mean, Span<double> stdDev)
    {
        if (mixtures.Length % domains != 0) throw new ArgumentException($"Mixture span of length {mixtures.Length} is not a whole number of rows of {domains} domains.");
        var rows = mixtures.Length / domains;
        if (mean.Length < rows) throw new ArgumentException($"Mean span holds {mean.Length} values for {rows} rows.");
        if (stdDev.Length != 0 && stdDev.Length < rows) throw new ArgumentException($"Standard deviation span holds {stdDev.Length} values for {rows} rows (pass an empty span to skip uncertainty).");
        if (!double.IsFinite(fidelity) || fidelity <= 0) throw new ArgumentException($"Fidelity {fidelity} must be finite and > 0.");
        return rows;
    }
}
