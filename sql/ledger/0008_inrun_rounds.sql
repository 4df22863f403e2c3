-- MixOpt ledger, migration 0008: runs trained under an in-run method (strategy aioli).
--
-- run_in_run: one row per run that an in-run method re-weighted: the method, the mixture its trajectory recommends
-- (final or averaged proportions, per the study's options), how many rounds it recorded, and a note when the method
-- could not act (an external trainer that never reported intermediate losses kept its starting proportions).
-- run_rounds: the trajectory, one row per round: the step it ended at, the proportions trained on and the per-domain
-- validation losses measured there. A retried attempt replaces its run's rows. No NaN or infinity is stored.
CREATE TABLE run_in_run (
    run_id       uuid PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    method       text NOT NULL CHECK (length(method) BETWEEN 1 AND 64),
    recommended  double precision[] NOT NULL
                 CHECK (NOT (recommended && ARRAY['NaN', 'Infinity', '-Infinity']::double precision[])),
    rounds       integer NOT NULL CHECK (rounds >= 0),
    note         text NULL CHECK (note IS NULL OR length(note) <= 1000),
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE run_rounds (
    run_id       uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    round        integer NOT NULL CHECK (round >= 0),
    step         integer NOT NULL CHECK (step >= 0),
    proportions  double precision[] NOT NULL
                 CHECK (NOT (proportions && ARRAY['NaN', 'Infinity', '-Infinity']::double precision[])),
    losses       double precision[] NOT NULL
                 CHECK (NOT (losses && ARRAY['NaN', 'Infinity', '-Infinity']::double precision[])),
    PRIMARY KEY (run_id, round)
);
