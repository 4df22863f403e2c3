using MixOpt.Training.Trainer;

namespace MixOpt.Training.Execution;

/// <summary>The JSON written beside a built-in run: its shape, cost, what the loader drew and the full loss curve.</summary>
public sealed record TrainingReport(
    string Model, string Device, int Threads, int Seed, long Parameters, long Tokens, double Flops, double Seconds, double TokensPerSecond,
    IReadOnlyDictionary<string, double> ValidationLoss, IReadOnlyDictionary<string, double> MeasuredProportions,
    IReadOnlyDictionary<string, double> Epochs, IReadOnlyList<LossPoint> LossCurve);
