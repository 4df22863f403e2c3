using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using static TorchSharp.torch;

namespace MixOpt.Training.Trainer;

/// <summary>
/// Mean next-token cross-entropy (nats per token) of a model on each domain's held-out validation split, over
/// non-overlapping sequences from the start of the split (the same sequences for every run, so runs compare).
/// </summary>
public static class DomainEvaluator
{
    private const int EvaluationBatchTokens = 4096;

    public static Dictionary<string, double> Evaluate(ProxyLanguageModel model, IReadOnlyList<DomainShard> shards, ModelShape shape, int maxSequences, Device device)
    {
        var losses = new Dictionary<string, double>(StringComparer.Ordinal);
        model.eval();
        using var _ = no_grad();
        foreach (var shard in shards)
        {
            var tokens = shard.Validation;
            if (tokens.Length < 2)
                throw new ShardException($"Domain '{shard.Domain}' has {tokens.Length} validation tokens; its loss cannot be measured (empty domain?).");
            var length = Math.Min(shape.SequenceLength, tokens.Length - 1);
            var sequences = Math.Min(maxSequences, (tokens.Length - 1) / length);
            double total = 0;
            long count = 0;
            // Scoring batches of at least EvaluationBatchTokens tokens: small shapes' training batches are too small to
            // keep a CPU busy, and the in-run reports score hundreds of sequences many times per run.
            var batch = Math.Max(shape.BatchRows, EvaluationBatchTokens / length);
            for (var first = 0; first < sequences; first += batch)
            {
                using var scope = NewDisposeScope();
                var rows = Math.Min(batch, sequences - first);
                var inputs = new long[rows * length];
                var targets = new long[rows * length];
                for (var r = 0; r < rows; r++)
                {
                    var start = (first + r) * length;
                    for (var i = 0; i < length; i++)
                    {
                        inputs[r * length + i] = tokens[start + i];
                        targets[r * length + i] = tokens[start + i + 1];
                    }
                }
                var logits = model.forward(tensor(inputs, [rows, length]).to(device));
                var sum = nn.functional.cross_entropy(logits.view(-1, model.VocabSize), tensor(targets).to(device), reduction: nn.Reduction.Sum);
                total += sum.item<float>();
                count += rows * length;
            }
            var loss = total / count;
            if (!double.IsFinite(loss))
                throw new TrainingFailedException($"Validation loss on domain '{shard.Domain}' is {loss}: the model diverged.");
            losses[shard.Domain] = loss;
        }
        model.train();
        return losses;
    }
}
