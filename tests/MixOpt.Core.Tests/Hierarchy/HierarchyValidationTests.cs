using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Tests.Hierarchy;

public sealed class HierarchyValidationTests
{
    private static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    private static void HasError(StudySpec spec, string key)
    {
        var errors = Validate(spec);
        Assert.True(errors.ContainsKey(key), $"no error for {key}: {string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
    }

    [Fact]
    public void Valid_hierarchies_have_no_errors()
    {
        Assert.Empty(Validate(HierarchyStudies.Bucketed()));
        Assert.Empty(Validate(HierarchyStudies.ThreeLevels()));
        Assert.Empty(Validate(HierarchyStudies.Bucketed(GroupWeightNames.QuaDMix)));
    }

    [Fact]
    public void Bucket_names_with_a_slash_are_domain_names_but_empty_segments_are_not()
    {
        Assert.Empty(Validate(HierarchyStudies.Bucketed() with { Groups = null }));
        var bad = HierarchyStudies.Bucketed() with { Groups = null, Domains = [new DomainSpec { Name = "code//q1" }, new DomainSpec { Name = "code/" }] };
        HasError(bad, "domains[0].name");
        HasError(bad, "domains[1].name");
    }

    [Fact]
    public void A_domain_in_no_group_or_in_two_is_refused()
    {
        var spec = HierarchyStudies.Bucketed();
        HasError(spec with { Groups = [spec.Groups![0]] }, "groups");
        HasError(spec with { Groups = [spec.Groups![0], spec.Groups[1] with { Domains = ["web/q1", "web/q2", "web/q3", "code/q1"] }] }, "groups[1].domains[3]");
        HasError(spec with { Groups = [spec.Groups![0], spec.Groups[1] with { Domains = ["web/q1", "web/q2", "web/q3", "books"] }] }, "groups[1].domains[3]");
    }

    [Fact]
    public void Buckets_without_token_counts_are_refused()
    {
        var spec = HierarchyStudies.Bucketed();
        HasError(spec with { Domains = [.. spec.Domains.Select((d, i) => i == 2 ? d with { Tokens = null } : d)] }, "domains");
    }

    [Fact]
    public void Bounds_must_be_proportions_name_members_and_admit_a_mixture()
    {
        var spec = HierarchyStudies.Bucketed();
        var code = spec.Groups![0];
        HasError(spec with { Groups = [code with { Max = 1.5 }, spec.Groups[1]] }, "groups[0].max");
        HasError(spec with { Groups = [code with { ShareMin = new Dictionary<string, double> { ["web/q1"] = 0.1 } }, spec.Groups[1]] }, "groups[0].shareMin.web/q1");
        HasError(spec with { Groups = [code with { Min = 0.6 }, spec.Groups[1] with { Min = 0.5 }] }, "groups");
    }

    [Fact]
    public void Names_weighting_and_shape_are_checked()
    {
        var spec = HierarchyStudies.Bucketed();
        HasError(spec with { GroupWeights = "softmax" }, "groupWeights");
        HasError(spec with { Groups = null, GroupWeights = GroupWeightNames.QuaDMix }, "groupWeights");
        HasError(spec with { Groups = [spec.Groups![0], spec.Groups[1] with { Name = "code" }] }, "groups[1].name");
        HasError(spec with { Groups = [spec.Groups![0], spec.Groups[1] with { Groups = [new GroupSpec { Name = "x", Domains = ["web/q1"] }] }] }, "groups[1]");
        HasError(spec with { Groups = [] }, "groups");
        HasError(spec with { Constraints = new ConstraintsSpec { MaxEpochs = 2 } }, "constraints");
    }
}
