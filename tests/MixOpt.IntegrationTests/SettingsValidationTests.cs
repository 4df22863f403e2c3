using MixOpt.Embedded;
using MixOpt.Testing;
using MixOpt.Web.Hosting;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Every settings class is validated when the host starts: a bad value stops it with a message naming the key, before
/// it touches storage. The ledger here points at a port nothing listens on, so a host that got as far as migrating
/// would fail with a connection error instead, which does not name the setting.
/// </summary>
public sealed class SettingsValidationTests
{
    private static readonly string[] Base =
    [
        "--ConnectionStrings:Ledger=Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2",
        $"--ConnectionStrings:Blobs={TestServices.Blobs}",
        "--Logging:LogLevel:Default=Warning",
    ];

    [Theory]
    [InlineData("--Scheduler:HeartbeatInterval=00:02:00", "Scheduler:HeartbeatInterval")]
    [InlineData("--Scheduler:MaxAttempts=0", "Scheduler:MaxAttempts")]
    [InlineData("--Scheduler:LeaseDuration=abc", "Scheduler:LeaseDuration")]
    [InlineData("--Scheduler:Slots=many", "Scheduler:Slots")]
    [InlineData("--Training:Threads=0", "Training:Threads")]
    [InlineData("--Training:Device=tpu", "Training:Device")]
    [InlineData("--Auth:BootstrapKey=short", "Auth:BootstrapKey")]
    [InlineData("--Auth:SessionDuration=00:00:00", "Auth:SessionDuration")]
    [InlineData("--RateLimit:Burst=0", "RateLimit:Burst")]
    [InlineData("--Orleans:GatewayPort=70000", "Orleans:GatewayPort")]
    [InlineData("--Artifacts:Container=Not_A_Container", "Artifacts:Container")]
    [InlineData("--Cluster:AdvertisedIP=not-an-address", "Cluster:AdvertisedIP")]
    [InlineData("--Cluster:Mode=Mesh", "Cluster:Mode")]
    [InlineData("--ConnectionStrings:Blobs=", "ConnectionStrings:Blobs")]
    [InlineData("--Telemetry:OtlpEndpoint=collector:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("--Telemetry:OtlpProtocol=udp", "Telemetry:OtlpProtocol")]
    public async Task A_bad_setting_stops_the_embedded_host_at_start_and_names_its_key(string setting, string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildAndDispose(EmbeddedHost.BuildAsync([.. Base, setting])));
        Assert.Contains(key, Messages(error));
    }

    [Fact]
    public async Task The_web_host_alone_validates_its_settings_too()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildAndDispose(MixOptWebHost.BuildAsync([.. Base, "--RateLimit:PermitsPerSecond=0"])));
        Assert.Contains("RateLimit:PermitsPerSecond", Messages(error));
    }

    [Fact]
    public async Task Good_settings_pass_validation_and_the_host_goes_on_to_its_storage()
    {
        // Same base, nothing bad: the host gets past validation and fails only where the ledger does not answer.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildAndDispose(EmbeddedHost.BuildAsync(Base)));
        Assert.DoesNotContain("Scheduler:", Messages(error));
        Assert.IsNotType<Microsoft.Extensions.Options.OptionsValidationException>(error);
    }

    private static async Task BuildAndDispose(Task<Microsoft.AspNetCore.Builder.WebApplication> build) => await (await build).DisposeAsync();

    private static string Messages(Exception e) =>
        e is AggregateException all ? string.Join(" | ", all.InnerExceptions.Select(Messages)) : e.Message + (e.InnerException is { } inner ? " | " + Messages(inner) : "");
}
