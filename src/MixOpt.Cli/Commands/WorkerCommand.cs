using System.CommandLine;
using Microsoft.Extensions.Hosting;
using MixOpt.Backend;
using MixOpt.Cli.Configuration;
using MixOpt.Silo;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt worker</c>: a worker silo of a real cluster (ADO.NET membership on the ledger's PostgreSQL). It advertises
/// its slots (CPU slots, or one per GPU) and executes the runs the scheduler leases to them. See docs/CLUSTER.md.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(CliConfiguration settings)
    {
        var ledger = new Option<string>("--ledger") { Description = "Ledger PostgreSQL connection string (default: ConnectionStrings:Ledger from appsettings.json, env ConnectionStrings__Ledger or --ConnectionStrings:Ledger=...)." };
        var blobs = new Option<string>("--blobs") { Description = "Blob storage connection string (default: ConnectionStrings:Blobs from appsettings.json, env ConnectionStrings__Blobs or --ConnectionStrings:Blobs=...)." };
        var slots = new Option<int>("--slots") { Description = "CPU slots: runs executed at once when the silo has no GPU.", DefaultValueFactory = _ => 4 };
        var gpus = new Option<string>("--gpus") { Description = "GPUs to advertise (a number), or 'auto' to count CUDA devices.", DefaultValueFactory = _ => "0" };
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port.", DefaultValueFactory = _ => 11112 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Client gateway port.", DefaultValueFactory = _ => 30001 };
        var advertise = new Option<string>("--advertise") { Description = "IP address other silos reach this one at (this machine's LAN address on a multi-machine cluster).", DefaultValueFactory = _ => "127.0.0.1" };
        var clusterId = new Option<string>("--cluster-id") { Description = "Cluster id shared by the host and its workers.", DefaultValueFactory = _ => "mixopt" };
        var command = new Command("worker", "Run a worker silo: joins the cluster through the ledger's PostgreSQL and executes runs in its slots.")
        {
            ledger, blobs, slots, gpus, siloPort, gatewayPort, advertise, clusterId,
        };
        // Any other Key=Value configuration (e.g. --Orleans:Membership:ProbeTimeout=00:00:02) passes through to the silo.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var ledgerConnection = settings.Ledger(parse.GetValue(ledger), "--ledger");
            var blobsConnection = settings.Blobs(parse.GetValue(blobs), "--blobs");
            if (parse.GetValue(slots) < 0) throw new CliException($"--slots must be >= 0, got {parse.GetValue(slots)}.");
            string[] config =
            [
                "--Cluster:Mode=AdoNet",
                $"--Cluster:AdvertisedIP={parse.GetValue(advertise)}",
                $"--ConnectionStrings:Ledger={ledgerConnection}",
                $"--ConnectionStrings:Blobs={blobsConnection}",
                $"--Scheduler:Slots={parse.GetValue(slots)}",
                $"--Worker:Gpus={parse.GetValue(gpus)}",
                $"--Orleans:SiloPort={parse.GetValue(siloPort)}",
                $"--Orleans:GatewayPort={parse.GetValue(gatewayPort)}",
                $"--Orleans:ClusterId={parse.GetValue(clusterId)}",
                // Last, so they win as before: --Section:Key=value switches (read by CliConfiguration) and other tokens.
                .. settings.Switches,
                .. parse.UnmatchedTokens,
            ];
            var builder = Host.CreateApplicationBuilder(config);
            builder.AddMixOptSilo();
            using var host = builder.Build();
            await host.Services.PrepareStorageAsync(builder.Configuration, ct);
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
