using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

public class HyperparameterPriorTests
{
    [Fact]
    public void Posterior_gradient_matches_finite_differences()
    {
        var data = TestFunctions.Data(TestFunctions.Oracle(3, 4), 6, seed: 2, noise: 0.01);
        var kernel = new Matern52ArdKernel(3);
        var prior = HyperparameterPrior.AroundDefaults(kernel);
        var x = data.Mixtures.SelectMany(r => r).ToArray();
        var y = Standardizer.Fit(data.Targets).ToAll(data.Targets);
        double[] theta = [Math.Log(0.3), Math.Log(2.0), Math.Log(1.5), 0.4, Math.Log(0.05)];
        PosteriorGradientCheck.AssertMatches(kernel, prior, theta, x, y);
    }

    [Fact]
    public void Map_fit_on_fewer_rows_than_inputs_stays_near_the_prior_where_the_likelihood_alone_drifts()
    {
        // 4 rows in 8 dimensions: most lengthscales are unidentified by the likelihood.
        var x = TestFunctions.Draw(8, 4, seed: 5);
        var y = x.Select(r => Math.Exp(-3 * r[0]) + 0.5 * r[1]).ToArray();
        var kernel = new Matern52ArdKernel(8);
        var flat = new GaussianProcessFitter { Restarts = 2 }.FitHyperparameters(kernel, x.SelectMany(r => r).ToArray(), y, seed: 1);
        var map = new GaussianProcessFitter { Restarts = 2, Prior = (k, _) => HyperparameterPrior.AroundDefaults(k) }.FitHyperparameters(kernel, x.SelectMany(r => r).ToArray(), y, seed: 1);
        var defaults = kernel.InitialParameters();
        double Distance(double[] p) => Math.Sqrt(p.Zip(defaults).Sum(t => (t.First - t.Second) * (t.First - t.Second)));
        Assert.True(Distance(map.Parameters) < Distance(flat.Parameters), $"MAP {Distance(map.Parameters):F3} vs likelihood {Distance(flat.Parameters):F3} from the defaults");
        Assert.All(map.Parameters, p => Assert.True(double.IsFinite(p)));
    }

    [Fact]
    public void Prior_of_the_wrong_length_is_rejected_with_a_clear_message()
    {
        var prior = HyperparameterPrior.AroundDefaults(new Matern52ArdKernel(2));
        var error = Assert.Throws<ArgumentException>(() => prior.Penalty([0.0, 0.0], new double[2]));
        Assert.Contains("4 hyperparameters", error.Message);
    }
}
