-- MixOpt ledger, migration 0007: the study's recommendation over time (issue 18), so the dashboard can draw the
-- recommendation's predicted value with its uncertainty band along the best-so-far curve.
--
-- Bounded by its key: at most one row per study and count of observations the recommendation was fitted on (the study
-- grain records one every few finished runs and one when the study completes). Only finite figures are stored: NaN
-- sorts above every number in PostgreSQL, so "< 'Infinity'" keeps it out as well as the infinities.
CREATE TABLE recommendation_history (
    study_id      uuid NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    observations  integer NOT NULL CHECK (observations > 0),
    cost          double precision NOT NULL CHECK (cost >= 0 AND cost < 'Infinity'),
    predicted     double precision NOT NULL CHECK (predicted > '-Infinity' AND predicted < 'Infinity'),
    std_dev       double precision NOT NULL CHECK (std_dev >= 0 AND std_dev < 'Infinity'),
    basis         text NOT NULL,
    mixture       double precision[] NOT NULL,
    final         boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL,
    PRIMARY KEY (study_id, observations)
);
