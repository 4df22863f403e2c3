using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MixOpt.Training.Modeling;

/// <summary>Multi-head causal self-attention through libtorch's fused scaled_dot_product_attention.</summary>
internal sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear output;
    private readonly int _heads;
    private readonly ComputePrecision _precision;

    public CausalSelfAttention(int dim, int heads, ComputePrecision precision) : base(nameof(CausalSelfAttention))
    {
        qkv = Linear(dim, 3 * dim);
        output = Linear(dim, dim);
        _heads = heads;
        _precision = precision;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long batch = x.shape[0], length = x.shape[1], dim = x.shape[2];
        // [B, T, 3, H, D/H] -> [3, B, H, T, D/H]
        using var projected = _precision.Linear(qkv, x).view(batch, length, 3, _heads, dim / _heads).permute(2, 0, 3, 1, 4);
        using var q = projected[0];
        using var k = projected[1];
        using var v = projected[2];
        // TorchSharp spells PyTorch's is_causal flag `is_casual`.
        using var attended = functional.scaled_dot_product_attention(q, k, v, null, 0.0, is_casual: true);
        using var merged = attended.transpose(1, 2).reshape(batch, length, dim);
        return _precision.Linear(output, merged);
    }
}
