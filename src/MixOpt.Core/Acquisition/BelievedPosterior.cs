using MixOpt.Core.Mixtures;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Acquisition;

/// <summary>
/// A fitted Gaussian-process posterior with the runs still pending (and those already chosen for the batch)
/// conditioned in as kriging-believer fantasies: each is "observed" at its posterior mean with a tiny noise, so
/// the posterior collapses where it will land and the next pick goes elsewhere. The pending runs are set once, when
/// the posterior is created; every acquisition built from it sees them.
/// </summary>
public sealed class BelievedPosterior
{
    /// <summary>Writes the model input of a run (mixture at fidelity) into <c>input</c> (<see cref="GaussianProcess.InputWidth"/> wide).</summary>
    public delegate void RunEncoder(ReadOnlySpan<double> mixture, double fidelity, Span<double> input);

    /// <summary>Noise of a fantasized run (standardized scale): small, so the believer treats it as known.</summary>
    public const double FantasyNoise = 1e-6;

    private BelievedPosterior(GaussianProcess process, RunEncoder encode)
    {
        Process = process;
        Encode = encode;
    }

    public GaussianProcess Process { get; }

    public RunEncoder Encode { get; }

    /// <summary>The fitted <paramref name="process"/> with <paramref name="pending"/> believed.</summary>
    public static BelievedPosterior Create(GaussianProcess process, RunEncoder encode, IEnumerable<(Mixture Mixture, double Fidelity)> pending)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(encode);
        return new BelievedPosterior(process, encode).Believe(pending);
    }

    /// <summary>This posterior with <paramref name="runs"/> believed as well (same hyperparameters, factor extended).</summary>
    public BelievedPosterior Believe(IEnumerable<(Mixture Mixture, double Fidelity)> runs)
    {
        var list = runs.ToArray();
        if (list.Length == 0) return this;
        var width = Process.InputWidth;
        var inputs = new double[list.Length * width];
        var values = new double[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            Encode(list[i].Mixture.ToArray(), list[i].Fidelity, inputs.AsSpan(i * width, width));
            values[i] = Process.Predict(inputs.AsSpan(i * width, width)).Mean;
        }
        return new BelievedPosterior(Process.WithObservations(inputs, values, noise: FantasyNoise), Encode);
    }

    /// <summary>Posterior mean and latent variance (raw units) of a run of <paramref name="mixture"/> at <paramref name="fidelity"/>.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> mixture, double fidelity)
    {
        var input = new double[Process.InputWidth];
        Encode(mixture, fidelity, input);
        return Process.Predict(input);
    }
}
