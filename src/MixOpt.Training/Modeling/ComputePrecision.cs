using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MixOpt.Training.Modeling;

/// <summary>
/// Mixed precision by hand, as autocast does it (TorchSharp 0.107 has no autocast): weights stay float32, matrix
/// products run in <see cref="Compute"/> (bfloat16 on CUDA) with the casts inside the autograd graph, and
/// normalisation and the loss stay in float32.
/// </summary>
public sealed record ComputePrecision(ScalarType Compute)
{
    public static ComputePrecision Float32 { get; } = new(ScalarType.Float32);
    public static ComputePrecision BFloat16 { get; } = new(ScalarType.BFloat16);

    public bool IsReduced => Compute != ScalarType.Float32;

    public Tensor Linear(Linear layer, Tensor input) =>
        IsReduced
            ? nn.functional.linear(input.to(Compute), layer.weight!.to(Compute), layer.bias?.to(Compute))
            : layer.forward(input);

    public Tensor Linear(Tensor input, Tensor weight, Tensor? bias) =>
        IsReduced
            ? nn.functional.linear(input.to(Compute), weight.to(Compute), bias?.to(Compute))
            : nn.functional.linear(input, weight, bias);

    public Tensor Norm(LayerNorm norm, Tensor input) => norm.forward(input.to(ScalarType.Float32));
}
