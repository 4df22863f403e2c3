using MixOpt.Core.Execution;
using MixOpt.Core.Studies;
using Npgsql;

namespace MixOpt.Ledger.Leases;

/// <summary>
/// The two lease operations every run goes through, each in one round trip: starting an attempt and recording its
/// result. Same rules as the rest of <see cref="RunLeaseLedger"/>: the run row is locked first, so concurrent
/// workers, retried reports and expiry sweeps serialize on the run and exactly one of them wins.
/// </summary>
public static class LeaseStatements
{
    private const string Pending = "('Queued', 'Leased', 'Running')";

    /// <summary>
    /// Starts a new attempt of a pending run (superseding any attempt still active) and returns its lease with the
    /// run's mixture and fidelity; null when the run has finished or does not exist.
    /// </summary>
    public static async Task<LeasedRun?> StartAttemptAsync(NpgsqlConnection connection, Guid runId, string worker, TimeSpan leaseFor, RunState state, DateTimeOffset now, CancellationToken ct)
    {
        var token = Guid.NewGuid();
        var expires = now + leaseFor;
        // One implicit transaction: lock the run, end the attempt it still has (the old row must leave 'Active' before
        // the new one enters it: one active attempt per run), take the run, and add the new attempt.
        await using var batch = LedgerCommands.Batch(connection,
            ("SELECT 1 FROM runs WHERE id = $1 FOR UPDATE", [runId]),
            ($"""
              UPDATE run_attempts a SET outcome = 'Superseded', ended_at = $2, reason = 'superseded by attempt ' || (r.attempts + 1) || ' on ' || $3
              FROM runs r WHERE r.id = $1 AND r.state IN {Pending} AND a.run_id = r.id AND a.outcome = 'Active'
              """, [runId, now, worker]),
            ($"""
              UPDATE runs SET state = $2, attempts = attempts + 1, worker = $3, started_at = $4, lease_token = $5, lease_expires_at = $6
              WHERE id = $1 AND state IN {Pending}
              RETURNING study_id, attempts, ordinal, mixture, fidelity
              """, [runId, state.ToString(), worker, now, token, expires]),
            ("""
             INSERT INTO run_attempts (run_id, attempt, worker, lease_token, started_at, expires_at, outcome)
             SELECT id, attempts, $2, $3, $4, $5, 'Active' FROM runs WHERE id = $1 AND lease_token = $3
             """, [runId, worker, token, now, expires]));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        // Results come in statement order: the lock's row, then the taken run (the UPDATEs without RETURNING have none).
        await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var lease = new RunLease(reader.GetGuid(0), runId, reader.GetInt32(1), token, worker, expires);
        return new LeasedRun(lease, reader.GetInt32(2), reader.GetFieldValue<double[]>(3), reader.GetDouble(4));
    }

    /// <summary>
    /// Records the result if <paramref name="token"/> is the run's current, unexpired lease: the run, its attempt, the
    /// result and its metrics in one statement. A second report of the attempt that recorded is
    /// <see cref="ResultRecording.AlreadyRecorded"/>; anything else is refused and changes nothing.
    /// </summary>
    public static async Task<ResultRecording> RecordResultAsync(NpgsqlConnection connection, Guid runId, Guid token, RunOutcome outcome, double objective,
        string? artifactUri, DateTimeOffset now, CancellationToken ct)
    {
        await using (var record = LedgerCommands.Command(connection, $"""
            WITH won AS (
                UPDATE runs SET state = 'Succeeded', objective = $3, cost = $4, finished_at = $6, lease_expires_at = NULL
                WHERE id = $1 AND state IN {Pending} AND lease_token = $2 AND lease_expires_at >= $6
                RETURNING id, attempts),
            ended AS (
                UPDATE run_attempts a SET outcome = 'Succeeded', ended_at = $6 FROM won
                WHERE a.lease_token = $2 AND a.run_id = won.id RETURNING a.attempt),
            result AS (
                INSERT INTO run_results (run_id, attempt, objective, cost, seconds, artifact_uri, recorded_at)
                SELECT id, attempts, $3, $4, $5, $7, $6 FROM won RETURNING run_id),
            metrics AS (
                INSERT INTO run_metrics (run_id, name, value)
                SELECT result.run_id, m.name, m.value FROM result, unnest($8::text[], $9::float8[]) AS m(name, value) RETURNING 1)
            SELECT count(*) FROM won
            """, runId, token, objective, outcome.Cost, outcome.Seconds, now, artifactUri,
            outcome.Metrics.Keys.ToArray(), outcome.Metrics.Values.ToArray()))
        {
            record.Parameters[6].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text; // may be null: say what it is
            await using var reader = await record.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) == 1) return ResultRecording.Recorded;
        }
        await using var check = LedgerCommands.Command(connection, """
            SELECT EXISTS (SELECT 1 FROM run_results rr JOIN run_attempts a ON a.run_id = rr.run_id AND a.attempt = rr.attempt
                           WHERE rr.run_id = $1 AND a.lease_token = $2)
            """, runId, token);
        return (bool)(await check.ExecuteScalarAsync(ct))! ? ResultRecording.AlreadyRecorded : ResultRecording.Refused;
    }
}
