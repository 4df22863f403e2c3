using MixOpt.Core.InRun;

namespace MixOpt.Ledger.InRun;

/// <summary>
/// The trajectories of runs trained under an in-run method (tables <c>run_in_run</c> and <c>run_rounds</c>,
/// migration 0008). Values are checked finite before any statement; a run's rows are written in one batch (all or
/// nothing) and replace what an earlier attempt of the same run wrote.
/// </summary>
public sealed class InRunLedger(LedgerCommands commands)
{
    /// <summary>The most rounds one run may record (a bound on what a trainer can make the ledger hold).</summary>
    public const int MaxRounds = 1000;

    public const int MaxNoteLength = 1000;

    private const string DeleteRounds = "DELETE FROM run_rounds WHERE run_id = $1";
    private const string UpsertRun = """
        INSERT INTO run_in_run (run_id, method, recommended, rounds, note) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (run_id) DO UPDATE SET method = EXCLUDED.method, recommended = EXCLUDED.recommended,
            rounds = EXCLUDED.rounds, note = EXCLUDED.note, recorded_at = now()
        """;
    private const string InsertRound = "INSERT INTO run_rounds (run_id, round, step, proportions, losses) VALUES ($1, $2, $3, $4, $5)";
    private const string SelectOfStudy = """
        SELECT i.run_id, r.ordinal, i.method, i.recommended, i.note
        FROM run_in_run i JOIN runs r ON r.id = i.run_id
        WHERE r.study_id = $1 ORDER BY r.ordinal
        """;
    private const string SelectRounds = "SELECT round, step, proportions, losses FROM run_rounds WHERE run_id = $1 ORDER BY round";

    /// <summary>Records <paramref name="trajectory"/> for run <paramref name="runId"/>; throws <see cref="ArgumentException"/> (nothing written) on a non-finite value.</summary>
    public Task RecordAsync(Guid runId, InRunTrajectory trajectory, CancellationToken ct = default)
    {
        Check(trajectory);
        var statements = new List<(string, object?[])>
        {
            (DeleteRounds, [runId]),
            (UpsertRun, [runId, trajectory.Method, trajectory.Recommended.ToArray(), trajectory.Rounds.Count,
                trajectory.Note is null ? new LedgerCommands.TypedNull(NpgsqlTypes.NpgsqlDbType.Text) : Clean(trajectory.Note)]),
        };
        foreach (var r in trajectory.Rounds)
            statements.Add((InsertRound, [runId, r.Round, r.Step, r.Proportions.ToArray(), r.Losses.ToArray()]));
        return commands.ExecuteAsync(async c =>
        {
            await using var batch = LedgerCommands.Batch(c, [.. statements]);
            return await batch.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>Every recorded trajectory of a study's runs, by run ordinal.</summary>
    public Task<IReadOnlyList<InRunRecord>> OfStudyAsync(Guid studyId, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            var heads = new List<(Guid Run, int Ordinal, string Method, double[] Recommended, string? Note)>();
            await using (var cmd = LedgerCommands.Command(c, SelectOfStudy, studyId))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    heads.Add((r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetFieldValue<double[]>(3), r.IsDBNull(4) ? null : r.GetString(4)));
            var records = new List<InRunRecord>(heads.Count);
            foreach (var h in heads)
            {
                var rounds = new List<InRunRound>();
                await using var cmd = LedgerCommands.Command(c, SelectRounds, h.Run);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                    rounds.Add(new InRunRound(r.GetInt32(0), r.GetInt32(1), r.GetFieldValue<double[]>(2), r.GetFieldValue<double[]>(3)));
                records.Add(new InRunRecord(h.Run, h.Ordinal, new InRunTrajectory(h.Method, rounds, h.Recommended, h.Note)));
            }
            return (IReadOnlyList<InRunRecord>)records;
        }, ct);

    private static void Check(InRunTrajectory t)
    {
        if (string.IsNullOrWhiteSpace(t.Method) || t.Method.Length > 64) throw new ArgumentException("An in-run method needs a name of 1-64 characters.");
        if (t.Rounds.Count > MaxRounds) throw new ArgumentException($"A run may record at most {MaxRounds} rounds, got {t.Rounds.Count}.");
        Finite(t.Recommended, "recommended mixture");
        foreach (var r in t.Rounds)
        {
            if (r.Round < 0 || r.Step < 0) throw new ArgumentException($"Round {r.Round} at step {r.Step}: both must be >= 0.");
            Finite(r.Proportions, $"round {r.Round} proportions");
            Finite(r.Losses, $"round {r.Round} losses");
        }
    }

    private static void Finite(IReadOnlyList<double> values, string what)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"The {what} hold {v}; only finite values are recorded.");
    }

    /// <summary>No NUL or other control character reaches the ledger; notes are bounded.</summary>
    private static string Clean(string note)
    {
        var clean = new string(note.Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray()).Trim();
        return clean.Length <= MaxNoteLength ? clean : clean[..MaxNoteLength];
    }
}
