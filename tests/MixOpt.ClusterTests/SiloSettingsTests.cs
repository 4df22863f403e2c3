using MixOpt.ClusterTests.Support;
using MixOpt.Testing;

namespace MixOpt.ClusterTests;

/// <summary>
/// The worker silo as a process, started with a bad setting: it must exit non-zero with the key's name in its output,
/// before it connects to anything (the ledger here points at a port nothing listens on).
/// </summary>
public sealed class SiloSettingsTests
{
    [Theory]
    [InlineData("--Training:Threads=0", "Training:Threads")]
    [InlineData("--Worker:Gpus=lots", "Worker:Gpus")]
    [InlineData("--Scheduler:SweepInterval=00:00:00", "Scheduler:SweepInterval")]
    public async Task A_worker_silo_with_a_bad_setting_exits_naming_the_key(string setting, string key)
    {
        var port = FreePort.Next();
        await using var silo = NodeProcess.Start("bad-settings", "grains/MixOpt.Silo", "MixOpt.Silo", port,
        [
            "--Cluster:Mode=AdoNet", $"--Orleans:SiloPort={port}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--ConnectionStrings:Ledger=Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2",
            $"--ConnectionStrings:Blobs={TestServices.Blobs}", setting,
        ]);
        await Eventually.Until(() => Task.FromResult(silo.HasExited), exited => exited, TimeSpan.FromSeconds(60), "the silo to exit");
        await silo.ExitedAsync();
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains(key, silo.Output);
    }
}
