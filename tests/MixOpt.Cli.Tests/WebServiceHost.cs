using Microsoft.AspNetCore.Builder;
using MixOpt.Client;
using MixOpt.Testing;
using MixOpt.Web.Hosting;

namespace MixOpt.Cli.Tests;

/// <summary>
/// The real web host (REST + its silo, no builtin trainer: simulated and external studies) on a free loopback port,
/// with its ledger in a throwaway database of the test PostgreSQL and its artifacts in a fresh Azurite container.
/// The client commands under test are separate <c>mixopt</c> processes that reach it over HTTP.
/// </summary>
public sealed class WebServiceHost : IAsyncLifetime
{
    /// <summary>The admin key the host accepts (Auth:BootstrapKey).</summary>
    public const string AdminKey = "cli-test-bootstrap-key-0123456789abcdef01234567";

    private WebApplication? _app;
    private HttpClient? _http;

    public TestDatabase Database { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>The C# client with the admin key, to set up and check what the CLI did.</summary>
    public MixOptClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var port = FreePort.Next();
        _app = await MixOptWebHost.BuildAsync(
        [
            $"--urls=http://127.0.0.1:{port}",
            $"--ConnectionStrings:Ledger={Database.ConnectionString}",
            $"--ConnectionStrings:Blobs={TestServices.Blobs}",
            $"--Artifacts:Container=cli-{Guid.NewGuid().ToString("N")[..12]}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            $"--Auth:BootstrapKey={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        Address = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        Client = new MixOptClient(_http, AdminKey);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
            await _app.DisposeAsync();
        }
        if (Database is not null) await Database.DisposeAsync();
    }
}

/// <summary>Classes that start a web host run one at a time: on two cores several hosts only slow each other into timeouts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebServiceCollection
{
    public const string Name = "web service";
}
