using MixOpt.Client;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// Base of the tests that talk to one embedded host over HTTP: a throwaway ledger database per test class and a host
/// on it, started before the first test and stopped (database dropped) after the last.
/// </summary>
public abstract class EmbeddedHostTests : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;

    protected MixOptTestHost Host { get; private set; } = null!;

    protected MixOptClient Client => Host.Client;

    /// <summary>Extra command-line settings for the host (e.g. rate limits a test needs lower).</summary>
    protected virtual string[] HostArguments => [];

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Host = await MixOptTestHost.StartAsync(Db, null, HostArguments);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Db.DisposeAsync();
    }
}
