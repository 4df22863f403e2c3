using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MixOpt.Artifacts;
using MixOpt.Backend;
using MixOpt.Core.Execution;
using MixOpt.Training.Execution;

namespace MixOpt.Silo;

/// <summary>
/// The parts of a silo that train: the builtin TorchSharp executor and GPU detection. Only the processes that run
/// builtin runs compose them (the worker silo, the embedded one-process host, `mixopt worker`), so the web host alone
/// ships without TorchSharp and libtorch.
/// </summary>
public static class TrainingServiceExtensions
{
    /// <summary>A silo that trains: the shared backend, its GPUs counted through TorchSharp, and the builtin trainer.</summary>
    public static IHostApplicationBuilder AddMixOptSilo(this IHostApplicationBuilder builder, bool webHost = false)
    {
        builder.AddMixOptBackend(webHost, GpuDetection.CudaDevices);
        return builder.AddMixOptTraining();
    }

    /// <summary>The builtin TorchSharp proxy trainer (executor <c>builtin</c>): shard location and thread cap from the "Training" section.</summary>
    public static IHostApplicationBuilder AddMixOptTraining(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<TorchSharpExecutorOptions, TorchSharpExecutorOptionsValidator>(TorchSharpExecutorOptions.Section);
        builder.Services.AddSingleton<IRunExecutor>(sp =>
            TorchSharpExecutor.Create(sp.GetRequiredService<IOptions<TorchSharpExecutorOptions>>().Value, sp.GetRequiredService<IArtifactStore>()));
        return builder;
    }
}
