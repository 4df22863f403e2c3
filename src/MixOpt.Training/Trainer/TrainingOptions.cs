namespace MixOpt.Training.Trainer;

/// <summary>How a proxy run uses the machine, and the limits it must respect.</summary>
public sealed record TrainingOptions
{
    /// <summary>libtorch intra-op threads. Capped so a worker silo's failure-detector probes are never starved.</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary><c>auto</c> (CUDA when available, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The most passes a run may make over any domain's train tokens; a mixture that needs more is refused.</summary>
    public double MaxEpochsPerDomain { get; init; } = 8;

    /// <summary>At most this many validation sequences per domain are scored (from the start of its validation split).</summary>
    public int EvaluationSequences { get; init; } = 64;

    /// <summary>
    /// Validation sequences per domain each in-run report scores (from the second half of the split). Probe loss
    /// changes are a few hundredths of a nat, so too few sequences drown them in evaluation noise.
    /// </summary>
    public int InRunReportSequences { get; init; } = 128;

    /// <summary>Overrides the shape's step count (benchmarks, tests); null keeps the ladder's.</summary>
    public int? Steps { get; init; }

    /// <summary>Keep the final weights (a TorchSharp checkpoint) in the result.</summary>
    public bool KeepCheckpoint { get; init; } = true;

    /// <summary>Refuse to start when the estimated training memory exceeds this many bytes (null: no estimate check).</summary>
    public long? MemoryLimitBytes { get; init; }

    public int Seed { get; init; }

    public void Validate()
    {
        if (Threads <= 0) throw new ArgumentException($"Threads must be positive, got {Threads}.");
        if (!(MaxEpochsPerDomain > 0)) throw new ArgumentException($"The epoch cap must be positive, got {MaxEpochsPerDomain}.");
        if (EvaluationSequences <= 0) throw new ArgumentException($"Evaluation sequences must be positive, got {EvaluationSequences}.");
        if (InRunReportSequences <= 0) throw new ArgumentException($"In-run report sequences must be positive, got {InRunReportSequences}.");
        if (Steps is <= 0) throw new ArgumentException($"Steps must be positive, got {Steps}.");
        if (Device is not ("auto" or "cpu" or "cuda")) throw new ArgumentException($"Device '{Device}' is not auto, cpu or cuda.");
    }
}
