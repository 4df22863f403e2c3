using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger.Studies;

/// <summary>
/// What a study grain reads before each decision, in one round trip: the study row and the runs that changed since
/// its last read. Finished runs never change, so a caller that holds them needs only the runs added since and those
/// of its pending runs that have finished.
/// </summary>
public sealed class StudyProgressLedger(LedgerCommands commands)
{
    private readonly LedgerCommands _commands = commands;
    private static readonly string Read = $"""
        SELECT {LedgerRowReaders.RunColumns} FROM runs
        WHERE study_id = $1 AND (ordinal > $2 OR (id = ANY($3) AND state NOT IN {Runs.RunStates.PendingSql}))
        ORDER BY ordinal
        """;

    /// <summary>
    /// The study (null if unknown) and its runs with an ordinal above <paramref name="afterOrdinal"/> (every run when
    /// null) plus those of <paramref name="pending"/> that are no longer pending, in ordinal order.
    /// </summary>
    public Task<(StudyRow? Study, IReadOnlyList<RunRow> Runs)> ReadAsync(Guid studyId, int? afterOrdinal, IReadOnlyCollection<Guid> pending, CancellationToken ct = default) =>
        _commands.ExecuteAsync(async c =>
        {
            await using var batch = LedgerCommands.Batch(c,
                ($"SELECT {LedgerRowReaders.StudyColumns} FROM studies WHERE id = $1", [studyId]),
                (Read, [studyId, afterOrdinal ?? -1, pending.ToArray()]));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var study = await reader.ReadAsync(ct) ? LedgerRowReaders.Study(reader) : null;
            await reader.NextResultAsync(ct);
            var runs = await LedgerRowReaders.ReadAllAsync(reader, LedgerRowReaders.Run, ct);
            return (study, (IReadOnlyList<RunRow>)runs);
        }, ct);
}
