namespace MixOpt.Training.Trainer;

/// <summary>
/// What one proxy run produced: per-domain validation loss, the training loss curve, its cost (seconds, tokens,
/// estimated FLOPs), what the loader actually drew (proportions and epochs per domain) and the final weights.
/// </summary>
public sealed record TrainingResult(
    IReadOnlyDictionary<string, double> ValidationLoss,
    IReadOnlyList<LossPoint> LossCurve,
    double Seconds,
    long Tokens,
    double Flops,
    long Parameters,
    IReadOnlyList<double> MeasuredProportions,
    IReadOnlyList<double> Epochs,
    string Device,
    byte[]? Checkpoint)
{
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;
}

/// <summary>The training loss at one step, with the learning rate used there.</summary>
public sealed record LossPoint(int Step, double Loss, double LearningRate);
