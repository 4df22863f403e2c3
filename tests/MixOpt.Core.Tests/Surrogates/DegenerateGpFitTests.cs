using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

/// <summary>The GP fit's degenerate-model detection (leave-one-out check, smooth restart) and per-input scaling.</summary>
public sealed class DegenerateGpFitTests
{
    /// <summary>Dense 64-domain mixtures (every weight near 1/64) and a sparse-law target: the regime where a fixed lengthscale of 0.5 is far above the inputs' spread.</summary>
    private static (double[][] X, double[] Y) Dense64(int rows, int seed, double noise = 0.05)
    {
        var family = ProblemFamily.Create(new ProblemFamilySpec { Domains = 64, Rungs = 1 }, 0);
        var sampler = DirichletSampler.Uniform(64, 20.0, seed);
        var x = Enumerable.Range(0, rows).Select(_ => sampler.Next().ToArray()).ToArray();
        var clean = x.Select(w => family.Expected(w, 0)).ToArray();
        var sd = Math.Sqrt(clean.Average(v => (v - clean.Average()) * (v - clean.Average())));
        var random = new Random(seed + 7);
        return (x, clean.Select(v => v + noise * sd * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1)).ToArray());
    }

    [Fact]
    public void Leave_one_out_tells_an_interpolating_fit_from_a_predictive_one()
    {
        var (x, y) = Dense64(80, 1);
        var kernel = new Matern52ArdKernel(64);
        var inputs = x.SelectMany(w => w.Select(GaussianProcessSurrogate.DiminishingReturns)).ToArray();
        InputScaling.From(inputs, x.Length, 64, 64).Apply(inputs, 64);
        var standardized = Standardizer.Fit(y).ToAll(y);
        // Lengthscales a hundredth of the data's spacing: every row is its own island, held-out rows get the mean.
        double[] islands = [.. Enumerable.Repeat(Math.Log(0.01), 64), 0.0];
        double[] smooth = [.. Enumerable.Repeat(Math.Log(1.0), 64), 0.0];
        var degenerate = LeaveOneOut.R2(kernel, islands, 1e-6, inputs, standardized);
        var predictive = LeaveOneOut.R2(kernel, smooth, 0.01, inputs, standardized);
        Assert.InRange(degenerate, double.NegativeInfinity, 0.05);
        Assert.True(predictive > 0.5, $"a smooth fit's leave-one-out R² is {predictive}");
    }

    [Fact]
    public void A_fit_stuck_at_a_degenerate_optimum_is_replaced_by_a_smooth_restart()
    {
        var (x, y) = Dense64(60, 2);
        var inputs = x.SelectMany(w => w.Select(GaussianProcessSurrogate.DiminishingReturns)).ToArray();
        InputScaling.From(inputs, x.Length, 64, 64).Apply(inputs, 64);
        // One start, at the interpolating corner, with too few iterations to leave it: what the likelihood alone returns.
        var fitter = new GaussianProcessFitter { Restarts = 0, MaxIterations = 2 };
        var fit = fitter.FitHyperparameters(new StartsAtIslands(64), inputs, y, seed: 3);
        Assert.True(fit.Replaced, "the degenerate optimum was returned as is");
        Assert.True(fit.LeaveOneOutR2 > 0.5, $"the replacement's leave-one-out R² is {fit.LeaveOneOutR2}");
    }

    [Fact]
    public void The_gp_surrogate_holds_at_64_dense_domains()
    {
        var (x, y) = Dense64(200, 4);
        var (testX, testY) = Dense64(200, 5, noise: 0);
        var fitted = (GaussianProcessSurrogate.FittedGaussianProcess)new GaussianProcessSurrogate().Fit(SurrogateData.AtFidelity(x, y), 1);
        var mean = new double[testY.Length];
        fitted.Predict(testX.SelectMany(w => w).ToArray(), 1.0, mean, []);
        var spearman = RankCorrelation.Spearman(testY, mean);
        Assert.True(spearman > 0.9, $"Spearman {spearman}");
        Assert.True(fitted.Fit!.LeaveOneOutR2 > 0.5);
        Assert.Null(fitted.Untrusted);
    }

    [Fact]
    public void Input_scaling_puts_each_column_at_its_spread_times_root_dimension()
    {
        double[] x = [0, 10, 1, 10, 2, 10, 3, 10];
        var scaling = InputScaling.From(x, rows: 4, width: 2, columns: 2);
        Assert.Equal(1.5, scaling.Centre[0], 12);
        Assert.Equal(Math.Sqrt(1.25) * Math.Sqrt(2), scaling.Scale[0], 12);
        // A constant column keeps a finite scale rather than dividing by zero.
        Assert.Equal(Math.Sqrt(2), scaling.Scale[1], 12);
        scaling.Apply(x, 2);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0.0, x[1], 12);
    }

    /// <summary>The ARD kernel with its default start moved to the interpolating corner (lengthscales at their lower bound).</summary>
    private sealed class StartsAtIslands(int width) : IGpKernel
    {
        private readonly Matern52ArdKernel _inner = new(width);
        public int InputWidth => _inner.InputWidth;
        public int ParameterCount => _inner.ParameterCount;
        public IReadOnlyList<double> LowerBounds => _inner.LowerBounds;
        public IReadOnlyList<double> UpperBounds => _inner.UpperBounds;
        public double[] InitialParameters() => [.. Enumerable.Repeat(_inner.LowerBounds[0], width), 0.0];
        public double[] SmoothParameters() => _inner.SmoothParameters();
        public double[] RandomParameters(Random random) => _inner.RandomParameters(random);
        public IBoundKernel Bind(IReadOnlyList<double> parameters) => _inner.Bind(parameters);
        public void AccumulateGradient(ReadOnlySpan<double> x, int rows, IReadOnlyList<double> parameters, ReadOnlySpan<double> w, Span<double> gradient) =>
            _inner.AccumulateGradient(x, rows, parameters, w, gradient);
    }
}
