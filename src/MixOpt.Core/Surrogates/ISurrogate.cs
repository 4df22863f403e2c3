namespace MixOpt.Core.Surrogates;

/// <summary>
/// A model family that learns objective values from observed (mixture, fidelity) points: ridge, LightGBM,
/// data mixing law, Gaussian process. Fitting returns an immutable fitted model; the family itself holds no data.
/// </summary>
public interface ISurrogate
{
    string Name { get; }

    /// <summary>Fits on <paramref name="data"/>; every random choice is drawn from <paramref name="seed"/>.</summary>
    IFittedSurrogate Fit(SurrogateData data, int seed);
}

/// <summary>A fitted surrogate: a mean and an uncertainty (standard deviation) at any (mixture, fidelity).</summary>
public interface IFittedSurrogate
{
    string Name { get; }

    /// <summary>
    /// Predicts at <paramref name="mixtures"/> (row-major, <c>rows × domains</c>), all at <paramref name="fidelity"/>,
    /// writing one mean and one standard deviation per row. Batched so that scoring a million candidates is cheap.
    /// </summary>
    void Predict(ReadOnlySpan<double> mixtures, double fidelity, Span<double> mean, Span<double> stdDev);
}
