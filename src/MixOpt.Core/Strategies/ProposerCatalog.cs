using MixOpt.Core.Studies;
namespace MixOpt.Core.Strategies;

/// <summary>The strategies a study may name, by name, each with the strategy options it reads.</summary>
public static class ProposerCatalog
{
    private sealed record Entry(Func<IProposer> Create, IReadOnlyList<StrategyOption> Options);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        [RandomDirichletProposer.StrategyName] = new(() => new RandomDirichletProposer(), []),
        [UniformProposer.StrategyName] = new(() => new UniformProposer(), []),
        [NaturalProposer.StrategyName] = new(() => new NaturalProposer(), []),
        [RegMixProposer.StrategyName] = new(() => new RegMixProposer(), RegMixProposer.DeclaredOptions),
        [Bayesian.BoProposer.StrategyName] = new(() => new Bayesian.BoProposer(), Bayesian.BoProposer.DeclaredOptions),
        [Bayesian.MfboProposer.StrategyName] = new(() => new Bayesian.MfboProposer(), Bayesian.MfboProposer.DeclaredOptions),
        [ClimbProposer.StrategyName] = new(() => new ClimbProposer(), ClimbProposer.DeclaredOptions),
        [AutoProposer.StrategyName] = new(() => new AutoProposer(), AutoProposer.DeclaredOptions),
        [Mobo.MoboProposer.StrategyName] = new(() => new Mobo.MoboProposer(), Mobo.MoboProposer.DeclaredOptions),
        [OlmixProposer.StrategyName] = new(() => new OlmixProposer(), OlmixProposer.DeclaredOptions),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    /// <summary>
    /// A new instance of the strategy. An instance keeps what it learned between decisions (hyperparameter fits,
    /// surrogate rankings), so a caller that keeps it for the study's lifetime decides faster; a fresh one gives the
    /// same answers.
    /// </summary>
    public static IProposer Create(string name) =>
        Entries.TryGetValue(name, out var entry)
            ? entry.Create()
            : throw new ArgumentException($"Unknown strategy '{name}'. Known: {string.Join(", ", Entries.Keys)}.", nameof(name));

    /// <summary>The strategy options <paramref name="name"/> reads (its own and <see cref="StrategyOption.Common"/>), or null for an unknown strategy.</summary>
    public static IReadOnlyList<StrategyOption>? OptionsOf(string name) =>
        Entries.TryGetValue(name, out var entry) ? [.. StrategyOption.Common, .. entry.Options.Except(StrategyOption.Common)] : null;
}
