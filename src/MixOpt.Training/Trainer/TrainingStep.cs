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

    /// <summary>Copies the model's parameters and the optimizer's state (AdamW step counts and moments).</summary>
    public TrainingSnapshot Snapshot()
    {
        using var _ = no_grad();
        var parameters = Model.parameters().Select(p => p.detach().clone()).ToArray();
        var moments = AdamStates().Select(s => new TrainingSnapshot.AdamMoments(s.step, s.exp_avg?.detach().clone(), s.exp_avg_sq?.detach().clone())).ToArray();
        return new TrainingSnapshot(parameters, moments);
    }

    /// <summary>Copies <paramref name="snapshot"/> back into the live parameters and optimizer state.</summary>
    public void Restore(TrainingSnapshot snapshot)
    {
        using var _ = no_grad();
        var parameters = Model.parameters().ToArray();
        var states = AdamStates();
        if (parameters.Length != snapshot.Parameters.Length || states.Length != snapshot.Moments.Length)
            throw new InvalidOperationException("The snapshot was taken of another model or optimizer.");
        for (var i = 0; i < parameters.Length; i++) parameters[i].copy_(snapshot.Parameters[i]);
        for (var i = 0; i < states.Length; i++)
        {
            var saved = snapshot.Moments[i];
            states[i].step = saved.Step;
            if (saved.First is not null) states[i].exp_avg.copy_(saved.First);
            if (saved.Second is not null) states[i].exp_avg_sq.copy_(saved.Second);
        }
    }

    // The optimizer's live per-parameter state objects (state_dict hands out the objects it steps, not copies).
    private AdamW.State[] AdamStates() => _optimizer.state_dict().State.Cast<AdamW.State>().ToArray();

    public void Dispose() => _optimizer.Dispose();
}
