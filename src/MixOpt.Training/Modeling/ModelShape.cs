namespace MixOpt.Training.Modeling;

/// <summary>
/// A rung of the proxy ladder: the transformer's shape plus the training budget that goes with it
/// (rows x sequence length tokens per step, for <see cref="Steps"/> steps).
/// </summary>
public sealed record ModelShape
{
    public string Name { get; init; } = "";
    public int Layers { get; init; }
    public int Dim { get; init; }
    public int Heads { get; init; }
    public int SequenceLength { get; init; }
    public int BatchRows { get; init; }
    public int Steps { get; init; }
    public double LearningRate { get; init; } = 1e-3;
    public int WarmupSteps { get; init; }
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Cosine;
    public double WeightDecay { get; init; } = 0.1;
    public double GradientClip { get; init; } = 1.0;

    public long TokensPerStep => (long)BatchRows * SequenceLength;

    /// <summary>Weights excluding the embedding tables (Kaplan et al.'s N): 12·L·d² for attention and MLP.</summary>
    public long NonEmbeddingParameters => 12L * Layers * Dim * Dim;

    /// <summary>Training FLOPs per token: 6·N for the weights plus the attention scores and the tied output layer.</summary>
    public double TrainingFlopsPerToken(int vocabSize) =>
        6.0 * (NonEmbeddingParameters + (double)Dim * vocabSize) + 6.0 * Layers * SequenceLength * Dim;

    public void Validate()
    {
        if (Layers <= 0 || Dim <= 0 || Heads <= 0 || SequenceLength <= 0 || BatchRows <= 0 || Steps <= 0)
            throw new ArgumentException($"Model shape '{Name}': layers, dim, heads, sequence length, batch rows and steps must all be positive.");
        if (Dim % Heads != 0)
            throw new ArgumentException($"Model shape '{Name}': dim {Dim} is not divisible by {Heads} heads.");
        if (!(LearningRate > 0) || WarmupSteps < 0 || !(GradientClip > 0))
            throw new ArgumentException($"Model shape '{Name}': learning rate and gradient clip must be positive, warmup >= 0.");
    }
}

public enum LearningRateDecay
{
    Constant,
    Cosine,
}
