namespace MixOpt.Core.Strategies;

/// <summary>The strategies a study may name, by name.</summary>
public static class ProposerCatalog
{
    private static readonly Dictionary<string, Func<IProposer>> Factories = new(StringComparer.Ordinal)
    {
        [RandomDirichletProposer.StrategyName] = () => new RandomDirichletProposer(),
        [UniformProposer.StrategyName] = () => new UniformProposer(),
        [NaturalProposer.StrategyName] = () => new NaturalProposer(),
        [RegMixProposer.StrategyName] = () => new RegMixProposer(),
        [Bayesian.BoProposer.StrategyName] = () => new Bayesian.BoProposer(),
        [Bayesian.MfboProposer.StrategyName] = () => new Bayesian.MfboProposer(),
        [ClimbProposer.StrategyName] = () => new ClimbProposer(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static IProposer Create(string name) =>
        Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown strategy '{name}'. Known: {string.Join(", ", Factories.Keys)}.", nameof(name));
}
