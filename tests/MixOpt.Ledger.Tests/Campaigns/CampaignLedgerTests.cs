using MixOpt.Core.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MixOpt.Ledger.Campaigns;
using MixOpt.Ledger.Schema;
using MixOpt.Testing;

namespace MixOpt.Ledger.Tests.Campaigns;

/// <summary>The campaign store on a real, migrated PostgreSQL: one firing per instant, however many claim it.</summary>
public sealed class CampaignLedgerTests
{
    private static async Task<(TestDatabase Db, CampaignLedger Ledger, FakeTimeProvider Clock, ServiceProvider Services)> CreateAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await LedgerMigrator.MigrateAsync(db.ConnectionString);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddMixOptLedger(db.ConnectionString).AddSingleton<TimeProvider>(clock).BuildServiceProvider();
        return (db, services.GetRequiredService<CampaignLedger>(), clock, services);
    }

    [Fact]
    public async Task Concurrent_claims_of_one_instant_leave_one_firing()
    {
        var (db, ledger, clock, services) = await CreateAsync();
        await using var _ = db;
        await using var __ = services;
        var campaign = await ledger.CreateAsync(CampaignSpecValidatorTests.Valid());
        var instant = new DateTimeOffset(2026, 12, 1, 11, 30, 0, TimeSpan.FromHours(1)); // a zone's offset: stored as the instant
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.ClaimAsync(campaign.Id, instant, FiringTrigger.Schedule, FiringState.Pending, Guid.NewGuid())));
        Assert.Single(claims, c => c is not null);
        var firings = await ledger.FiringsAsync(campaign.Id);
        Assert.Single(firings);
        Assert.Equal(instant, firings[0].Instant);
        Assert.Equal(claims.Single(c => c is not null)!.StudyId, firings[0].StudyId);
    }

    [Fact]
    public async Task A_firing_moves_on_only_from_the_state_it_is_in_and_position_counts_it()
    {
        var (db, ledger, clock, services) = await CreateAsync();
        await using var _ = db;
        await using var __ = services;
        var campaign = await ledger.CreateAsync(CampaignSpecValidatorTests.Valid());
        var at = clock.GetUtcNow().AddSeconds(5);
        var firing = (await ledger.ClaimAsync(campaign.Id, at, FiringTrigger.Schedule, FiringState.Pending))!;
        Assert.True((await ledger.PositionAsync(campaign)).Running);
        Assert.True(await ledger.UpdateFiringAsync(firing.Id, [FiringState.Pending], new FiringUpdate(FiringState.Succeeded, "done", BestValue: 2.5, CostSpent: 4, Mixture: new Dictionary<string, double> { ["a"] = 0.25, ["b"] = 0.75 })));
        Assert.False(await ledger.UpdateFiringAsync(firing.Id, [FiringState.Pending], new FiringUpdate(FiringState.Failed, "late")));
        await ledger.ClaimAsync(campaign.Id, at.AddSeconds(5), FiringTrigger.Schedule, FiringState.Skipped, outcome: "overlap");
        var position = await ledger.PositionAsync(campaign);
        Assert.Equal(new CampaignPosition(at.AddSeconds(5), campaign.ScheduleFrom, 1, false, false), position);
        var stored = (await ledger.FiringsAsync(campaign.Id)).Single(f => f.Id == firing.Id);
        Assert.Equal((FiringState.Succeeded, 2.5, 0.75), (stored.State, stored.BestValue!.Value, stored.Mixture!["b"]));
    }

    [Fact]
    public async Task Failures_in_a_row_pause_the_campaign_and_resume_restarts_the_schedule_from_now()
    {
        var (db, ledger, clock, services) = await CreateAsync();
        await using var _ = db;
        await using var __ = services;
        var campaign = await ledger.CreateAsync(CampaignSpecValidatorTests.Valid());
        Assert.False(await ledger.RecordFailureAsync(campaign.Id, 2));
        Assert.True(await ledger.RecordFailureAsync(campaign.Id, 2));
        var paused = (await ledger.FindAsync(campaign.Id))!;
        Assert.Equal(CampaignState.Paused, paused.State);
        Assert.Contains("2 failed firings", paused.PauseReason);
        Assert.Empty(await ledger.ActiveIdsAsync());
        clock.Advance(TimeSpan.FromHours(3));
        Assert.True(await ledger.ResumeAsync(campaign.Id));
        var resumed = (await ledger.FindAsync(campaign.Id))!;
        Assert.Equal((CampaignState.Active, 0, clock.GetUtcNow()), (resumed.State, resumed.ConsecutiveFailures, resumed.ScheduleFrom));
        Assert.True(await ledger.DeleteAsync(campaign.Id));
        Assert.Null(await ledger.FindAsync(campaign.Id));
    }
}
