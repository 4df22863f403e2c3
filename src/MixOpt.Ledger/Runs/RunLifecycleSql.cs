namespace MixOpt.Ledger.Runs;

/// <summary>
/// Every statement that moves a run from one state to another (see docs/RUN_LIFECYCLE.md), used only by
/// <see cref="RunLifecycle"/>. Each is one round trip: a single statement (data-modifying CTEs run as one implicit
/// transaction, foreign keys are checked at its end) or a batch (statements of one implicit transaction, each seeing
/// the ones before). Every transition locks the run row first, so concurrent workers, reports, sweeps and cancels
/// serialize on the run and exactly one of them wins.
/// </summary>
internal static class RunLifecycleSql
{
    private static readonly string Pending = RunStates.PendingSql;
    private static readonly string Held = RunStates.HeldSql;

    /// <summary>
    /// Queue: $1 study, $2 round, $3 now, $4 run ids, $5 mixtures (flat), $6 domains per mixture, $7 fidelities.
    /// Counts the round on the study (which must exist) and inserts the runs after its last ordinal; the (study,
    /// ordinal) unique key makes a duplicate write of the same round fail instead of adding runs.
    /// </summary>
    public static readonly string Queue = """
        WITH study AS (
            UPDATE studies SET proposal_rounds = GREATEST(proposal_rounds, $2 + 1),
                status = CASE WHEN status = 'Pending' THEN 'Running' ELSE status END, updated_at = $3
            WHERE id = $1 RETURNING id),
        last AS (SELECT coalesce(max(ordinal), -1) AS ordinal FROM runs WHERE study_id = $1),
        added AS (
            INSERT INTO runs (id, study_id, ordinal, round, mixture, fidelity, state, attempts, created_at)
            SELECT p.id, study.id, last.ordinal + p.n::int, $2, $5[((p.n::int - 1) * $6 + 1):(p.n::int * $6)], p.fidelity, 'Queued', 0, $3
            FROM study, last, unnest($4::uuid[], $7::float8[]) WITH ORDINALITY AS p(id, fidelity, n)
            RETURNING ordinal)
        SELECT (SELECT count(*) FROM study), (SELECT ordinal FROM last)
        """;

    // Start an attempt of any pending run = a batch of three: take the run (the UPDATE locks it), end the attempt it still
    // has, add the new one. The old attempt must leave 'Active' before the new one enters it (one active attempt per
    // run), which one statement cannot order; the later two find the run by the new lease token.
    private const string TakeSet = "state = $2, attempts = r.attempts + 1, worker = $3, started_at = $4, lease_token = $5, lease_expires_at = $6";
    private const string TakeReturning = "RETURNING r.study_id, r.id, r.attempts, r.ordinal, r.mixture, r.fidelity";

    /// <summary>Start (worker slot): $1 run, $2 state, $3 worker, $4 now, $5 token, $6 expiry. Any pending run, superseding its attempt.</summary>
    public static readonly string TakeRun = $"UPDATE runs r SET {TakeSet} WHERE r.id = $1 AND r.state IN {Pending} {TakeReturning}";

    /// <summary>
    /// Lease next (external trainer), one statement: $1 study, $2 worker, $3 now, $4 token, $5 expiry. One row when the
    /// study exists: its status and, while it is pending or running and a run was queued, the run leased (lowest
    /// ordinal; concurrent callers skip each other's locked rows) with its new active attempt. A queued run has no
    /// active attempt (every transition into Queued ends it), so nothing is superseded here; were that ever broken, the
    /// one-active-attempt index makes this statement fail rather than lease a run twice.
    /// </summary>
    public const string LeaseNext = """
        WITH study AS (
            SELECT status FROM studies WHERE id = $1),
        next AS (
            SELECT r.id FROM runs r
            WHERE r.study_id = $1 AND r.state = 'Queued' AND EXISTS (SELECT 1 FROM study WHERE status IN ('Pending', 'Running'))
            ORDER BY r.ordinal LIMIT 1 FOR UPDATE SKIP LOCKED),
        leased AS (
            UPDATE runs r SET state = 'Leased', attempts = r.attempts + 1, worker = $2, started_at = $3, lease_token = $4, lease_expires_at = $5
            FROM next WHERE r.id = next.id
            RETURNING r.study_id, r.id, r.attempts, r.ordinal, r.mixture, r.fidelity),
        attempt AS (
            INSERT INTO run_attempts (run_id, attempt, worker, lease_token, started_at, expires_at, outcome)
            SELECT id, attempts, $2, $4, $3, $5, 'Active' FROM leased)
        SELECT study.status, leased.study_id, leased.id, leased.attempts, leased.ordinal, leased.mixture, leased.fidelity
        FROM study LEFT JOIN leased ON true
        """;

    /// <summary>$1 new token, $2 now, $3 worker: ends the attempt still active on the run just taken.</summary>
    public const string Supersede = """
        UPDATE run_attempts a SET outcome = 'Superseded', ended_at = $2, reason = 'superseded by attempt ' || r.attempts || ' on ' || $3
        FROM runs r WHERE r.lease_token = $1 AND a.run_id = r.id AND a.outcome = 'Active'
        """;

    /// <summary>$1 new token: the new attempt, copied from the run just taken.</summary>
    public const string AddAttempt = """
        INSERT INTO run_attempts (run_id, attempt, worker, lease_token, started_at, expires_at, outcome)
        SELECT id, attempts, worker, lease_token, started_at, lease_expires_at, 'Active' FROM runs WHERE lease_token = $1
        """;

    /// <summary>Heartbeat: $1 run, $2 token, $3 now, $4 new expiry. Extends a current, unexpired lease; one row, the count extended (0 or 1).</summary>
    public static readonly string Heartbeat = $"""
        WITH run AS (
            UPDATE runs SET lease_expires_at = $4
            WHERE id = $1 AND lease_token = $2 AND state IN {Pending} AND lease_expires_at >= $3
            RETURNING id),
        attempt AS (
            UPDATE run_attempts a SET expires_at = $4, heartbeat_at = $3 FROM run WHERE a.run_id = run.id AND a.lease_token = $2)
        SELECT count(*) FROM run
        """;

    /// <summary>
    /// Record result: $1 run, $2 token, $3 now, $4 objective, $5 cost, $6 seconds, $7 artifact URI, $8 metric names,
    /// $9 metric values, $10 report hash, $11 API key id, $12 idempotency key (null: none), $13 study, $14 request hash,
    /// $15 answer. Only if $2 is the run's current unexpired lease: ends the attempt as succeeded, finishes the run,
    /// inserts the result with its metrics and stores the answer under the idempotency key (unless one is stored).
    /// One row: the attempt recorded (null: nothing written) and whether the answer was stored.
    /// </summary>
    public static readonly string Record = $"""
        WITH held AS (
            SELECT id FROM runs
            WHERE id = $1 AND lease_token = $2 AND lease_expires_at >= $3 AND state IN {Pending}
            FOR UPDATE),
        attempt AS (
            UPDATE run_attempts a SET outcome = 'Succeeded', ended_at = $3
            FROM held WHERE a.run_id = held.id AND a.lease_token = $2
            RETURNING a.attempt),
        run AS (
            UPDATE runs r SET state = 'Succeeded', objective = $4, cost = $5, finished_at = $3, lease_expires_at = NULL
            FROM held WHERE r.id = held.id),
        result AS (
            INSERT INTO run_results (run_id, attempt, objective, cost, seconds, artifact_uri, recorded_at, report_hash)
            SELECT $1, attempt, $4, $5, $6, $7, $3, $10 FROM attempt
            RETURNING run_id),
        metrics AS (
            INSERT INTO run_metrics (run_id, name, value)
            SELECT result.run_id, m.name, m.value FROM result, unnest($8::text[], $9::double precision[]) AS m (name, value)),
        answer AS (
            INSERT INTO idempotent_requests (api_key_id, idempotency_key, study_id, request_hash, status_code, response, created_at)
            SELECT $11, $12, $13, $14, 200, $15, $3 FROM result WHERE $12::text IS NOT NULL
            ON CONFLICT DO NOTHING
            RETURNING 1)
        SELECT (SELECT attempt FROM attempt), (SELECT count(*) FROM answer)
        """;

    /// <summary>
    /// $1 run, $2 token: why a report was not recorded (read after <see cref="Record"/> wrote nothing, with a snapshot
    /// that sees whatever beat it): the run's state and lease, its recorded result, and the attempt the token stands for.
    /// </summary>
    public const string Verdict = """
        SELECT r.state, r.lease_token, r.lease_expires_at,
               rr.attempt, rr.report_hash, rr.objective, rr.cost, rr.seconds, rr.artifact_uri, rr.recorded_at,
               a.run_id, a.attempt, a.outcome, a.reason, a.expires_at
        FROM runs r
        LEFT JOIN run_results rr ON rr.run_id = r.id
        LEFT JOIN run_attempts a ON a.lease_token = $2
        WHERE r.id = $1
        """;

    /// <summary>
    /// End an attempt without a result, for the runs <paramref name="target"/> selects (locked): the attempt gets
    /// <paramref name="outcome"/> and <paramref name="reason"/> (SQL over target <c>t</c> and attempt <c>a</c>); the run
    /// is queued again, or fails once it has had $2 (max attempts) attempts, its error listing every attempt's reason.
    /// $1 is now. Rows: study, run, attempt, worker, the run's new state.
    /// </summary>
    private static string EndAttempt(string target, string outcome, string reason) => $"""
        WITH t AS ({target}),
        ended AS (
            UPDATE run_attempts a SET outcome = '{outcome}', ended_at = $1, reason = {reason}
            FROM t WHERE a.lease_token = t.lease_token
            RETURNING a.run_id, a.attempt, a.worker, a.reason),
        run AS (
            UPDATE runs r SET lease_token = NULL, lease_expires_at = NULL, worker = NULL,
                state = CASE WHEN r.attempts >= $2 THEN 'Failed' ELSE 'Queued' END,
                finished_at = CASE WHEN r.attempts >= $2 THEN $1 ELSE r.finished_at END,
                error = CASE WHEN r.attempts >= $2 THEN 'Failed after ' || r.attempts || ' attempt(s): ' ||
                    (SELECT string_agg('attempt ' || x.attempt || ': ' || coalesce(x.reason, ''), '; ' ORDER BY x.attempt)
                     FROM (SELECT o.attempt, o.reason FROM run_attempts o WHERE o.run_id = r.id AND o.attempt <> e.attempt
                           UNION ALL SELECT e.attempt, e.reason) x)
                    ELSE r.error END
            FROM ended e WHERE r.id = e.run_id
            RETURNING r.id, r.state)
        SELECT t.study_id, t.id, e.attempt, e.worker, run.state FROM t JOIN ended e ON e.run_id = t.id JOIN run ON run.id = t.id
        """;

    private const string Target = "SELECT id, study_id, lease_token, lease_expires_at FROM runs";

    /// <summary>Fail: $1 now, $2 max attempts, $3 run, $4 token, $5 reason. The attempt holding the run's current lease.</summary>
    public static readonly string Fail = EndAttempt($"{Target} WHERE id = $3 AND lease_token = $4 AND state IN {Pending} FOR UPDATE", "Failed", "$5");

    /// <summary>Expire: $1 now, $2 max attempts. Every held run whose lease ran out before now (rows being written are left to the next sweep).</summary>
    public static readonly string Expire = EndAttempt(
        $"{Target} WHERE lease_expires_at < $1 AND state IN {Held} FOR UPDATE SKIP LOCKED", "Expired",
        """'lease expired at ' || to_char(t.lease_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || ': worker ' || a.worker || ' stopped heartbeating'""");

    /// <summary>Revoke: $1 now, $2 max attempts, $3 worker prefix (a dead silo's slots), $4 why. Every run held by those workers, lease or not.</summary>
    public static readonly string Revoke = EndAttempt(
        $"{Target} WHERE left(worker, length($3)) = $3 AND lease_token IS NOT NULL AND state IN {Held} FOR UPDATE", "Expired",
        "$4 || '; lease revoked: worker ' || a.worker || ' is gone'");

    /// <summary>Cancel run: $1 run, $2 now. One row: the run's study (null: no such run) and whether it was cancelled now.</summary>
    public static readonly string CancelRun = $"""
        WITH run AS (
            UPDATE runs SET state = 'Cancelled', finished_at = $2, error = 'Cancelled.', lease_token = NULL, lease_expires_at = NULL
            WHERE id = $1 AND state IN {Pending}
            RETURNING id),
        attempt AS (
            UPDATE run_attempts a SET outcome = 'Cancelled', ended_at = $2, reason = 'run cancelled'
            FROM run WHERE a.run_id = run.id AND a.outcome = 'Active')
        SELECT (SELECT study_id FROM runs WHERE id = $1), (SELECT count(*) FROM run)
        """;

    /// <summary>Cancel study: $1 study, $2 now. An unfinished study, its pending runs and their live attempts; one row, the count of studies cancelled.</summary>
    public static readonly string CancelStudy = $"""
        WITH study AS (
            UPDATE studies SET status = 'Cancelled', updated_at = $2, completed_at = $2
            WHERE id = $1 AND status IN ('Pending', 'Running', 'Paused')
            RETURNING id),
        run AS (
            UPDATE runs r SET state = 'Cancelled', finished_at = $2, lease_token = NULL, lease_expires_at = NULL
            FROM study WHERE r.study_id = study.id AND r.state IN {Pending}
            RETURNING r.id),
        attempt AS (
            UPDATE run_attempts a SET outcome = 'Cancelled', ended_at = $2, reason = 'study cancelled'
            FROM run WHERE a.run_id = run.id AND a.outcome = 'Active')
        SELECT count(*) FROM study
        """;

    /// <summary>$1 token, $2 note: appends what the worker saw to a cancelled attempt's reason.</summary>
    public const string NoteStopped = """
        UPDATE run_attempts SET reason = CASE WHEN reason IS NULL THEN $2 ELSE reason || '; ' || $2 END
        WHERE lease_token = $1 AND outcome = 'Cancelled'
        """;

    /// <summary>Every pending run of a pending or running study, oldest first (the scheduler rebuilds its queue from it).</summary>
    public static readonly string PendingRuns = $"""
        SELECT r.study_id, r.id, r.ordinal, r.state, r.worker FROM runs r JOIN studies s ON s.id = r.study_id
        WHERE r.state IN {Pending} AND s.status IN ('Pending', 'Running')
        ORDER BY r.created_at, r.ordinal
        """;

    /// <summary>$1 run ids: where each stands.</summary>
    public const string FindRuns = "SELECT study_id, id, ordinal, state, worker FROM runs WHERE id = ANY($1)";

    /// <summary>$1 run: the columns a result report is checked against.</summary>
    public const string LeaseState = "SELECT study_id, ordinal, mixture, fidelity, state, attempts, lease_token, lease_expires_at FROM runs WHERE id = $1";

    /// <summary>$1 API key id, $2 idempotency key: the answer stored for them.</summary>
    public const string StoredAnswer = "SELECT request_hash, status_code, response FROM idempotent_requests WHERE api_key_id = $1 AND idempotency_key = $2";

    /// <summary>$1 run: its attempts, first first.</summary>
    public const string Attempts = """
        SELECT run_id, attempt, worker, lease_token, started_at, expires_at, heartbeat_at, ended_at, outcome, reason
        FROM run_attempts WHERE run_id = $1 ORDER BY attempt
        """;
}
