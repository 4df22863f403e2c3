using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using MixOpt.Client;
using MixOpt.Testing;
using MixOpt.Embedded;

namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// The real embedded service (Kestrel + REST + dashboard + Orleans silo) on a free loopback port, with its ledger
/// in a database of the test PostgreSQL and its artifacts in a container of the test Azurite. Several hosts may
/// share one database to simulate a restart.
/// </summary>
public sealed class MixOptTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MixOptTestHost(WebApplication app, Uri address, string container)
    {
        _app = app;
        Address = address;
        Container = container;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
        Client = new MixOptClient(Anonymous(), BootstrapKey);
    }

    /// <summary>The admin key every test host accepts (Auth:BootstrapKey); <see cref="Http"/> sends it.</summary>
    public const string BootstrapKey = "test-bootstrap-key-0123456789abcdef0123456789";

    /// <summary>The typed C# client, signed in with <see cref="BootstrapKey"/>.</summary>
    public MixOptClient Client { get; }

    /// <summary>A client of this host that sends no key (for auth tests and other keys).</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public Uri Address { get; }

    public string Container { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MixOptTestHost> StartAsync(TestDatabase database, string? container = null, params string[] extraArgs)
    {
        // A free port can be taken by another process between FreePort.Next() and the bind (tests run in parallel
        // with other test projects): try again on fresh ports rather than fail the test on that race.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(database, container, extraArgs);
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static async Task<MixOptTestHost> TryStartAsync(TestDatabase database, string? container, string[] extraArgs)
    {
        var port = FreePort.Next();
        container ??= "test-" + Guid.NewGuid().ToString("N")[..12];
        string[] args =
        [
            $"--urls=http://127.0.0.1:{port}",
            $"--ConnectionStrings:Ledger={database.ConnectionString}",
            $"--ConnectionStrings:Blobs={TestServices.Blobs}",
            $"--Artifacts:Container={container}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            $"--Auth:BootstrapKey={BootstrapKey}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = await EmbeddedHost.BuildAsync(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new MixOptTestHost(app, new Uri($"http://127.0.0.1:{port}"), container);
    }

    public async Task<T> GetJsonAsync<T>(string path) =>
        await Http.GetFromJsonAsync<T>(path, Json.Options) ?? throw new InvalidOperationException($"GET {path} returned null.");

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try { await StopAsync(); } catch (ObjectDisposedException) { }
        await _app.DisposeAsync();
    }
}
