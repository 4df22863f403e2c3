using MixOpt.Core.Mixtures;
using MixOpt.Core.Optimization;

namespace MixOpt.Core.Tests.Optimization;

public class OlmixProgramTests
{
    private const double GridStep = 0.0025;

    /// <summary>Two metrics pulling towards different domains: the optimum is interior and well curved.</summary>
    private static readonly LogLinearTerm[] TwoMetrics =
    [
        new(0.6, Math.Log(3.0), [-1.2, 0.4, 0.3]),
        new(0.4, Math.Log(2.5), [0.5, -1.5, 0.2]),
    ];

    public static TheoryData<string> Cases => new() { "open", "capped", "lambda-zero" };

    private static (LogLinearTerm[] Terms, double Lambda, double[] Prior, MixtureConstraints Constraints) Case(string name) => name switch
    {
        "open" => (TwoMetrics, 0.05, [0.5, 0.3, 0.2], MixtureConstraints.None(3)),
        // Domain 0 wants more than 0.25 and domain 2 is held at 0.3 or more: both bounds bind.
        "capped" => (TwoMetrics, 0.05, [0.5, 0.3, 0.2], MixtureConstraints.Create(3, minimum: [0, 0, 0.3], maximum: [0.25, 1, 1])),
        // λ = 0: the law alone (the optimum still interior: the two metrics trade off).
        _ => ([new(1, 0, [-2, 1, 0.5]), new(1, 0, [1, -2, 0.5]), new(0.5, 0, [0.5, 0.5, -2])], 0, [1, 1, 1], MixtureConstraints.None(3)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_a_brute_force_grid_search_on_three_domains(string name)
    {
        var (terms, lambda, prior, constraints) = Case(name);
        var solution = OlmixProgram.Solve(terms, lambda, prior, constraints);
        var p = prior.Select(v => v / prior.Sum()).ToArray();

        double[]? bestPoint = null;
        var bestValue = double.PositiveInfinity;
        var steps = (int)Math.Round(1 / GridStep);
        for (var i = 0; i <= steps; i++)
            for (var j = 0; i + j <= steps; j++)
            {
                double[] x = [i * GridStep, j * GridStep, 1 - (i + j) * GridStep];
                if (!constraints.IsSatisfiedBy(x, 1e-12)) continue;
                var value = OlmixProgram.Objective(terms, lambda, p, x);
                if (value < bestValue) (bestValue, bestPoint) = (value, x);
            }

        Assert.NotNull(bestPoint);
        // Exact: no grid point is better, and the grid's best lies within one grid step of the solution.
        Assert.True(solution.Objective <= bestValue + 1e-12, $"{name}: solver {solution.Objective:R} > grid {bestValue:R}");
        for (var k = 0; k < 3; k++) Assert.InRange(Math.Abs(solution.Mixture[k] - bestPoint[k]), 0, GridStep);
        Assert.True(constraints.IsSatisfiedBy(solution.Mixture, 1e-12));
        Assert.Equal(1.0, solution.Mixture.Sum(), 12);
        Assert.True(solution.KktResidual <= OlmixProgram.KktTolerance, $"{name}: KKT residual {solution.KktResidual:E2}");
    }

    [Fact]
    public void Capped_solution_sits_on_the_binding_bounds()
    {
        var (terms, lambda, prior, constraints) = Case("capped");
        var unconstrained = OlmixProgram.Solve(terms, lambda, prior, MixtureConstraints.None(3));
        Assert.True(unconstrained.Mixture[0] > 0.25 && unconstrained.Mixture[2] < 0.3, "the test case must make both bounds bind");
        var solution = OlmixProgram.Solve(terms, lambda, prior, constraints);
        Assert.Equal(0.25, solution.Mixture[0], 9);
        Assert.Equal(0.3, solution.Mixture[2], 9);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public void Kkt_conditions_hold_with_epoch_caps_on_more_domains(int domains)
    {
        var random = new Random(domains);
        var terms = Enumerable.Range(0, 3)
            .Select(_ => new LogLinearTerm(1.0 / 3, Math.Log(2 + random.NextDouble()), Enumerable.Range(0, domains).Select(_ => 2 * random.NextDouble() - 1).ToArray()))
            .ToArray();
        var tokens = Enumerable.Range(0, domains).Select(i => (long?)(1_000_000L * (1 + i))).ToArray();
        // Run budget of 4M tokens, 2 epochs: domain i may take at most 0.5·(1 + i)/… of the run.
        var constraints = MixtureConstraints.Create(domains, domainTokens: tokens, maxEpochs: 2, runTokens: 4_000_000 * (domains / 5.0));
        var prior = tokens.Select(t => (double)t!.Value).ToArray();
        foreach (var lambda in new[] { 0.0, 0.05, 1.0 })
        {
            var solution = OlmixProgram.Solve(terms, lambda, prior, constraints);
            Assert.True(constraints.IsSatisfiedBy(solution.Mixture, 1e-12), $"λ={lambda}: caps broken");
            Assert.Equal(1.0, solution.Mixture.Sum(), 12);
            Assert.True(solution.KktResidual <= OlmixProgram.KktTolerance, $"λ={lambda}: KKT residual {solution.KktResidual:E2}");
        }
    }

    [Fact]
    public void Large_lambda_gives_the_natural_distribution()
    {
        var solution = OlmixProgram.Solve(TwoMetrics, 1e6, [5, 3, 2], MixtureConstraints.None(3));
        Assert.Equal(0.5, solution.Mixture[0], 5);
        Assert.Equal(0.3, solution.Mixture[1], 5);
        Assert.Equal(0.2, solution.Mixture[2], 5);
    }

    [Fact]
    public void Large_lambda_with_caps_gives_the_natural_distribution_projected_onto_them()
    {
        // KL projection of p onto the box ∩ simplex: x_i = clamp(c·p_i, l_i, u_i) with c chosen so Σx = 1. Here
        // domain 0 is capped at 0.3, so the others share the rest in their natural ratio 3 : 2.
        var constraints = MixtureConstraints.Create(3, maximum: [0.3, 1, 1]);
        var solution = OlmixProgram.Solve(TwoMetrics, 1e6, [5, 3, 2], constraints);
        Assert.Equal(0.3, solution.Mixture[0], 6);
        Assert.Equal(0.42, solution.Mixture[1], 4);
        Assert.Equal(0.28, solution.Mixture[2], 4);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_lambda_is_refused(double lambda) =>
        Assert.Contains("KL weight", Assert.Throws<ArgumentException>(() => OlmixProgram.Solve(TwoMetrics, lambda, [1, 1, 1], MixtureConstraints.None(3))).Message);
}
