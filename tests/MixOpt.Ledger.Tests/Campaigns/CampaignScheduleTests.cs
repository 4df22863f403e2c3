using MixOpt.Core.Campaigns;
using Microsoft.Extensions.Time.Testing;
using MixOpt.Ledger.Campaigns;

namespace MixOpt.Ledger.Tests.Campaigns;

/// <summary>Next-fire times of campaign schedules across time zones and daylight-saving changes, on a fake clock.</summary>
public sealed class CampaignScheduleTests
{
    private static CampaignSchedule Schedule(string cron, string zone = "UTC", DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        CampaignSchedule.From(new ScheduleSpec { Cron = cron, TimeZone = zone, Start = start, End = end });

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Fact]
    public void Seconds_field_fires_every_few_seconds_on_the_fake_clock()
    {
        var clock = new FakeTimeProvider(Utc(2026, 12, 1, 10, 0, 1));
        var schedule = Schedule("*/5 * * * * *");
        Assert.Equal(Utc(2026, 12, 1, 10, 0, 5), schedule.Next(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([Utc(2026, 12, 1, 10, 0, 5), Utc(2026, 12, 1, 10, 0, 10), Utc(2026, 12, 1, 10, 0, 15), Utc(2026, 12, 1, 10, 0, 20)],
            schedule.Between(Utc(2026, 12, 1, 10, 0, 1), clock.GetUtcNow()).ToArray());
    }

    [Fact]
    public void Five_fields_are_minutes_first()
    {
        Assert.Equal(Utc(2026, 12, 1, 10, 15), Schedule("15 10 * * *").Next(Utc(2026, 12, 1, 9, 0)));
    }

    [Fact]
    public void A_local_time_means_different_instants_in_different_zones()
    {
        var after = Utc(2026, 6, 1, 0, 0);
        Assert.Equal(Utc(2026, 6, 1, 7, 0), Schedule("0 9 * * *", "Europe/Berlin").Next(after));       // CEST, +2
        Assert.Equal(Utc(2026, 6, 1, 13, 0), Schedule("0 9 * * *", "America/New_York").Next(after));  // EDT, -4
        Assert.Equal(Utc(2026, 6, 1, 18, 30), Schedule("0 0 * * *", "Asia/Kolkata").Next(after));     // +5:30, no DST
    }

    [Fact]
    public void Spring_forward_fires_a_skipped_time_right_after_the_gap()
    {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
        var schedule = Schedule("0 30 2 * * *", "Europe/Berlin");
        var first = schedule.Next(Utc(2026, 3, 28, 12, 0));
        Assert.Equal(Utc(2026, 3, 29, 1, 0), first);                           // 03:00 CEST
        Assert.Equal(Utc(2026, 3, 30, 0, 30), schedule.Next(first!.Value));    // 02:30 CEST the next day
    }

    [Fact]
    public void Fall_back_fires_a_repeated_time_once_but_an_interval_in_both_offsets()
    {
        // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:00-02:59 happens twice.
        var daily = Schedule("0 30 2 * * *", "Europe/Berlin");
        Assert.Equal([Utc(2026, 10, 25, 0, 30)], daily.Between(Utc(2026, 10, 24, 12, 0), Utc(2026, 10, 25, 12, 0)).ToArray());
        var everyHalfHour = Schedule("0 */30 * * * *", "Europe/Berlin");
        Assert.Equal([Utc(2026, 10, 25, 0, 0), Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 25, 1, 0), Utc(2026, 10, 25, 1, 30), Utc(2026, 10, 25, 2, 0)],
            everyHalfHour.Between(Utc(2026, 10, 24, 23, 45), Utc(2026, 10, 25, 2, 0)).ToArray());
    }

    [Fact]
    public void New_York_keeps_nine_local_across_its_change()
    {
        var schedule = Schedule("0 9 * * *", "America/New_York");
        Assert.Equal([Utc(2026, 3, 7, 14, 0), Utc(2026, 3, 8, 13, 0)], schedule.Between(Utc(2026, 3, 7, 0, 0), Utc(2026, 3, 8, 23, 0)).ToArray());
    }

    [Fact]
    public void Start_and_end_bound_the_instants()
    {
        var schedule = Schedule("0 * * * *", start: Utc(2026, 12, 1, 12, 0), end: Utc(2026, 12, 1, 14, 0));
        Assert.Equal(Utc(2026, 12, 1, 12, 0), schedule.Next(Utc(2026, 12, 1, 0, 0)));  // the start itself is an instant
        Assert.Equal([Utc(2026, 12, 1, 12, 0), Utc(2026, 12, 1, 13, 0), Utc(2026, 12, 1, 14, 0)], schedule.Upcoming(Utc(2026, 11, 30, 0, 0), 10));
        Assert.Null(schedule.Next(Utc(2026, 12, 1, 14, 0)));
    }
}
