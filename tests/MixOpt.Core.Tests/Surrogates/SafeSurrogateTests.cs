using MixOpt.Core.Mixtures;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Surrogates;

/// <summary>Surrogates fail safely: predictions bounded to what the data supports, untrusted fits flagged in the CV table.</summary>
public sealed class SafeSurrogateTests
{
    /// <summary>The builtin demo study's shape: 12 runs over 5 domains.</summary>
    private static SurrogateData Demo(int runs = 12) => TestFunctions.Data(TestFunctions.Oracle(5, 3), runs, seed: 6, noise: 0.01);

    [Fact]
    public void Every_surrogate_predicts_within_the_range_its_data_supports_even_at_pure_domain_mixtures()
    {
        var data = Demo();
        var bounds = PredictionBounds.From(data.Targets);
        var vertices = Enumerable.Range(0, 5).SelectMany(v => Enumerable.Range(0, 5).Select(j => j == v ? 1.0 : 0.0)).ToArray();
        foreach (var surrogate in SurrogateCatalog.All)
        {
            var fitted = surrogate.Fit(data, 1);
            var mean = new double[5];
            var std = new double[5];
            fitted.Predict(vertices, 1.0, mean, std);
            Assert.All(mean, m => Assert.InRange(m, bounds.Lower, bounds.Upper));
        }
    }

    [Fact]
    public void Bounds_widen_the_observed_range_by_half_of_it_and_clamp()
    {
        var bounds = PredictionBounds.From([3.0, 4.0, 3.5]);
        Assert.Equal(2.5, bounds.Lower, 12);
        Assert.Equal(4.5, bounds.Upper, 12);
        double[] means = [6350, 3.2, -1];
        bounds.Apply(means);
        Assert.Equal([4.5, 3.2, 2.5], means);
        var flat = PredictionBounds.From([2.0, 2.0]);
        Assert.True(flat.Lower < 2.0 && flat.Upper > 2.0);
    }

    [Fact]
    public void A_mixing_law_fitted_on_too_few_runs_is_untrusted_in_the_cv_table_and_ranked_last()
    {
        var table = CrossValidation.Rank(SurrogateCatalog.All, Demo(), folds: 5, seed: 2);
        var law = table.Single(s => s.Name == MixingLawSurrogate.SurrogateName);
        Assert.False(law.Trusted);
        Assert.Contains("per parameter", law.Untrusted);
        Assert.True(double.IsNaN(law.Spearman) && double.IsNaN(law.Mse) && double.IsNaN(law.Coverage95));
        var firstUntrusted = table.ToList().FindIndex(s => !s.Trusted);
        Assert.All(table.Skip(firstUntrusted), s => Assert.False(s.Trusted));
        Assert.All(table.Where(s => s.Trusted), s => Assert.True(s.Mse < 1.0, $"{s.Name}: CV MSE {s.Mse}"));
    }

    [Fact]
    public void A_mixing_law_with_enough_runs_is_trusted()
    {
        var table = CrossValidation.Rank([new MixingLawSurrogate()], Demo(runs: 80), folds: 5, seed: 2);
        Assert.True(table[0].Trusted, table[0].Untrusted);
        Assert.True(table[0].Spearman > 0.9);
    }

    [Fact]
    public void A_surrogate_worse_than_the_mean_is_untrusted()
    {
        var table = CrossValidation.Rank([new Inverted(), new RidgeSurrogate()], Demo(runs: 40), folds: 4, seed: 1);
        Assert.Equal(["ridge", "inverted"], table.Select(s => s.Name));
        Assert.Contains("worse than predicting their mean", table[1].Untrusted);
    }

    /// <summary>Predicts the mirror image of the targets about their mean: a confidently wrong model.</summary>
    private sealed class Inverted : ISurrogate
    {
        public string Name => "inverted";

        public IFittedSurrogate Fit(SurrogateData data, int seed) => new Fitted(new RidgeSurrogate().Fit(data, seed), data.Targets.Average());

        private sealed class Fitted(IFittedSurrogate inner, double centre) : IFittedSurrogate
        {
            public string Name => "inverted";

            public void Predict(ReadOnlySpan<double> mixtures, double fidelity, Span<double> mean, Span<double> stdDev)
            {
                inner.Predict(mixtures, fidelity, mean, stdDev);
                for (var i = 0; i < mean.Length; i++) mean[i] = centre - 3 * (mean[i] - centre);
            }
        }
    }
}
