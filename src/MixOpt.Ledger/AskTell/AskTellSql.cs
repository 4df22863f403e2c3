namespace MixOpt.Ledger.AskTell;

/// <summary>
/// The statements of <see cref="AskTellLedger"/>. Each one does in one round trip what <see cref="Leases.RunLeaseLedger"/>
/// does in a transaction of several: data-modifying CTEs run in one statement (hence one implicit transaction), and
/// foreign keys are checked at its end, so a result and its metrics can be inserted side by side.
/// </summary>
internal static class AskTellSql
{
    /// <summary>
    /// $1 study, $2 worker, $3 lease token, $4 now, $5 lease expiry. One row when the study exists: its status and,
    /// when it is pending or running and a run was queued, the run now leased (its new attempt is active).
    /// </summary>
    public const string LeaseNext = """
        WITH study AS (
            SELECT status FROM studies WHERE id = $1),
        next AS (
            SELECT r.id FROM runs r
            WHERE r.study_id = $1 AND r.state = 'Queued' AND EXISTS (SELECT 1 FROM study WHERE status IN ('Pending', 'Running'))
            ORDER BY r.ordinal LIMIT 1 FOR UPDATE SKIP LOCKED),
        leased AS (
            UPDATE runs r SET state = 'Leased', attempts = r.attempts + 1, worker = $2, started_at = $4,
                lease_token = $3, lease_expires_at = $5
            FROM next WHERE r.id = next.id
            RETURNING r.id, r.ordinal, r.attempts, r.mixture, r.fidelity),
        attempt AS (
            INSERT INTO run_attempts (run_id, attempt, worker, lease_token, started_at, expires_at, outcome)
            SELECT id, attempts, $2, $3, $4, $5, 'Active' FROM leased)
        SELECT study.status, leased.id, leased.ordinal, leased.attempts, leased.mixture, leased.fidelity
        FROM study LEFT JOIN leased ON true
        """;

    /// <summary>$1 run: the columns a result report is checked against.</summary>
    public const string RunLeaseState = """
        SELECT study_id, ordinal, mixture, fidelity, state, attempts, lease_token, lease_expires_at FROM runs WHERE id = $1
        """;

    /// <summary>$1 API key id, $2 idempotency key: the answer stored for them.</summary>
    public const string StoredAnswer = """
        SELECT request_hash, status_code, response FROM idempotent_requests WHERE api_key_id = $1 AND idempotency_key = $2
        """;

    /// <summary>
    /// $1 run, $2 lease token, $3 now, $4 objective, $5 cost, $6 seconds, $7 artifact URI, $8 metric names, $9 metric
    /// values, $10 API key id, $11 idempotency key (null: none), $12 study, $13 request hash, $14 response. Locks the
    /// run and, only if $2 is its current unexpired lease, ends the attempt as succeeded, finishes the run, inserts
    /// the result with its metrics and stores the answer under the idempotency key (unless one is already stored).
    /// Returns the attempt recorded (null: nothing written) and whether the answer was stored.
    /// </summary>
    public const string RecordResult = """
        WITH held AS (
            SELECT id FROM runs
            WHERE id = $1 AND lease_token = $2 AND lease_expires_at >= $3 AND state IN ('Queued', 'Leased', 'Running')
            FOR UPDATE),
        attempt AS (
            UPDATE run_attempts a SET outcome = 'Succeeded', ended_at = $3
            FROM held WHERE a.run_id = held.id AND a.lease_token = $2
            RETURNING a.attempt),
        run AS (
            UPDATE runs r SET state = 'Succeeded', objective = $4, cost = $5, finished_at = $3, lease_expires_at = NULL
            FROM held WHERE r.id = held.id),
        result AS (
            INSERT INTO run_results (run_id, attempt, objective, cost, seconds, artifact_uri, recorded_at)
            SELECT $1, attempt, $4, $5, $6, $7, $3 FROM attempt
            RETURNING run_id),
        metrics AS (
            INSERT INTO run_metrics (run_id, name, value)
            SELECT result.run_id, m.name, m.value FROM result, unnest($8::text[], $9::double precision[]) AS m (name, value)),
        answer AS (
            INSERT INTO idempotent_requests (api_key_id, idempotency_key, study_id, request_hash, status_code, response, created_at)
            SELECT $10, $11, $12, $13, 200, $14, $3 FROM result WHERE $11::text IS NOT NULL
            ON CONFLICT DO NOTHING
            RETURNING 1)
        SELECT (SELECT attempt FROM attempt), (SELECT count(*) FROM answer)
        """;
}
