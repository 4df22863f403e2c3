-- MixOpt ledger, migration 0006: scheduled sweep campaigns (issue 17).
--
-- A campaign is a schedule (cron with seconds, IANA time zone, start/end, maximum firings), a study template, an
-- action (new study warm-started from the campaign's earlier runs, extend a study, re-mix after the corpus changed)
-- and policies (overlap, misfire catch-up window, pause after K failed firings); all of it is the validated spec
-- (jsonb). Firings are the audit: one row per scheduled instant, written before the action runs, so the unique key
-- on (campaign, instant) is what makes two silos, a restart mid-firing or a late reminder act once per instant.

CREATE TABLE campaigns (
    id                    uuid PRIMARY KEY,
    name                  text NOT NULL,
    spec                  jsonb NOT NULL,
    state                 text NOT NULL CHECK (state IN ('Active', 'Paused')),
    pause_reason          text NULL,
    consecutive_failures  integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    -- Instants at or before this are not the campaign's to fire or to record as missed: when it was created or last
    -- resumed (what was due while it was paused is not caught up).
    schedule_from         timestamptz NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

CREATE INDEX ix_campaigns_created ON campaigns (created_at DESC);

-- study_id has no foreign key: deleting a study keeps the campaign's history of it (the id, outcome, cost).
-- The study id is chosen when the firing is claimed, so creating the study again after a crash is a key conflict,
-- not a second study.
CREATE TABLE campaign_firings (
    id           uuid PRIMARY KEY,
    campaign_id  uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    instant      timestamptz NOT NULL,
    trigger      text NOT NULL CHECK (trigger IN ('Schedule', 'Manual')),
    state        text NOT NULL CHECK (state IN ('Pending', 'Buffered', 'Running', 'Succeeded', 'Failed', 'Skipped', 'Missed', 'Cancelled', 'Unchanged')),
    study_id     uuid NULL,
    outcome      text NULL,
    best_value   double precision NULL CHECK (best_value IS NULL OR best_value NOT IN ('NaN', 'Infinity', '-Infinity')),
    cost_spent   double precision NULL CHECK (cost_spent IS NULL OR (cost_spent >= 0 AND cost_spent <> 'Infinity')),
    full_cost    double precision NULL CHECK (full_cost IS NULL OR (full_cost >= 0 AND full_cost <> 'Infinity')),
    plan         jsonb NULL,
    mixture      jsonb NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CONSTRAINT campaign_firings_once_per_instant UNIQUE (campaign_id, instant)
);

CREATE INDEX ix_campaign_firings_open ON campaign_firings (campaign_id) WHERE state IN ('Pending', 'Buffered', 'Running');
