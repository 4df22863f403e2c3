using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Surrogates;

public class EnsembleSurrogateTests
{
    private static readonly SurrogateData Train = TestFunctions.Data(TestFunctions.Oracle(4, seed: 21), 60, seed: 1, noise: 0.002);
    private static readonly double[] Test = TestFunctions.Draw(4, 50, seed: 99).SelectMany(r => r).ToArray();

    private static (double[] Mean, double[] Std) Predict(IFittedSurrogate model)
    {
        var mean = new double[50];
        var std = new double[50];
        model.Predict(Test, 1.0, mean, std);
        return (mean, std);
    }

    [Fact]
    public void An_ensemble_of_one_model_family_is_that_model()
    {
        var ensemble = new EnsembleSurrogate { Members = [(new GaussianProcessSurrogate(), 1.0), (new GaussianProcessSurrogate(), 3.0)] };
        var (mean, std) = Predict(ensemble.Fit(Train, seed: 3));
        var (gpMean, gpStd) = Predict(new GaussianProcessSurrogate().Fit(Train, seed: 3));
        for (var i = 0; i < mean.Length; i++)
        {
            Assert.Equal(gpMean[i], mean[i], 12);
            Assert.Equal(gpStd[i], std[i], 12);
        }
    }

    [Fact]
    public void Predicts_the_weighted_mixture_of_its_members()
    {
        var ensemble = new EnsembleSurrogate { Members = [(new RidgeSurrogate(), 1.0), (new LightGbmSurrogate(), 3.0)] };
        var (mean, std) = Predict(ensemble.Fit(Train, seed: 5));
        var (ridgeMean, ridgeStd) = Predict(new RidgeSurrogate().Fit(Train, seed: 5));
        var (treeMean, treeStd) = Predict(new LightGbmSurrogate().Fit(Train, seed: 5));
        for (var i = 0; i < mean.Length; i++)
        {
            var expected = 0.25 * ridgeMean[i] + 0.75 * treeMean[i];
            Assert.Equal(expected, mean[i], 12);
            var variance = 0.25 * (ridgeStd[i] * ridgeStd[i] + Math.Pow(ridgeMean[i] - expected, 2))
                + 0.75 * (treeStd[i] * treeStd[i] + Math.Pow(treeMean[i] - expected, 2));
            Assert.Equal(Math.Sqrt(variance), std[i], 12);
            // Disagreement only widens it: never narrower than the narrower member.
            Assert.True(std[i] >= Math.Min(ridgeStd[i], treeStd[i]) - 1e-12);
        }
    }

    [Fact]
    public void Leaves_out_an_untrusted_member_and_is_untrusted_only_when_all_are()
    {
        var withOneBad = new EnsembleSurrogate { Members = [(new UntrustedConstant(), 1.0), (new RidgeSurrogate(), 1.0)] }.Fit(Train, seed: 2);
        Assert.Null(((ITrustedFit)withOneBad).Untrusted);
        Assert.Equal(Predict(new RidgeSurrogate().Fit(Train, seed: 2)).Mean, Predict(withOneBad).Mean);

        var allBad = new EnsembleSurrogate { Members = [(new UntrustedConstant(), 1.0), (new UntrustedConstant(), 2.0)] }.Fit(Train, seed: 2);
        Assert.Contains("constant: no better than the mean", ((ITrustedFit)allBad).Untrusted);
    }

    [Fact]
    public void Cross_validation_refuses_an_ensemble_of_untrusted_fits()
    {
        var score = CrossValidation.Score(new EnsembleSurrogate { Members = [(new UntrustedConstant(), 1.0)] }, Train, folds: 3, seed: 1);
        Assert.False(score.Trusted);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Refuses_weights_that_are_not_positive(double weight)
    {
        var ensemble = new EnsembleSurrogate { Members = [(new RidgeSurrogate(), 1.0), (new RidgeSurrogate(), weight)] };
        Assert.Throws<ArgumentException>(() => ensemble.Fit(Train, seed: 1));
    }

    /// <summary>A model that always says its fit cannot be trusted (and predicts the targets' mean).</summary>
    private sealed class UntrustedConstant : ISurrogate
    {
        public string Name => "constant";

        public IFittedSurrogate Fit(SurrogateData data, int seed) => new Fitted(data.Targets.Average());

        private sealed class Fitted(double value) : IFittedSurrogate, ITrustedFit
        {
            public string Name => "constant";
            public string? Untrusted => "no better than the mean";

            public void Predict(ReadOnlySpan<double> mixtures, double fidelity, Span<double> mean, Span<double> stdDev)
            {
                mean[..(mixtures.Length / 4)].Fill(value);
                if (stdDev.Length > 0) stdDev[..(mixtures.Length / 4)].Fill(1.0);
            }
        }
    }
}
