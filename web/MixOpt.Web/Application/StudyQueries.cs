using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Studies;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>
/// What the REST API and the dashboard read about studies, as views: the list (paged and filtered) and one study with
/// its runs. Both go through here, so a page shows exactly what the API returns, and neither endpoints nor Razor
/// pages know the ledger's stores or rows.
/// </summary>
public sealed class StudyQueries(StudyLedger ledger, StudyControlLedger control)
{
    /// <summary>Newest first, <paramref name="take"/> at a time; <c>Total</c> counts every matching study.</summary>
    public async Task<(IReadOnlyList<StudySummaryView> Page, int Total)> ListAsync(
        StudyStatus? status, string? strategy, string? nameContains, int skip, int take, CancellationToken ct = default)
    {
        var (page, total) = await control.ListAsync(new StudyFilter(status, strategy, nameContains), skip, take, ct);
        return (page.Select(StudyViewRows.Summary).ToList(), total);
    }

    /// <summary>The study with its runs, each finished run's metrics and result artifact; null when there is none.</summary>
    public async Task<StudyDetailsView?> FindAsync(Guid id, CancellationToken ct = default) =>
        await ledger.FindStudyAsync(id, ct) is { } study ? await StudyViewRows.LoadAsync(ledger, study, ct) : null;

    /// <summary>The study's status alone (cheaper than <see cref="FindAsync"/>); null when there is none.</summary>
    public async Task<StudyStatus?> StatusAsync(Guid id, CancellationToken ct = default) =>
        (await ledger.FindStudyAsync(id, ct))?.Status;
}
