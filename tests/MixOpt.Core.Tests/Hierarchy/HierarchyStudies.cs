using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Hierarchy;

/// <summary>Small hierarchical studies the hierarchy tests share.</summary>
internal static class HierarchyStudies
{
    /// <summary>Two domains with three quality buckets each (code/q1..q3, web/q1..q3), every level bounded.</summary>
    public static StudySpec Bucketed(string? weights = null) => new()
    {
        Name = "buckets",
        Domains = [.. new[] { "code", "web" }.SelectMany(d => Enumerable.Range(1, 3).Select(q => new DomainSpec { Name = $"{d}/q{q}", Tokens = 1000 * q }))],
        Budget = new BudgetSpec { Runs = 8 },
        Strategy = "random",
        Seed = 3,
        Groups =
        [
            new GroupSpec { Name = "code", Domains = ["code/q1", "code/q2", "code/q3"], Min = 0.2, Max = 0.6, ShareMax = new Dictionary<string, double> { ["code/q1"] = 0.2 } },
            new GroupSpec { Name = "web", Domains = ["web/q1", "web/q2", "web/q3"], ShareMin = new Dictionary<string, double> { ["web/q3"] = 0.5 } },
        ],
        GroupWeights = weights,
    };

    /// <summary>Source → topic → bucket: one source with two topics of two buckets, and a flat second source.</summary>
    public static StudySpec ThreeLevels() => new()
    {
        Name = "three levels",
        Domains = [.. new[] { "news/q1", "news/q2", "blogs/q1", "blogs/q2", "code" }.Select(n => new DomainSpec { Name = n, Tokens = 500 })],
        Budget = new BudgetSpec { Runs = 8 },
        Strategy = "random",
        Groups =
        [
            new GroupSpec
            {
                Name = "web", Max = 0.7,
                Groups = [new GroupSpec { Name = "news", Domains = ["news/q1", "news/q2"], Min = 0.3 }, new GroupSpec { Name = "blogs", Domains = ["blogs/q1", "blogs/q2"] }],
                ShareMax = new Dictionary<string, double> { ["blogs"] = 0.4 },
            },
            new GroupSpec { Name = "source-code", Domains = ["code"] },
        ],
    };
}
