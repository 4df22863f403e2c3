namespace MixOpt.Training.Execution;

/// <summary>
/// Configuration section <c>Training</c> of a worker silo: where the shards are (a local folder, or a corpus in
/// the artifact store's blob container) and how much of the machine a run may use.
/// </summary>
public sealed record TorchSharpExecutorOptions
{
    public const string Section = "Training";

    /// <summary>A local folder of shards (one sub-folder per domain), as written by <c>mixopt corpus prepare</c>.</summary>
    public string? ShardsPath { get; init; }

    /// <summary>A corpus in blob storage, under <c>corpora/&lt;name&gt;/</c> of the artifact container (used when ShardsPath is not set).</summary>
    public string? BlobCorpus { get; init; }

    /// <summary>libtorch threads per run; keep below the core count so the silo's probes keep running.</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Shape used when a study's fidelity names none of the ladder's shapes.</summary>
    public string DefaultModel { get; init; } = "tiny";

    /// <summary>Overrides every shape's step count (short demo runs); null keeps the ladder's.</summary>
    public int? Steps { get; init; }

    public double MaxEpochsPerDomain { get; init; } = 8;

    public int? MemoryLimitMiB { get; init; }

    /// <summary>Write the loss curve and the final checkpoint to the artifact store.</summary>
    public bool SaveArtifacts { get; init; } = true;
}
