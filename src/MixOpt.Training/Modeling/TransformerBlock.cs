using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MixOpt.Training.Modeling;

/// <summary>Pre-norm decoder block: x + attn(norm(x)), then x + mlp(norm(x)) with a 4x GELU MLP.</summary>
internal sealed class TransformerBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly CausalSelfAttention attention;
    private readonly LayerNorm mlpNorm;
    private readonly Linear expand;
    private readonly Linear contract;
    private readonly ComputePrecision _precision;

    public TransformerBlock(int dim, int heads, ComputePrecision precision) : base(nameof(TransformerBlock))
    {
        attentionNorm = LayerNorm(dim);
        attention = new CausalSelfAttention(dim, heads, precision);
        mlpNorm = LayerNorm(dim);
        expand = Linear(dim, 4 * dim);
        contract = Linear(4 * dim, dim);
        _precision = precision;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var attended = attention.forward(_precision.Norm(attentionNorm, x));
        var afterAttention = x + attended;
        using var hidden = functional.gelu(_precision.Linear(expand, _precision.Norm(mlpNorm, afterAttention)));
        using var mlp = _precision.Linear(contract, hidden);
        // Out of place: the MLP's norm saved afterAttention for the backward pass.
        using var mlpOut = _precision.IsReduced ? mlp.to(afterAttention.dtype) : mlp.alias();
        return afterAttention + mlpOut;
    }
}
