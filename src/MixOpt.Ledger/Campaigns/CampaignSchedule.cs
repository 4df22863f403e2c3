using MixOpt.Core.Campaigns;
using Cronos;

namespace MixOpt.Ledger.Campaigns;

/// <summary>
/// A campaign's schedule: when it fires, in its time zone, within its start and end. Daylight-saving changes are
/// Cronos': a time that does not exist that day (spring forward) fires at the first moment after the gap; a time that
/// occurs twice (fall back) fires once, except for expressions that step through the hour (<c>*/15</c>), which fire
/// in both offsets. Pure: time is always passed in.
/// </summary>
public sealed class CampaignSchedule
{
    private readonly CronExpression _cron;

    private CampaignSchedule(CronExpression cron, TimeZoneInfo zone, DateTimeOffset? start, DateTimeOffset? end)
    {
        _cron = cron;
        Zone = zone;
        Start = start;
        End = end;
    }

    public TimeZoneInfo Zone { get; }
    public DateTimeOffset? Start { get; }
    public DateTimeOffset? End { get; }

    /// <summary>The schedule of a validated spec (throws on what <see cref="CampaignSpecValidator"/> refuses).</summary>
    public static CampaignSchedule From(ScheduleSpec spec) =>
        new(ParseCron(spec.Cron), TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone), spec.Start, spec.End);

    /// <summary>Five fields (minute first) or six (seconds first); macros such as <c>@daily</c> too.</summary>
    public static CronExpression ParseCron(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    /// <summary>The first instant strictly after <paramref name="after"/>, or null when the schedule has ended.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (Start is { } start && after < start) after = start.AddTicks(-1);
        var next = _cron.GetNextOccurrence(after, Zone, inclusive: false);
        return next is { } n && (End is not { } end || n <= end) ? n : null;
    }

    /// <summary>The instants in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first, lazily.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset upTo)
    {
        for (var next = Next(after); next is { } n && n <= upTo; next = Next(n)) yield return n;
    }

    /// <summary>The next <paramref name="count"/> instants after <paramref name="after"/> (fewer when the schedule ends).</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset after, int count)
    {
        var list = new List<DateTimeOffset>(count);
        for (var next = Next(after); next is { } n && list.Count < count; next = Next(n)) list.Add(n);
        return list;
    }
}
