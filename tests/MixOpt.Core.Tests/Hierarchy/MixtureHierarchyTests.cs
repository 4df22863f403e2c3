using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Hierarchy;

public sealed class MixtureHierarchyTests
{
    public static TheoryData<string> Spaces => ["two-level", "three-level", "quadmix"];

    private static StudySpec StudyOf(string space) => space switch
    {
        "two-level" => HierarchyStudies.Bucketed(),
        "three-level" => HierarchyStudies.ThreeLevels(),
        _ => HierarchyStudies.Bucketed(GroupWeightNames.QuaDMix),
    };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Every_draw_honours_every_level_and_sums_to_one_over_many_seeds(string space)
    {
        var study = StudyOf(space);
        var hierarchy = StudyHierarchy.Of(study)!;
        var row = new double[study.Domains.Count];
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            foreach (var concentration in new[] { 0.1, 1.0, 10.0 })
            {
                hierarchy.Draw(random, concentration, row);
                Assert.Equal(1.0, row.Sum(), 9);
                Assert.All(row, w => Assert.True(w >= 0));
                Assert.True(hierarchy.IsSatisfiedBy(row), $"seed {seed}: [{string.Join(", ", row)}]");
                CheckBoundsByHand(study, row);
            }
        }
    }

    // The bounds restated from the spec, independently of MixtureHierarchy's own check.
    private static void CheckBoundsByHand(StudySpec study, double[] row)
    {
        var mixture = study.DomainNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => row[x.i]);
        var levels = StudyHierarchy.LevelsOf(study, mixture)!.ToDictionary(l => l.Group);
        if (study.Name == "buckets")
        {
            Assert.InRange(levels["code"].Total, 0.2 - 1e-9, 0.6 + 1e-9);
            Assert.True(levels["code"].Shares["code/q1"] <= 0.2 + 1e-9);
            Assert.True(levels["web"].Shares["web/q3"] >= 0.5 - 1e-9);
        }
        else
        {
            Assert.True(levels["web"].Total <= 0.7 + 1e-9);
            Assert.True(levels["web"].Shares["news"] >= 0.3 - 1e-9);
            Assert.True(levels["web"].Shares["blogs"] <= 0.4 + 1e-9);
            Assert.Equal(levels["web"].Total * levels["web"].Shares["news"], levels["web/news"].Total, 9);
        }
    }

    [Fact]
    public void Draws_are_the_same_for_the_same_seed_and_differ_for_another()
    {
        var hierarchy = StudyHierarchy.Of(HierarchyStudies.Bucketed())!;
        var a = new HierarchicalSampler(hierarchy, 11).Sample(5);
        var b = new HierarchicalSampler(hierarchy, 11).Sample(5);
        var c = new HierarchicalSampler(hierarchy, 12).Sample(5);
        Assert.Equal(a, b);
        Assert.NotEqual(a[0], c[0]);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Projection_moves_any_flat_mixture_into_every_level_bound(string space)
    {
        var study = StudyOf(space);
        var hierarchy = StudyHierarchy.Of(study)!;
        var random = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            var row = Enumerable.Range(0, study.Domains.Count).Select(_ => random.NextDouble() < 0.3 ? 0 : random.NextDouble()).ToArray();
            if (row.Sum() == 0) row[0] = 1;
            var flat = Mixture.Normalize(row).ToArray();
            hierarchy.Project(flat);
            Assert.Equal(1.0, flat.Sum(), 9);
            Assert.True(hierarchy.IsSatisfiedBy(flat), $"[{string.Join(", ", flat)}]");
        }
    }

    [Fact]
    public void A_feasible_mixture_is_left_where_it_is()
    {
        var hierarchy = StudyHierarchy.Of(HierarchyStudies.Bucketed())!;
        // code 0.4 (q1 0.1 of it), web 0.6 (q3 0.5 of it): inside every bound.
        double[] flat = [0.04, 0.16, 0.2, 0.15, 0.15, 0.3];
        var before = flat.ToArray();
        hierarchy.Project(flat);
        Assert.Equal(before, flat);
    }

    [Fact]
    public void Levels_show_each_group_total_and_member_shares()
    {
        var study = HierarchyStudies.Bucketed();
        var mixture = new Dictionary<string, double> { ["code/q1"] = 0.1, ["code/q2"] = 0.1, ["code/q3"] = 0.2, ["web/q1"] = 0.3, ["web/q2"] = 0.0, ["web/q3"] = 0.3 };
        var levels = StudyHierarchy.LevelsOf(study, mixture)!;
        Assert.Equal(["code", "web"], levels.Select(l => l.Group));
        Assert.Equal(0.4, levels[0].Total, 12);
        Assert.Equal(0.5, levels[0].Shares["code/q3"], 12);
        Assert.Equal(0.5, levels[1].Shares["web/q1"], 12);
        Assert.Equal(1.0, levels.Sum(l => l.Total), 12);
    }

    [Fact]
    public void Bounds_no_mixture_meets_are_refused_naming_the_group()
    {
        var study = HierarchyStudies.Bucketed() with
        {
            Groups = [new GroupSpec { Name = "code", Domains = ["code/q1", "code/q2", "code/q3"], ShareMin = new Dictionary<string, double> { ["code/q1"] = 0.7, ["code/q2"] = 0.7 } },
                      new GroupSpec { Name = "web", Domains = ["web/q1", "web/q2", "web/q3"] }],
        };
        var e = Assert.Throws<ArgumentException>(() => StudyHierarchy.Of(study));
        Assert.Contains("'code'", e.Message);
    }
}
