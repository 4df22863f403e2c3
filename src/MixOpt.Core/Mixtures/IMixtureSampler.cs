namespace MixOpt.Core.Mixtures;

/// <summary>
/// Draws mixtures that honour a study's constraints. Every sampler is seeded at construction, so the same
/// sampler built the same way draws the same mixtures.
/// </summary>
public interface IMixtureSampler
{
    int Domains { get; }

    /// <summary><paramref name="count"/> distinct feasible mixtures.</summary>
    IReadOnlyList<Mixture> Sample(int count);
}
