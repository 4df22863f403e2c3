namespace MixOpt.Core.Mixtures;

/// <summary>
/// QuaDMix's parameterization of quality buckets: instead of a free share per bucket, a group has a quality
/// threshold θ ∈ [0, 1] and a sampling sharpness s ≥ 0, and bucket k of K (lowest quality first) gets
/// <c>w_k ∝ n_k · σ(s · (u_k − θ))</c>, where <c>u_k = (k − ½)/K</c> is the bucket's quality quantile, <c>n_k</c> its
/// token count and σ the logistic function. s = 0 keeps the natural (token) shares; a large s keeps mostly the
/// buckets above θ. Two numbers per group instead of K − 1, and the map is deterministic.
/// </summary>
public static class QuaDMixWeights
{
    /// <summary>The largest sharpness samplers draw and the fit searches (σ(30·Δu) is a near step at K ≤ 10).</summary>
    public const double MaxSharpness = 30;

    private const int GridSteps = 40;

    /// <summary>Bucket shares (summing to 1) for <paramref name="tokens"/> (lowest quality first).</summary>
    public static double[] Shares(IReadOnlyList<double> tokens, double threshold, double sharpness)
    {
        if (tokens.Count == 0) throw new ArgumentException("A group needs at least one bucket.", nameof(tokens));
        if (!double.IsFinite(threshold) || threshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The quality threshold must lie in [0, 1].");
        if (!double.IsFinite(sharpness) || sharpness < 0) throw new ArgumentOutOfRangeException(nameof(sharpness), sharpness, "The sharpness must be a finite number >= 0.");
        var k = tokens.Count;
        var shares = new double[k];
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            var quantile = (i + 0.5) / k;
            shares[i] = Math.Max(tokens[i], 0) / (1 + Math.Exp(-sharpness * (quantile - threshold)));
            sum += shares[i];
        }
        if (!(sum > 0)) return Enumerable.Repeat(1.0 / k, k).ToArray();
        for (var i = 0; i < k; i++) shares[i] /= sum;
        return shares;
    }

    /// <summary>
    /// The (θ, s) whose shares are nearest (least squares) to <paramref name="shares"/>, by a grid search over
    /// θ ∈ [0, 1] and s ∈ [0, <see cref="MaxSharpness"/>] (41 × 41 points): deterministic and cheap.
    /// </summary>
    public static (double Threshold, double Sharpness) Fit(IReadOnlyList<double> shares, IReadOnlyList<double> tokens)
    {
        if (shares.Count != tokens.Count) throw new ArgumentException("One share per bucket is needed.", nameof(shares));
        var best = (Threshold: 0.5, Sharpness: 0.0);
        var bestError = double.PositiveInfinity;
        for (var a = 0; a <= GridSteps; a++)
            for (var b = 0; b <= GridSteps; b++)
            {
                var theta = (double)a / GridSteps;
                var s = MaxSharpness * b / GridSteps;
                var candidate = Shares(tokens, theta, s);
                var error = 0.0;
                for (var i = 0; i < candidate.Length; i++) error += (candidate[i] - shares[i]) * (candidate[i] - shares[i]);
                if (error < bestError - 1e-15) { bestError = error; best = (theta, s); }
            }
        return best;
    }
}
