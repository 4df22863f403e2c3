using MixOpt.Core.Mixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace MixOpt.Training.Merging;

/// <summary>
/// The weighted average of several models' parameters (model merging, "Scalable Data Ablation Approximations",
/// Na et al. 2024): every floating-point tensor of the state dict becomes Σ_i w_i · θ_i. The weights are a point of
/// the simplex (each finite and ≥ 0, summing to 1 within <see cref="Tolerance"/>); anything else is refused, since a
/// sum that is not 1 scales every weight matrix and the "average" would be a different model. Sums are taken in
/// float64 so the average of identical models is that model to float32 precision.
/// </summary>
public static class ParameterAveraging
{
    /// <summary>The mixtures' own tolerance, so every mixture the ledger holds is a valid set of weights.</summary>
    public const double Tolerance = Mixture.Tolerance;

    /// <summary>Writes the weighted average of <paramref name="sources"/> into <paramref name="into"/> (same architecture).</summary>
    public static void AverageInto(nn.Module into, IReadOnlyList<nn.Module> sources, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(into);
        CheckWeights(weights, sources.Count);
        var target = into.state_dict();
        var states = sources.Select(s => s.state_dict()).ToArray();
        if (states.Any(s => s.Count != target.Count))
            throw new ArgumentException("The models do not have the same tensors; only models of one architecture can be averaged.");
        using var _ = no_grad();
        foreach (var (name, destination) in target)
        {
            var parts = new Tensor[states.Length];
            for (var i = 0; i < states.Length; i++)
            {
                if (!states[i].TryGetValue(name, out var part))
                    throw new ArgumentException($"Model {i} has no tensor '{name}'; only models of one architecture can be averaged.");
                if (!part.shape.SequenceEqual(destination.shape))
                    throw new ArgumentException($"Tensor '{name}' is [{string.Join(", ", part.shape)}] in model {i} and [{string.Join(", ", destination.shape)}] in the target.");
                parts[i] = part;
            }
            if (!destination.is_floating_point())
            {
                // Counters and index buffers are not averaged: they must agree, and the first model's is kept.
                destination.copy_(parts[0]);
                continue;
            }
            // One float64 matrix product per tensor, [1, k] x [k, elements], with no Scalar objects: a bench run that
            // averaged with per-weight Scalars crashed later in libtorch (a Scalar read as garbage); cause not proven.
            using var scope = NewDisposeScope();
            var stacked = stack(parts.Select(p => p.to(ScalarType.Float64, destination.device)).ToArray()).reshape(parts.Length, -1);
            var mixing = tensor(weights.ToArray(), [1, weights.Count], ScalarType.Float64).to(destination.device);
            destination.copy_(mixing.matmul(stacked).reshape(destination.shape).to(destination.dtype));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the problem unless <paramref name="weights"/> is a point of the simplex over <paramref name="models"/> models.</summary>
    public static void CheckWeights(IReadOnlyList<double> weights, int models)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (models == 0) throw new ArgumentException("Averaging needs at least one model.");
        if (weights.Count != models) throw new ArgumentException($"There are {weights.Count} weights for {models} models.");
        double sum = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var w = weights[i];
            if (!double.IsFinite(w)) throw new ArgumentException($"Weight {i} is {w}; averaging weights must be finite.");
            if (w < 0) throw new ArgumentException($"Weight {i} is {w}; averaging weights must be >= 0.");
            sum += w;
        }
        if (Math.Abs(sum - 1) > Tolerance)
            throw new ArgumentException($"The averaging weights sum to {sum:R}; they must sum to 1 (within {Tolerance:G}).");
    }
}
