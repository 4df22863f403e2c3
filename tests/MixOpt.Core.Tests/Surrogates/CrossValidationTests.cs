using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Tests.Surrogates;

public class CrossValidationTests
{
    [Fact]
    public void Ranks_the_law_that_generated_the_data_above_a_linear_model()
    {
        var data = TestFunctions.Data(TestFunctions.Oracle(4, 12), 60, seed: 4, noise: 0.002);
        var table = CrossValidation.Rank([new RidgeSurrogate(), new MixingLawSurrogate()], data, folds: 5, seed: 1);
        Assert.Equal(["mixing-law", "ridge"], table.Select(s => s.Name));
        Assert.True(table[0].Spearman > table[1].Spearman);
        Assert.All(table, s => Assert.Equal(5, s.Folds));
        Assert.All(table, s => Assert.InRange(s.Coverage95, 0, 1));
    }

    [Fact]
    public void Spearman_of_a_monotone_map_is_one_and_of_a_reversal_minus_one()
    {
        double[] a = [1, 5, 2, 8, 3];
        Assert.Equal(1.0, RankCorrelation.Spearman(a, a.Select(v => Math.Exp(v)).ToArray()), 12);
        Assert.Equal(-1.0, RankCorrelation.Spearman(a, a.Select(v => -v).ToArray()), 12);
    }
}
