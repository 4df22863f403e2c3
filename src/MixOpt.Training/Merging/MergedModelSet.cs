namespace MixOpt.Training.Merging;

/// <summary>
/// The cache entry of one merged rung: where each domain's model lies in the artifact store and what training it
/// cost. Written last, after every model, so its presence means the set is complete.
/// </summary>
public sealed record MergedModelSet
{
    public const string CurrentFormat = "mixopt-merged/1";

    public string Format { get; init; } = CurrentFormat;
    public string Key { get; init; } = "";
    public string Shape { get; init; } = "";
    public int Steps { get; init; }
    public int Seed { get; init; }
    public IReadOnlyList<MergedDomainModel> Domains { get; init; } = [];
    /// <summary>The study and run whose attempt trained the set (and was charged for it).</summary>
    public Guid TrainedByStudy { get; init; }
    public Guid TrainedByRun { get; init; }
    public double TrainingSeconds { get; init; }
}

/// <summary>One domain's proxy: its checkpoint's path and its validation losses on every domain of the corpus.</summary>
public sealed record MergedDomainModel(string Domain, string Checkpoint, IReadOnlyDictionary<string, double> ValidationLoss, double Seconds);
