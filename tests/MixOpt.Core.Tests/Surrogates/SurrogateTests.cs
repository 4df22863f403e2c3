using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Surrogates;

public class SurrogateTests
{
    public static TheoryData<string, double> RecoveryFloors => new()
    {
        // Spearman floor on held-out points of a 4-domain mixing-law function (exp of a linear form: monotone, so
        // even the linear model ranks it well; trees are piecewise constant and get a lower bar than smooth models).
        { "ridge", 0.95 },
        { "lightgbm", 0.95 },
        { "mixing-law", 0.99 },
        { "gp", 0.99 },
        { "ensemble", 0.95 },
    };

    [Fact]
    public void Catalog_holds_the_surrogates()
    {
        Assert.Equal(["ridge", "lightgbm", "mixing-law", "gp", "mfgp", "log-linear", "ensemble"], SurrogateCatalog.Names);
        Assert.All(SurrogateCatalog.All, s => Assert.Equal(s.Name, SurrogateCatalog.Create(s.Name).Name));
    }

    [Theory]
    [MemberData(nameof(RecoveryFloors))]
    public void Recovers_a_known_function_on_held_out_mixtures(string name, double floor)
    {
        var oracle = TestFunctions.Oracle(4, seed: 21);
        var train = TestFunctions.Data(oracle, 120, seed: 1, noise: 0.002);
        var testX = TestFunctions.Draw(4, 200, seed: 99);
        var testY = TestFunctions.Evaluate(oracle, testX);
        var model = SurrogateCatalog.Create(name).Fit(train, seed: 3);
        var mean = new double[200];
        var std = new double[200];
        model.Predict(testX.SelectMany(r => r).ToArray(), 1.0, mean, std);
        var rho = RankCorrelation.Spearman(mean, testY);
        Assert.True(rho >= floor, $"{name}: Spearman {rho:F3} < {floor}");
        Assert.All(std, s => Assert.True(double.IsFinite(s) && s > 0));
    }

    [Theory]
    [MemberData(nameof(RecoveryFloors))]
    public void Uncertainty_is_calibrated_on_held_out_points(string name, double floor)
    {
        _ = floor;
        var oracle = TestFunctions.Oracle(4, seed: 5);
        var train = TestFunctions.Data(oracle, 100, seed: 2, noise: 0.02);
        var test = TestFunctions.Data(oracle, 300, seed: 77, noise: 0.02);
        var model = SurrogateCatalog.Create(name).Fit(train, seed: 4);
        var mean = new double[test.Count];
        var std = new double[test.Count];
        model.Predict(test.Mixtures.SelectMany(r => r).ToArray(), 1.0, mean, std);
        var inside = Enumerable.Range(0, test.Count).Count(i => Math.Abs(mean[i] - test.Targets[i]) <= 1.96 * std[i]) / (double)test.Count;
        var spread = Math.Sqrt(test.Targets.Select(t => (t - test.Targets.Average()) * (t - test.Targets.Average())).Average());
        Assert.InRange(inside, 0.80, 1.0);
        // Not calibrated by being uselessly wide: typical σ well below the spread of the targets.
        Assert.True(std.Average() < 0.7 * spread, $"{name}: mean σ {std.Average():F4} vs target spread {spread:F4}");
    }

    [Theory]
    [InlineData("ridge")]
    [InlineData("lightgbm")]
    [InlineData("mixing-law")]
    [InlineData("gp")]
    public void Bad_input_fails_with_a_message_naming_the_problem(string name)
    {
        var surrogate = SurrogateCatalog.Create(name);
        var good = TestFunctions.Data(TestFunctions.Oracle(3, 1), 20, seed: 1);
        SurrogateData With(IReadOnlyList<double[]>? x = null, IReadOnlyList<double>? y = null) =>
            SurrogateData.AtFidelity(x ?? good.Mixtures, y ?? good.Targets);

        var nan = good.Targets.ToArray();
        nan[3] = double.NaN;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => surrogate.Fit(With(y: nan), 0)).Message);
        var inf = good.Targets.ToArray();
        inf[0] = double.PositiveInfinity;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => surrogate.Fit(With(y: inf), 0)).Message);
        Assert.Contains("same value", Assert.Throws<ArgumentException>(() => surrogate.Fit(With(y: Enumerable.Repeat(1.5, 20).ToArray()), 0)).Message);
        Assert.Contains("same mixture", Assert.Throws<ArgumentException>(() => surrogate.Fit(With(x: Enumerable.Repeat(new[] { 0.2, 0.3, 0.5 }, 20).ToArray()), 0)).Message);
        Assert.Contains("at least as many observations as domains",
            Assert.Throws<ArgumentException>(() => surrogate.Fit(SurrogateData.AtFidelity(good.Mixtures.Take(2).ToArray(), [1.0, 2.0]), 0)).Message);
        var off = good.Mixtures.Select(r => r.ToArray()).ToArray();
        off[5][0] += 0.1;
        Assert.Contains("simplex", Assert.Throws<ArgumentException>(() => surrogate.Fit(With(x: off), 0)).Message);
    }

    [Fact]
    public void Predicting_with_wrong_shapes_fails_clearly()
    {
        var model = new RidgeSurrogate().Fit(TestFunctions.Data(TestFunctions.Oracle(3, 1), 20, seed: 1), 0);
        Assert.Throws<ArgumentException>(() => model.Predict(new double[7], 1.0, new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => model.Predict(new double[9], 1.0, new double[2], new double[3]));
    }

    [Fact]
    public void Ridge_recovers_a_linear_function_exactly()
    {
        var x = TestFunctions.Draw(4, 40, seed: 8);
        var y = x.Select(r => 1 + 2 * r[0] - 3 * r[1] + 0.5 * r[3]).ToArray();
        var model = new RidgeSurrogate().Fit(SurrogateData.AtFidelity(x, y), 0);
        var probe = new[] { 0.1, 0.2, 0.3, 0.4 };
        var mean = new double[1];
        model.Predict(probe, 1.0, mean, Span<double>.Empty);
        Assert.Equal(1 + 0.2 - 0.6 + 0.2, mean[0], 3);
    }

    [Fact]
    public void Fidelity_becomes_an_input_when_the_data_spans_several()
    {
        var x = TestFunctions.Draw(3, 60, seed: 2);
        var fidelities = x.Select((_, i) => i % 2 == 0 ? 0.1 : 1.0).ToArray();
        var y = x.Select((r, i) => r[0] + (fidelities[i] < 1 ? 1.0 : 0.0)).ToArray();
        var model = new RidgeSurrogate().Fit(new SurrogateData(x, fidelities, y), 0);
        var low = new double[1];
        var high = new double[1];
        model.Predict(new[] { 0.3, 0.3, 0.4 }, 0.1, low, Span<double>.Empty);
        model.Predict(new[] { 0.3, 0.3, 0.4 }, 1.0, high, Span<double>.Empty);
        Assert.Equal(1.0, low[0] - high[0], 2);
    }
}
