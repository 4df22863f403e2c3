namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// Integration tests run one class at a time: each starts a whole service (Kestrel + Orleans silo), and on a
/// 2-core machine several at once only slow each other down into timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceTestCollection
{
    public const string Name = "service";
}
