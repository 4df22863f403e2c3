using System.Globalization;
using Microsoft.Extensions.Configuration;
using MixOpt.Grains.Cluster;
using MixOpt.Grains.Scheduling;

namespace MixOpt.Silo;

/// <summary>
/// What this silo advertises. The embedded one-process mode has slots and coordinates; in a real cluster the web
/// host has no slots (it coordinates), and a worker has one slot per GPU, or <c>Scheduler:Slots</c> CPU slots.
/// </summary>
public static class SiloCapabilitiesResolver
{
    public static SiloCapabilities Resolve(IConfiguration config, ClusterMode mode, bool webHost)
    {
        var cpuSlots = config.GetSection(SchedulerOptions.Section).GetValue("Slots", new SchedulerOptions().Slots);
        if (mode == ClusterMode.Localhost) return new SiloCapabilities(SiloRoles.Embedded, Math.Max(1, cpuSlots), 0, null);
        if (webHost) return new SiloCapabilities(SiloRoles.Host, 0, 0, null);

        var worker = config.GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
        var gpus = string.Equals(worker.Gpus, "auto", StringComparison.OrdinalIgnoreCase)
            ? GpuDetection.CudaDevices()
            : int.TryParse(worker.Gpus, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new InvalidOperationException($"Worker:Gpus is '{worker.Gpus}'; use a number >= 0 or 'auto'.");
        if (cpuSlots < 0) throw new InvalidOperationException($"Scheduler:Slots is {cpuSlots}; it must be >= 0.");
        return gpus > 0
            ? new SiloCapabilities(SiloRoles.Worker, gpus, gpus, worker.GpuKind ?? "cuda")
            : new SiloCapabilities(SiloRoles.Worker, cpuSlots, 0, null);
    }
}
