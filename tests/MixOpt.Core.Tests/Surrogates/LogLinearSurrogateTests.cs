using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Surrogates;

public class LogLinearSurrogateTests
{
    private static (List<double[]> X, List<double> Y) Law(double a, double[] b, int n, int seed, double noise = 0)
    {
        var random = new Random(seed);
        var x = new List<double[]>();
        var y = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var w = b.Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
            var s = w.Sum();
            var m = w.Select(v => v / s).ToArray();
            x.Add(m);
            var e = a + m.Select((v, j) => v * b[j]).Sum();
            y.Add(Math.Exp(e + noise * (2 * random.NextDouble() - 1)));
        }
        return (x, y);
    }

    [Fact]
    public void Recovers_known_intercept_and_slopes()
    {
        // On the simplex only differences of slopes are identified (Σx = 1 makes a constant shift of b an intercept
        // change), so the test compares a + b_j, the law's value at each pure domain, and the predictions.
        double a = 1.1;
        double[] b = [-0.4, 0.3, 0.1, -0.2];
        var (x, y) = Law(a, b, 80, seed: 3);
        var fit = LogLinearSurrogate.FitLaw(SurrogateData.AtFidelity(x, y));
        Assert.Equal(0, fit.Shift);
        for (var j = 0; j < b.Length; j++)
            Assert.Equal(a + b[j], fit.Intercept + fit.Slopes[j], 3);
        var mean = new double[1];
        var std = new double[1];
        fit.Predict([0.1, 0.2, 0.3, 0.4], 1.0, mean, std);
        Assert.Equal(Math.Exp(a + 0.1 * b[0] + 0.2 * b[1] + 0.3 * b[2] + 0.4 * b[3]), mean[0], 3);
        Assert.True(std[0] >= 0 && std[0] < 1e-3);
    }

    [Fact]
    public void Noisy_law_gets_an_uncertainty_of_the_noise_size()
    {
        var (x, y) = Law(1.0, [-0.5, 0.5, 0.0], 200, seed: 4, noise: 0.05);
        var fit = LogLinearSurrogate.FitLaw(SurrogateData.AtFidelity(x, y));
        // Uniform noise of half-width 0.05 in log space has σ = 0.05/√3 ≈ 0.029.
        Assert.InRange(fit.LogSigma, 0.02, 0.04);
        var mean = new double[1];
        var std = new double[1];
        fit.Predict([0.2, 0.3, 0.5], 1.0, mean, std);
        Assert.InRange(std[0] / mean[0], 0.02, 0.04);
    }

    [Fact]
    public void Non_positive_targets_are_shifted_so_the_logarithm_exists()
    {
        var (x, y) = Law(0.5, [-1, 1, 0], 40, seed: 5);
        var negated = y.Select(v => -v).ToArray();
        var fit = LogLinearSurrogate.FitLaw(SurrogateData.AtFidelity(x, negated));
        Assert.True(fit.Shift < negated.Min());
        var mean = new double[x.Count];
        fit.Predict(x.SelectMany(r => r).ToArray(), 1.0, mean, Span<double>.Empty);
        // Not the law any more (a shifted exponential of a negated one), but it must still rank the runs right.
        Assert.True(RankCorrelation.Spearman(mean, negated) > 0.95);
    }

    [Fact]
    public void Joins_the_catalog_and_fits_data_spanning_fidelities()
    {
        Assert.Contains(LogLinearSurrogate.SurrogateName, SurrogateCatalog.Names);
        var (x, y) = Law(1.0, [-0.5, 0.5, 0.0], 60, seed: 6);
        var fidelities = Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? 1.0 : 4.0).ToArray();
        // Loss falls as a power of the fidelity: log y gains −0.1·log f.
        var targets = y.Select((v, i) => v * Math.Pow(fidelities[i], -0.1)).ToArray();
        var fit = (FittedLogLinear)SurrogateCatalog.Create("log-linear").Fit(new SurrogateData(x, fidelities, targets), 0);
        Assert.Equal(-0.1, fit.Slopes[^1], 6);
    }
}
