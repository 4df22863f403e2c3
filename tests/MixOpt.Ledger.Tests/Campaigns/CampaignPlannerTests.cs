using MixOpt.Core.Campaigns;
using Microsoft.Extensions.Time.Testing;
using MixOpt.Ledger.Campaigns;

namespace MixOpt.Ledger.Tests.Campaigns;

/// <summary>Misfire catch-up and overlap policies of <see cref="CampaignPlanner"/>, with time on a fake clock.</summary>
public sealed class CampaignPlannerTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly CampaignSchedule EveryTenSeconds = CampaignSchedule.From(new ScheduleSpec { Cron = "*/10 * * * * *" });

    private static CampaignPoliciesSpec Policies(string overlap = OverlapPolicies.Skip, int catchUp = 30) => new() { Overlap = overlap, CatchUpSeconds = catchUp };

    private static CampaignPosition Fresh(bool running = false, bool buffered = false) => new(null, Created, 0, running, buffered);

    [Fact]
    public void An_instant_due_now_fires_and_nothing_before_creation_does()
    {
        var clock = new FakeTimeProvider(Created.AddSeconds(10));
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(), null, Fresh(), clock.GetUtcNow());
        Assert.Equal([new PlannedFiring(Created.AddSeconds(10), FiringDecision.Fire)], plan);
    }

    [Fact]
    public void After_an_outage_instants_within_the_window_fire_and_older_ones_are_missed()
    {
        var clock = new FakeTimeProvider(Created);
        var last = Created.AddSeconds(10);
        clock.Advance(TimeSpan.FromSeconds(70));   // down from 10:00:10 to 10:01:10; window 30 s
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(OverlapPolicies.Allow), null, new CampaignPosition(last, Created, 1, false, false), clock.GetUtcNow());
        Assert.Equal(
            [
                new PlannedFiring(Created.AddSeconds(20), FiringDecision.Missed), new PlannedFiring(Created.AddSeconds(30), FiringDecision.Missed),
                new PlannedFiring(Created.AddSeconds(40), FiringDecision.Fire), new PlannedFiring(Created.AddSeconds(50), FiringDecision.Fire),
                new PlannedFiring(Created.AddSeconds(60), FiringDecision.Fire), new PlannedFiring(Created.AddSeconds(70), FiringDecision.Fire),
            ], plan);
    }

    [Fact]
    public void A_zero_window_misses_every_late_instant()
    {
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(catchUp: 0), null, Fresh(), Created.AddSeconds(21));
        Assert.All(plan, p => Assert.Equal(FiringDecision.Missed, p.Decision));
        Assert.Equal(2, plan.Count);
    }

    [Fact]
    public void Nothing_is_planned_twice_once_an_instant_is_recorded()
    {
        var now = Created.AddSeconds(30);
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(), null, new CampaignPosition(now, Created, 3, false, false), now);
        Assert.Empty(plan);
    }

    [Theory]
    [InlineData(OverlapPolicies.Skip, new[] { FiringDecision.Skip, FiringDecision.Skip })]
    [InlineData(OverlapPolicies.BufferOne, new[] { FiringDecision.Buffer, FiringDecision.Skip })]
    [InlineData(OverlapPolicies.Cancel, new[] { FiringDecision.CancelRunningAndFire, FiringDecision.CancelRunningAndFire })]
    [InlineData(OverlapPolicies.Allow, new[] { FiringDecision.Fire, FiringDecision.Fire })]
    public void Each_overlap_policy_decides_what_comes_while_a_study_runs(string overlap, FiringDecision[] expected)
    {
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(overlap), null, Fresh(running: true), Created.AddSeconds(20));
        Assert.Equal(expected, plan.Select(p => p.Decision).ToArray());
    }

    [Fact]
    public void Skip_lets_the_first_of_several_due_instants_fire_and_skips_the_rest()
    {
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(), null, Fresh(), Created.AddSeconds(30));
        Assert.Equal([FiringDecision.Fire, FiringDecision.Skip, FiringDecision.Skip], plan.Select(p => p.Decision).ToArray());
    }

    [Fact]
    public void A_taken_buffer_skips_further_instants()
    {
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(OverlapPolicies.BufferOne), null, Fresh(running: true, buffered: true), Created.AddSeconds(10));
        Assert.Equal([FiringDecision.Skip], plan.Select(p => p.Decision).ToArray());
    }

    [Fact]
    public void Max_firings_stops_the_schedule()
    {
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(OverlapPolicies.Allow), 2, new CampaignPosition(Created.AddSeconds(10), Created, 1, false, false), Created.AddSeconds(50));
        Assert.Equal([new PlannedFiring(Created.AddSeconds(20), FiringDecision.Fire)], plan);
    }

    [Fact]
    public void A_long_outage_records_a_bounded_number_of_missed_instants()
    {
        var now = Created.AddDays(30);
        var plan = CampaignPlanner.Plan(EveryTenSeconds, Policies(), null, new CampaignPosition(Created, Created, 0, false, false), now);
        Assert.True(plan.Count(p => p.Decision == FiringDecision.Missed) == CampaignPlanner.MaxMissedRecorded);
        Assert.Equal(new PlannedFiring(now.AddSeconds(-30), FiringDecision.Fire), plan.First(p => p.Decision != FiringDecision.Missed));
    }
}
