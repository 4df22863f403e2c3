using MixOpt.Core.Acquisition;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Acquisition;

public class CostAwareKnowledgeGradientTests
{
    private static readonly FidelityScale Scale = new(0.1, 1.0);

    /// <summary>Cheap rows (fidelity 0.1) and a few target rows of a known function; cheap values are either the target plus an offset or unrelated noise.</summary>
    private static (CostAwareKnowledgeGradient Kg, double[] Probe) Build(bool cheapIsInformative, int seed)
    {
        var (kg, probe, _, _) = BuildWithModel(seed, cheapIsInformative);
        return (kg, probe);
    }

    private static (CostAwareKnowledgeGradient Kg, double[] Probe, MultiFidelityGpSurrogate.Fitted Model, double[][] Reference) BuildWithModel(int seed, bool cheapIsInformative = true)
    {
        var oracle = TestFunctions.Oracle(3, seed);
        // Few runs anywhere, so there is something left to learn.
        var cheapX = TestFunctions.Draw(3, 6, seed + 1);
        var targetX = TestFunctions.Draw(3, 3, seed + 2);
        var random = new Random(seed);
        var cheapY = TestFunctions.Evaluate(oracle, cheapX).Select(v => cheapIsInformative ? v + 0.5 : 3 + random.NextDouble()).ToArray();
        var targetY = TestFunctions.Evaluate(oracle, targetX);
        var data = new SurrogateData(cheapX.Concat(targetX).ToArray(),
            cheapX.Select(_ => 0.1).Concat(targetX.Select(_ => 1.0)).ToArray(), cheapY.Concat(targetY).ToArray());
        var model = (MultiFidelityGpSurrogate.Fitted)new MultiFidelityGpSurrogate { Scale = Scale }.Fit(data, seed);
        var reference = TestFunctions.Draw(3, 200, seed + 3);
        // Probe the mixture the decision hinges on: the reference mixture the model currently believes best.
        var means = new double[reference.Length];
        model.Predict(reference.SelectMany(r => r).ToArray(), 1.0, means, Span<double>.Empty);
        var probe = reference[Array.IndexOf(means, means.Min())];
        return (new CostAwareKnowledgeGradient(model.Process, Scale, minimize: true, reference), probe, model, reference);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Chooses_the_cheap_fidelity_when_it_is_informative(int seed)
    {
        var (kg, probe) = Build(cheapIsInformative: true, seed);
        var cheap = kg.Value(probe, 0.1, cost: 1 / 60.0);
        var target = kg.Value(probe, 1.0, cost: 1.0);
        Assert.True(cheap > target, $"cheap {cheap:E3} vs target {target:E3} per unit cost");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Cheap_runs_lose_value_where_the_cheap_rung_has_been_observed(int seed)
    {
        // What keeps the acquisition from camping on the cheap rung: once cheap runs at a mixture are in, another
        // cheap run there says little more.
        var (kg, probe, model, reference) = BuildWithModel(seed);
        var before = kg.Value(probe, 0.1, cost: 1.0);
        var input = new double[4];
        MultiFidelityGpSurrogate.Encode(probe, 0.1, Scale, input);
        var mean = model.Process.Predict(input).Mean;
        var inputs = Enumerable.Range(0, 5).SelectMany(_ => input).ToArray();
        var saturated = model.Process.WithObservations(inputs, Enumerable.Repeat(mean, 5).ToArray());
        var after = new CostAwareKnowledgeGradient(saturated, Scale, minimize: true, reference);
        Assert.True(after.Value(probe, 0.1, 1.0) < 0.5 * before, $"cheap value {before:E3} before, {after.Value(probe, 0.1, 1.0):E3} after");
    }

    [Fact]
    public void Value_is_information_per_unit_cost()
    {
        var (kg, probe) = Build(cheapIsInformative: true, 4);
        Assert.Equal(2 * kg.Value(probe, 1.0, cost: 1.0), kg.Value(probe, 1.0, cost: 0.5), 12);
    }

    [Fact]
    public void Information_is_never_negative_and_a_run_at_a_known_point_is_worth_little()
    {
        var (kg, probe) = Build(cheapIsInformative: true, 3);
        Assert.True(kg.Value(probe, 1.0, 1.0) >= 0);
        Assert.True(kg.Value(probe, 0.1, 1.0) >= 0);
    }
}
