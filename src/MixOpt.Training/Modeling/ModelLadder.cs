namespace MixOpt.Training.Modeling;

/// <summary>
/// The named proxy shapes a fidelity can pick: <c>tiny</c> for tests and demos on a CPU, RegMix's <c>1M</c>
/// (2 layers, d=256, 8 heads) and <c>60M</c> (10 layers, d=768, 12 heads) proxies.
/// </summary>
public static class ModelLadder
{
    public static ModelShape Tiny { get; } = new()
    {
        Name = "tiny", Layers = 2, Dim = 32, Heads = 2, SequenceLength = 32, BatchRows = 8, Steps = 60,
        LearningRate = 3e-3, WarmupSteps = 5, Decay = LearningRateDecay.Cosine, WeightDecay = 0.0,
    };

    public static ModelShape OneMillion { get; } = new()
    {
        Name = "1M", Layers = 2, Dim = 256, Heads = 8, SequenceLength = 256, BatchRows = 16, Steps = 1000,
        LearningRate = 2e-3, WarmupSteps = 50, Decay = LearningRateDecay.Cosine,
    };

    public static ModelShape SixtyMillion { get; } = new()
    {
        Name = "60M", Layers = 10, Dim = 768, Heads = 12, SequenceLength = 1024, BatchRows = 32, Steps = 2000,
        LearningRate = 6e-4, WarmupSteps = 100, Decay = LearningRateDecay.Cosine,
    };

    public static IReadOnlyList<ModelShape> All { get; } = [Tiny, OneMillion, SixtyMillion];

    public static ModelShape Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown model shape '{name}'; the ladder has {string.Join(", ", All.Select(s => s.Name))}.");
}
