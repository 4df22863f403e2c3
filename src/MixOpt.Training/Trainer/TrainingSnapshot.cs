using static TorchSharp.torch;

namespace MixOpt.Training.Trainer;

/// <summary>
/// Copies of a model's parameters and of its AdamW state (step counts and both moments) at one moment, so a
/// look-ahead (an Aioli probe) can train and then leave the run exactly where it was. Owns native tensors: dispose it.
/// </summary>
public sealed class TrainingSnapshot : IDisposable
{
    internal TrainingSnapshot(Tensor[] parameters, AdamMoments[] moments)
    {
        Parameters = parameters;
        Moments = moments;
    }

    internal Tensor[] Parameters { get; }

    internal AdamMoments[] Moments { get; }

    public void Dispose()
    {
        foreach (var p in Parameters) p.Dispose();
        foreach (var m in Moments)
        {
            m.First?.Dispose();
            m.Second?.Dispose();
        }
    }

    /// <summary>One parameter's AdamW state: its step count and copies of the first and second moments (null before they exist).</summary>
    internal sealed record AdamMoments(long Step, Tensor? First, Tensor? Second);
}
