-- MixOpt ledger, migration 0003: run attempts and leases, and paused studies.
--
-- Every execution of a run is an attempt, and an attempt holds a lease: a random token and an expiry. Only the
-- holder of the run's current, unexpired lease can record its result, so a late result from an attempt whose
-- worker was declared dead (or whose lease was superseded by a re-queue) is refused and a run has one result.
-- Workers (silo slots or external trainers over REST) extend their lease by heartbeats; an expired lease ends the
-- attempt as 'Expired' and re-queues the run, until the run has used its allowed attempts and fails with the
-- reasons of all of them.

ALTER TABLE studies DROP CONSTRAINT studies_status_check;
ALTER TABLE studies ADD CONSTRAINT studies_status_check
    CHECK (status IN ('Pending', 'Running', 'Paused', 'Completed', 'Cancelled', 'Failed'));

-- The current attempt's lease, copied onto the run so dispatch and expiry need no join.
ALTER TABLE runs ADD COLUMN lease_token uuid NULL;
ALTER TABLE runs ADD COLUMN lease_expires_at timestamptz NULL;

-- Expiry sweeps look only at runs that hold a lease.
CREATE INDEX ix_runs_lease_expiry ON runs (lease_expires_at) WHERE lease_expires_at IS NOT NULL;

CREATE TABLE run_attempts (
    run_id        uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    attempt       integer NOT NULL CHECK (attempt > 0),
    worker        text NOT NULL,
    lease_token   uuid NOT NULL UNIQUE,
    started_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NULL,
    ended_at      timestamptz NULL,
    outcome       text NOT NULL CHECK (outcome IN ('Active', 'Succeeded', 'Failed', 'Expired', 'Superseded', 'Cancelled')),
    reason        text NULL,
    PRIMARY KEY (run_id, attempt)
);

-- At most one live attempt per run.
CREATE UNIQUE INDEX ux_run_attempts_active ON run_attempts (run_id) WHERE outcome = 'Active';
