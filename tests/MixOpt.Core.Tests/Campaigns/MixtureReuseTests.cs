using MixOpt.Core.Campaigns;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Tests.Campaigns;

public sealed class MixtureReuseTests
{
    private static readonly Dictionary<string, long> Before = new() { ["web"] = 1000, ["code"] = 500, ["books"] = 300, ["math"] = 200 };

    [Fact]
    public void Diff_names_added_removed_changed_and_unchanged_domains()
    {
        var after = new Dictionary<string, long> { ["web"] = 1020, ["code"] = 800, ["books"] = 300, ["papers"] = 50 };
        var diff = CorpusDiff.Compute(Before, after, threshold: 0.05);
        Assert.Equal(["papers"], diff.Added);
        Assert.Equal(["math"], diff.Removed);
        Assert.Equal(["code"], diff.Changed);
        Assert.Equal(["books", "web"], diff.Unchanged);   // web moved 2 %, under the threshold
        Assert.False(CorpusDiff.Compute(Before, Before, 0.05).Any);
    }

    [Fact]
    public void Unchanged_domains_keep_their_ratios_as_one_block()
    {
        var after = new Dictionary<string, long>(Before) { ["code"] = 900 };
        var diff = CorpusDiff.Compute(Before, after, 0.05);
        string[] domains = ["web", "code", "books", "math"];
        var previous = new Dictionary<string, double> { ["web"] = 0.4, ["code"] = 0.2, ["books"] = 0.3, ["math"] = 0.1 };
        var reuse = MixtureReuse.Plan(domains, diff, previous);
        Assert.Equal(["code", "frozen"], reuse.SearchDomains);
        var full = reuse.Expand(Mixture.Create([0.5, 0.5]));
        Assert.Equal(0.5, full[1], 9);
        // web : books : math stay 4 : 3 : 1 inside the block's half.
        Assert.Equal(0.5 * 0.4 / 0.8, full[0], 9);
        Assert.Equal(0.5 * 0.3 / 0.8, full[2], 9);
        Assert.Equal(0.5 * 0.1 / 0.8, full[3], 9);
    }

    [Fact]
    public void The_block_is_renamed_when_a_domain_has_its_name_and_the_budget_scales_with_dimensions()
    {
        string[] domains = ["frozen", "b", "c"];
        var diff = CorpusDiff.Compute(new Dictionary<string, long> { ["frozen"] = 1, ["b"] = 1, ["c"] = 1 }, new Dictionary<string, long> { ["frozen"] = 1, ["b"] = 9, ["c"] = 1 }, 0.1);
        var reuse = MixtureReuse.Plan(domains, diff, new Dictionary<string, double>());
        Assert.Equal(["b", "_frozen"], reuse.SearchDomains);
        Assert.Equal(0.5, reuse.BlockRatios["frozen"], 9);   // no previous weight: equal ratios
        Assert.Equal(6, MixtureReuse.ReducedRuns(24, 2, 8));
        Assert.Equal(4, MixtureReuse.ReducedRuns(8, 2, 8));   // at least two runs per searched dimension
        Assert.Equal(3, MixtureReuse.ReducedRuns(3, 2, 8));   // never more than the full search
    }
}
