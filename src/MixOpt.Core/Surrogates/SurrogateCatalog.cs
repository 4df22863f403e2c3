namespace MixOpt.Core.Surrogates;

/// <summary>The surrogate families a study or a benchmark may name, by name.</summary>
public static class SurrogateCatalog
{
    private static readonly Dictionary<string, Func<ISurrogate>> Factories = new(StringComparer.Ordinal)
    {
        [RidgeSurrogate.SurrogateName] = () => new RidgeSurrogate(),
        [LightGbmSurrogate.SurrogateName] = () => new LightGbmSurrogate(),
        [MixingLawSurrogate.SurrogateName] = () => new MixingLawSurrogate(),
        [GaussianProcessSurrogate.SurrogateName] = () => new GaussianProcessSurrogate(),
        [MultiFidelityGpSurrogate.SurrogateName] = () => new MultiFidelityGpSurrogate(),
        [LogLinearSurrogate.SurrogateName] = () => new LogLinearSurrogate(),
        [EnsembleSurrogate.SurrogateName] = () => new EnsembleSurrogate(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A fresh instance of every registered surrogate, in registration order.</summary>
    public static IReadOnlyList<ISurrogate> All => Factories.Values.Select(f => f()).ToArray();

    public static ISurrogate Create(string name) =>
        Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown surrogate '{name}'. Known: {string.Join(", ", Factories.Keys)}.", nameof(name));
}
