using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

public class GaussianProcessTests
{
    [Fact]
    public void Likelihood_gradient_matches_finite_differences()
    {
        var data = TestFunctions.Data(TestFunctions.Oracle(3, 4), 25, seed: 6, noise: 0.01);
        var kernel = new Matern52ArdKernel(3);
        var x = data.Mixtures.SelectMany(r => r).ToArray();
        var standardizer = Standardizer.Fit(data.Targets);
        var y = standardizer.ToAll(data.Targets);
        double[] theta = [Math.Log(0.3), Math.Log(0.7), Math.Log(1.5), 0.2, Math.Log(0.05)];
        var (_, gradient) = GaussianProcessFitter.NegativeLogLikelihood(kernel, theta, x, y);
        for (var j = 0; j < theta.Length; j++)
        {
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[j] += 1e-5;
            down[j] -= 1e-5;
            var numeric = (GaussianProcessFitter.NegativeLogLikelihood(kernel, up, x, y).Value -
                           GaussianProcessFitter.NegativeLogLikelihood(kernel, down, x, y).Value) / 2e-5;
            Assert.True(Math.Abs(numeric - gradient[j]) < 1e-5 + 1e-3 * Math.Abs(numeric), $"parameter {j}: analytic {gradient[j]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Duplicate_points_give_finite_predictions()
    {
        var row = new[] { 0.2, 0.3, 0.5 };
        var x = Enumerable.Repeat(row, 6).Concat(TestFunctions.Draw(3, 6, seed: 1)).ToArray();
        var y = x.Select((r, i) => r[0] + (i < 6 ? 0.001 * i : 0)).ToArray();
        var model = new GaussianProcessSurrogate().Fit(SurrogateData.AtFidelity(x, y), 1);
        var mean = new double[1];
        var std = new double[1];
        model.Predict(row, 1.0, mean, std);
        Assert.True(double.IsFinite(mean[0]) && double.IsFinite(std[0]));
        Assert.InRange(mean[0], 0.15, 0.25);
    }

    [Fact]
    public void Posterior_is_certain_at_observed_points_and_unsure_far_away()
    {
        var x = TestFunctions.Draw(3, 30, seed: 3).Where(r => r[0] < 0.5).ToArray();
        var y = x.Select(r => Math.Sin(4 * r[0]) + r[1]).ToArray();
        var fitted = (GaussianProcessSurrogate.FittedGaussianProcess)new GaussianProcessSurrogate { Warp = null }.Fit(SurrogateData.AtFidelity(x, y), 2);
        // The posterior works on the model's own inputs (scaled per input): Encode writes them.
        var nearInput = new double[3];
        var farInput = new double[3];
        fitted.Encode(x[0], 1.0, nearInput);
        fitted.Encode(new[] { 0.98, 0.01, 0.01 }, 1.0, farInput);
        var near = fitted.Process.Predict(nearInput);
        var far = fitted.Process.Predict(farInput);
        Assert.True(near.Variance < far.Variance / 4, $"variance at data {near.Variance}, far {far.Variance}");
    }

    [Fact]
    public void Adding_observations_matches_refitting_at_the_same_hyperparameters()
    {
        var data = TestFunctions.Data(TestFunctions.Oracle(3, 4), 20, seed: 6, noise: 0.01);
        var kernel = new Matern52ArdKernel(3);
        var x = data.Mixtures.SelectMany(r => r).ToArray();
        var standardizer = Standardizer.Fit(data.Targets);
        double[] parameters = [-1, -0.5, 0, 0.1];
        var all = GaussianProcess.Condition(kernel, parameters, 0.01, x, data.Targets, standardizer);
        var first = GaussianProcess.Condition(kernel, parameters, 0.01, x[..(15 * 3)], data.Targets.Take(15).ToArray(), standardizer);
        var extended = first.WithObservations(x.AsSpan(15 * 3), data.Targets.Skip(15).ToArray());
        var probe = new[] { 0.3, 0.3, 0.4 };
        var a = all.Predict(probe);
        var b = extended.Predict(probe);
        Assert.Equal(a.Mean, b.Mean, 6);
        Assert.Equal(a.Variance, b.Variance, 6);
    }
}
