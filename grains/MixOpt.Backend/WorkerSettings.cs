namespace MixOpt.Backend;

/// <summary>Configuration section <c>Worker</c>: the GPUs a worker silo advertises (its CPU slots are <c>Scheduler:Slots</c>).</summary>
public sealed class WorkerSettings
{
    public const string Section = "Worker";

    /// <summary>A number of GPUs, or <c>auto</c> to ask TorchSharp for CUDA devices at start-up (loads libtorch). Default 0.</summary>
    public string Gpus { get; set; } = "0";

    /// <summary>What the GPUs are (e.g. "H100"), shown on the workers page; default "cuda" when GPUs are found.</summary>
    public string? GpuKind { get; set; }
}
