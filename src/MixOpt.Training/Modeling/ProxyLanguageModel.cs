using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MixOpt.Training.Modeling;

/// <summary>
/// The decoder-only proxy: token + learned position embeddings, pre-norm blocks, a final norm, and an output
/// layer tied to the token embedding. Weights start at N(0, 0.02) (GPT-2's initialisation), biases at zero.
/// </summary>
public sealed class ProxyLanguageModel : Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm finalNorm;
    private readonly ComputePrecision _precision;

    public ProxyLanguageModel(ModelShape shape, int vocabSize, ComputePrecision precision) : base(nameof(ProxyLanguageModel))
    {
        shape.Validate();
        VocabSize = vocabSize;
        tokens = Embedding(vocabSize, shape.Dim);
        positions = Embedding(shape.SequenceLength, shape.Dim);
        blocks = new ModuleList<TransformerBlock>(Enumerable.Range(0, shape.Layers).Select(_ => new TransformerBlock(shape.Dim, shape.Heads, precision)).ToArray());
        finalNorm = LayerNorm(shape.Dim);
        _precision = precision;
        RegisterComponents();
        using (no_grad())
        {
            foreach (var (name, parameter) in named_parameters())
            {
                if (name.EndsWith("bias", StringComparison.Ordinal)) parameter.zero_();
                else if (parameter.dim() == 2) init.normal_(parameter, 0, 0.02);
            }
        }
    }

    public int VocabSize { get; }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Token ids [B, T] (int64) to logits [B, T, vocab] (float32).</summary>
    public override Tensor forward(Tensor ids)
    {
        using var positionIds = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device);
        using var tokenVectors = tokens.forward(ids);
        using var positionVectors = positions.forward(positionIds);
        var x = tokenVectors + positionVectors;
        foreach (var block in blocks)
        {
            var next = block.forward(x);
            x.Dispose();
            x = next;
        }
        using var normed = finalNorm.forward(x);
        x.Dispose();
        // The output layer is the token embedding's weight (weight tying), with no bias.
        var logits = _precision.Linear(normed, tokens.weight!, null);
        if (!_precision.IsReduced) return logits;
        using (logits) return logits.to(ScalarType.Float32);
    }
}
