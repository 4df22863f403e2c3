namespace MixOpt.Core.Surrogates;

/// <summary>
/// Training data for a surrogate: row i is mixture <c>Mixtures[i]</c> (on the simplex, <see cref="Domains"/> weights)
/// run at <c>Fidelities[i]</c>, which scored <c>Targets[i]</c>.
/// </summary>
public sealed record SurrogateData(IReadOnlyList<double[]> Mixtures, IReadOnlyList<double> Fidelities, IReadOnlyList<double> Targets)
{
    public int Count => Targets.Count;

    public int Domains => Mixtures.Count == 0 ? 0 : Mixtures[0].Length;

    /// <summary>All rows at one fidelity (the usual single-fidelity case).</summary>
    public static SurrogateData AtFidelity(IReadOnlyList<double[]> mixtures, IReadOnlyList<double> targets, double fidelity = 1.0) =>
        new(mixtures, Enumerable.Repeat(fidelity, targets.Count).ToArray(), targets);
}
