using System.Globalization;
using Microsoft.Extensions.Configuration;
using MixOpt.Grains.Cluster;
using MixOpt.Grains.Scheduling;

namespace MixOpt.Backend;

/// <summary>
/// What this silo advertises. The embedded one-process mode has slots and coordinates; in a real cluster the web
/// host has no slots (it coordinates), and a worker has one slot per GPU, or <c>Scheduler:Slots</c> CPU slots.
/// GPUs are counted by the caller's <c>countGpus</c> (TorchSharp, in the worker silo), so this project needs no libtorch.
/// Resolved while the silo is composed (Orleans publishes them as silo metadata, fixed before any options exist), so
/// the keys are read here and a bad value fails with the key's name, as the start-up validation of the same sections does.
/// </summary>
public static class SiloCapabilitiesResolver
{
    public static SiloCapabilities Resolve(IConfiguration config, ClusterMode mode, bool webHost, Func<int>? countGpus = null)
    {
        var cpuSlots = config.GetSection(SchedulerOptions.Section).GetValue("Slots", new SchedulerOptions().Slots);
        if (mode == ClusterMode.Localhost) return new SiloCapabilities(SiloRoles.Embedded, Math.Max(1, cpuSlots), 0, null);
        if (webHost) return new SiloCapabilities(SiloRoles.Host, 0, 0, null);

        var worker = config.GetSection(WorkerSettings.Section);
        var gpuSetting = worker.GetValue(nameof(WorkerSettings.Gpus), new WorkerSettings().Gpus);
        if (!WorkerSettingsValidator.IsValidGpus(gpuSetting))
            throw new InvalidOperationException($"{WorkerSettings.Section}:Gpus is '{gpuSetting}'; use a number between 0 and 64, or 'auto'.");
        var gpus = string.Equals(gpuSetting, "auto", StringComparison.OrdinalIgnoreCase)
            ? countGpus?.Invoke() ?? throw new InvalidOperationException("Worker:Gpus is 'auto', but this process cannot load libtorch to count CUDA devices: run the worker silo (MixOpt.Silo or `mixopt worker`).")
            : int.Parse(gpuSetting!, NumberStyles.Integer, CultureInfo.InvariantCulture);
        var gpuKind = worker.GetValue<string?>(nameof(WorkerSettings.GpuKind));
        if (cpuSlots < 0) throw new InvalidOperationException($"Scheduler:Slots is {cpuSlots}; it must be >= 0.");
        return gpus > 0
            ? new SiloCapabilities(SiloRoles.Worker, gpus, gpus, gpuKind ?? "cuda")
            : new SiloCapabilities(SiloRoles.Worker, cpuSlots, 0, null);
    }
}
