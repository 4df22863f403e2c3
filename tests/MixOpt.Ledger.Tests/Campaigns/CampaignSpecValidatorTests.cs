using MixOpt.Core.Campaigns;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Campaigns;

namespace MixOpt.Ledger.Tests.Campaigns;

public sealed class CampaignSpecValidatorTests
{
    public static CampaignSpec Valid() => new()
    {
        Name = "nightly",
        Schedule = new ScheduleSpec { Cron = "*/5 * * * * *", TimeZone = "Europe/Berlin" },
        Template = LedgerFixture.Spec(),
    };

    [Fact]
    public void A_valid_campaign_has_no_errors() => Assert.Empty(CampaignSpecValidator.Validate(Valid()));

    [Theory]
    [InlineData("schedule.cron")]
    [InlineData("schedule.timeZone")]
    [InlineData("schedule.end")]
    [InlineData("policies.overlap")]
    [InlineData("action.studyId")]
    [InlineData("template.budget.runs")]
    [InlineData("action.shards")]
    public void Each_bad_field_is_named(string field)
    {
        var spec = Valid();
        spec = field switch
        {
            "schedule.cron" => spec with { Schedule = spec.Schedule with { Cron = "61 * * * *" } },
            "schedule.timeZone" => spec with { Schedule = spec.Schedule with { TimeZone = "Mars/Olympus" } },
            "schedule.end" => spec with { Schedule = spec.Schedule with { Start = DateTimeOffset.UnixEpoch.AddDays(2), End = DateTimeOffset.UnixEpoch.AddDays(1) } },
            "policies.overlap" => spec with { Policies = new CampaignPoliciesSpec { Overlap = "queue-all" } },
            "action.studyId" => spec with { Action = new CampaignActionSpec { Kind = CampaignActions.Extend, Runs = 5 }, Template = null },
            "template.budget.runs" => spec with { Template = spec.Template! with { Budget = new BudgetSpec { Runs = 0 } } },
            _ => spec with { Action = new CampaignActionSpec { Kind = CampaignActions.Remix, Shards = "relative/path" } },
        };
        var errors = CampaignSpecValidator.Validate(spec);
        Assert.True(errors.ContainsKey(field), $"expected an error on {field}, got {string.Join(", ", errors.Keys)}");
    }

    [Theory]
    [InlineData("/data/corpus")]
    [InlineData("blob:demo")]
    [InlineData("blob://corpora")]
    [InlineData("blob://corpora/weekly/2026")]
    public void A_remix_reads_a_folder_a_corpus_or_a_container(string shards) =>
        Assert.Empty(CampaignSpecValidator.Validate(Valid() with { Action = new CampaignActionSpec { Kind = CampaignActions.Remix, Shards = shards } }));

    [Theory]
    [InlineData("relative/path", "absolute")]
    [InlineData("s3://bucket/corpus", "Unknown shard location")]
    [InlineData("blob://Bad_Container", "container name")]
    [InlineData("blob://corpora/../x", "prefix")]
    [InlineData("blob:", "blob:NAME")]
    [InlineData("", "action.shards")]
    public void A_malformed_remix_source_is_an_error_on_action_shards(string shards, string reason)
    {
        var errors = CampaignSpecValidator.Validate(Valid() with { Action = new CampaignActionSpec { Kind = CampaignActions.Remix, Shards = shards } });
        Assert.Contains(reason, Assert.Single(errors["action.shards"]));
    }
}
