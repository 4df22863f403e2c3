namespace MixOpt.Core.Studies;

/// <summary>
/// A study's search-space constraints. <see cref="Min"/> and <see cref="Max"/> map domain names to proportions;
/// <see cref="MaxEpochs"/> caps how often a domain's tokens (<c>domains[].tokens</c>) may be repeated within a run's
/// token budget (<c>fidelities[].tokens</c>, the largest rung's).
/// </summary>
public sealed record ConstraintsSpec
{
    public IReadOnlyDictionary<string, double>? Min { get; init; }
    public IReadOnlyDictionary<string, double>? Max { get; init; }
    public double? MaxEpochs { get; init; }
}
