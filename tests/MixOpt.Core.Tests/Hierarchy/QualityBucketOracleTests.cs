using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Hierarchy;

public sealed class QualityBucketOracleTests
{
    [Fact]
    public void A_domain_only_mixture_scores_exactly_as_the_plain_domain_law()
    {
        var buckets = QualityBucketOracle.Create(3, 4, seed: 2);
        var plain = MixingLawOracle.Create(null, 3, 2);
        var m = Mixture.Create([0.5, 0.2, 0.3]);
        Assert.Equal(plain.Objective(m, new ObjectiveSpec(), buckets.DomainNames), buckets.Oracle.Objective(buckets.Expand(m), new ObjectiveSpec(), buckets.BucketNames), 12);
    }

    [Fact]
    public void Better_buckets_lower_the_loss_and_the_bucket_optimum_beats_every_flat_mixture()
    {
        var oracle = QualityBucketOracle.Create(3, 3, seed: 4);
        var objective = new ObjectiveSpec();
        // All of domain 0 in its worst bucket vs its best bucket.
        var worst = Mixture.Create([1.0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var best = Mixture.Create([0, 0, 1.0, 0, 0, 0, 0, 0, 0]);
        Assert.True(oracle.Oracle.Objective(best, objective, oracle.BucketNames) < oracle.Oracle.Objective(worst, objective, oracle.BucketNames));
        var optimum = oracle.Oracle.Optimum(objective, oracle.BucketNames).Value;
        var flatBest = MixingLawOracle.Create(null, 3, 4).Optimum(objective, oracle.DomainNames);
        Assert.True(optimum < flatBest.Value - 1e-3, $"{optimum} vs {flatBest.Value}");
    }

    [Fact]
    public void Its_groups_make_a_valid_hierarchical_study()
    {
        var oracle = QualityBucketOracle.Create(4, 3, seed: 1);
        var study = new StudySpec
        {
            Name = "buckets", Budget = new BudgetSpec { Runs = 4 }, Groups = oracle.Groups(),
            Domains = [.. oracle.BucketNames.Select(n => new DomainSpec { Name = n, Tokens = 10 })],
        };
        Assert.Empty(StudySpecValidator.Validate(study, MixOpt.Core.Strategies.ProposerCatalog.Names, MixOpt.Core.Strategies.ProposerCatalog.OptionsOf));
        Assert.Equal(4, StudyHierarchy.Of(study)!.Root.Children.Count);
    }
}
