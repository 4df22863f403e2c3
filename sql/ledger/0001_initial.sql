-- MixOpt ledger, migration 0001: studies, runs, results, metrics.
-- Applied in order by `mixopt db migrate` (or at service start-up); each file runs once, inside a
-- transaction, and is recorded in mixopt_schema_migrations. A DBA may apply these files by hand with psql
-- in file-name order and insert the version rows themselves.

CREATE TABLE studies (
    id               uuid PRIMARY KEY,
    name             text NOT NULL,
    -- The whole submitted study (domains, objective, budget, strategy, seed, simulator) as validated JSON.
    spec             jsonb NOT NULL,
    status           text NOT NULL CHECK (status IN ('Pending', 'Running', 'Completed', 'Cancelled', 'Failed')),
    strategy         text NOT NULL,
    seed             integer NOT NULL,
    run_budget       integer NOT NULL CHECK (run_budget > 0),
    -- How many proposal rounds have been asked for; seeds the next round so a resumed study proposes the same.
    proposal_rounds  integer NOT NULL DEFAULT 0,
    best_run_id      uuid NULL,
    best_value       double precision NULL,
    best_mixture     double precision[] NULL,
    -- The simulated oracle's true optimum (null for real executors).
    optimum_value    double precision NULL,
    optimum_mixture  double precision[] NULL,
    error            text NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    completed_at     timestamptz NULL
);

CREATE INDEX ix_studies_status ON studies (status);

CREATE TABLE runs (
    id           uuid PRIMARY KEY,
    study_id     uuid NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    -- 0-based position of the run in its study; unique, so a proposal round cannot be written twice.
    ordinal      integer NOT NULL,
    round        integer NOT NULL,
    mixture      double precision[] NOT NULL,
    fidelity     double precision NOT NULL CHECK (fidelity > 0),
    state        text NOT NULL CHECK (state IN ('Queued', 'Leased', 'Running', 'Succeeded', 'Failed', 'Cancelled')),
    attempts     integer NOT NULL DEFAULT 0,
    worker       text NULL,
    objective    double precision NULL,
    cost         double precision NULL,
    error        text NULL,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz NULL,
    finished_at  timestamptz NULL,
    CONSTRAINT ux_runs_study_ordinal UNIQUE (study_id, ordinal)
);

CREATE INDEX ix_runs_study_state ON runs (study_id, state);

-- One row per run at most: the primary key is what makes recording a result idempotent.
CREATE TABLE run_results (
    run_id        uuid PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    attempt       integer NOT NULL,
    objective     double precision NOT NULL,
    cost          double precision NOT NULL,
    seconds       double precision NOT NULL,
    artifact_uri  text NULL,
    recorded_at   timestamptz NOT NULL
);

CREATE TABLE run_metrics (
    run_id  uuid NOT NULL REFERENCES run_results (run_id) ON DELETE CASCADE,
    name    text NOT NULL,
    value   double precision NOT NULL,
    PRIMARY KEY (run_id, name)
);
