using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Strategies that act inside a run (<c>aioli</c>) rather than choosing mixtures from observations. They are kept
/// out of <see cref="ProposerCatalog"/> on purpose: the black-box benchmarks and contract tests iterate that catalog
/// and assume a strategy proposes many mixtures, which an in-run strategy does not. Study validation and the study
/// grain use the members here, which cover both.
/// </summary>
public static class InRunStrategies
{
    public static IReadOnlyCollection<string> Names { get; } = [AioliProposer.StrategyName];

    /// <summary>Every strategy a study may name: the catalog's and the in-run ones.</summary>
    public static IReadOnlyCollection<string> StudyNames => [.. ProposerCatalog.Names, .. Names];

    public static bool IsInRun(string? name) => name is not null && Names.Contains(name);

    /// <summary>The options a strategy reads, for either kind (null for an unknown name).</summary>
    public static IReadOnlyList<StrategyOption>? OptionsOf(string name) =>
        name == AioliProposer.StrategyName ? [.. StrategyOption.Common, .. AioliProposer.DeclaredOptions] : ProposerCatalog.OptionsOf(name);

    /// <summary>A new instance of a strategy of either kind.</summary>
    public static IProposer Create(string name) => name == AioliProposer.StrategyName ? new AioliProposer() : ProposerCatalog.Create(name);
}
