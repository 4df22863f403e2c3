namespace MixOpt.ClusterTests.Support;

/// <summary>
/// Cluster tests run one at a time: each starts three or four .NET processes, and on a 2-core machine two clusters at
/// once would starve each other's failure detectors into false deaths.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
