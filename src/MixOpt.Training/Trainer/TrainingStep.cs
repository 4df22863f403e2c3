using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MixOpt.Training.Trainer;

/// <summary>
/// One optimizer step on one batch, inside its own dispose scope so every tensor it makes is freed when it
/// returns (TorchSharp's native memory is otherwise only freed by the garbage collector, and grows).
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly ModelShape _shape;
    private readonly Device _device;
    private readonly AdamW _optimizer;

    public TrainingStep(ProxyLanguageModel model, ModelShape shape, Device device)
    {
        Model = model;
        _shape = shape;
        _device = device;
        _optimizer = optim.AdamW(model.parameters(), shape.LearningRate, 0.9, 0.95, 1e-8, shape.WeightDecay);
    }

    public ProxyLanguageModel Model { get; }

    /// <summary>Trains on <paramref name="batch"/> at <paramref name="learningRate"/>; returns the batch's loss before the update.</summary>
    public double Run(TokenBatch batch, double learningRate)
    {
        using var scope = NewDisposeScope();
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        var logits = Model.forward(tensor(batch.Inputs, [batch.Rows, batch.Length]).to(_device));
        var loss = nn.functional.cross_entropy(logits.view(-1, Model.VocabSize), tensor(batch.Targets).to(_device));
        var value = (double)loss.item<float>();
        if (!double.IsFinite(value)) return value;
        _optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(Model.parameters(), _shape.GradientClip);
        _optimizer.step();
        return value;
    }

    public void Dispose() => _optimizer.Dispose();
}
