using MixOpt.Core.Strategies.Bayesian;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

public class MultiFidelityKernelTests
{
    /// <summary>Rows of 3 mixture weights and a fidelity z, at both ends of the ladder and between.</summary>
    private static (double[] X, double[] Y) Rows()
    {
        var mixtures = TestFunctions.Draw(3, 12, seed: 8);
        var x = mixtures.SelectMany((m, i) => m.Append(i % 3 == 0 ? 1.0 : i % 3 == 1 ? 0.0 : 0.5)).ToArray();
        var y = mixtures.Select((m, i) => Math.Exp(-2 * m[0]) + m[1] + (i % 3 == 1 ? 1.5 : 0)).ToArray();
        return (x, Standardizer.Fit(y).ToAll(y));
    }

    [Fact]
    public void Map_objective_gradient_matches_finite_differences()
    {
        var kernel = new MultiFidelityKernel(3);
        var (x, y) = Rows();
        double[] theta = [Math.Log(0.4), Math.Log(0.9), Math.Log(2.0), 0.3, 1.2, Math.Log(0.2), 0.4, Math.Log(0.02)];
        foreach (var prior in new[] { null, kernel.Prior() })
        {
            PosteriorGradientCheck.AssertMatches(kernel, prior, theta, x, y, $" (prior: {prior is not null})");
        }
    }

    /// <summary>
    /// Many cheap runs far above the target's level (as 1M losses sit above 60M ones) and a few target runs: the MAP
    /// fit must put the target at its own level (not explain the gap as noise) and predict new target mixtures from
    /// the cheap runs' shape.
    /// </summary>
    [Fact]
    public void Target_predictions_take_the_target_level_and_the_cheap_shape()
    {
        var oracle = TestFunctions.Oracle(4, seed: 3);
        var cheap = TestFunctions.Draw(4, 60, seed: 11);
        var target = TestFunctions.Draw(4, 5, seed: 12);
        var fresh = TestFunctions.Draw(4, 30, seed: 13);
        // The gap between the rungs is several times the shape's spread, as between RegMix's 1M and 60M losses.
        var gap = 5 * Standardizer.Fit(TestFunctions.Evaluate(oracle, cheap)).Scale;
        var cheapValues = TestFunctions.Evaluate(oracle, cheap).Select(v => v + gap).ToArray();
        var targetValues = TestFunctions.Evaluate(oracle, target);
        var data = new SurrogateData([.. cheap, .. target], [.. cheap.Select(_ => 0.05), .. target.Select(_ => 1.0)], [.. cheapValues, .. targetValues]);
        var model = (MultiFidelityGpSurrogate.Fitted)new MultiFidelityGpSurrogate { Fitter = BayesianDefaults.MapFitter(new HyperparameterReuse()), Scale = new FidelityScale(0.05, 1) }
            .Fit(data, seed: 1);

        var mean = new double[fresh.Length];
        var std = new double[fresh.Length];
        model.Predict(fresh.SelectMany(m => m).ToArray(), 1.0, mean, std);
        var truth = TestFunctions.Evaluate(oracle, fresh);
        var spread = Standardizer.Fit(truth).Scale;
        var error = Math.Sqrt(mean.Zip(truth).Average(p => (p.First - p.Second) * (p.First - p.Second)));
        Assert.True(error < 0.3 * spread, $"target RMSE {error:F4} vs the target's spread {spread:F4}");
        Assert.True(model.Process.Noise < 0.05, $"fitted noise {model.Process.Noise:F4} (standardized): the level gap went into the noise");
    }

    [Fact]
    public void The_ratio_prior_widens_with_target_rows_and_nothing_else_moves()
    {
        var kernel = new MultiFidelityKernel(3);
        var (x, _) = Rows();
        Assert.Equal(4, kernel.TargetRows(x)); // rows 0, 3, 6, 9 of 12 are at z = 1
        var none = kernel.Prior();
        var some = kernel.Prior(kernel.TargetRows(x));
        var ratio = kernel.Domains + 2;
        Assert.Equal(MultiFidelityKernel.BaseRatioSpread, none.StdDevs[ratio]);
        Assert.Equal(MultiFidelityKernel.BaseRatioSpread + MultiFidelityKernel.RatioSpreadPerTargetRow * 2, some.StdDevs[ratio], 12);
        Assert.Equal(none.Means, some.Means);
        Assert.Equal(none.StdDevs.Where((_, j) => j != ratio), some.StdDevs.Where((_, j) => j != ratio));
        Assert.Throws<ArgumentException>(() => kernel.TargetRows(x.AsSpan(1)));
    }
}
