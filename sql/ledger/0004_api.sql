-- MixOpt ledger, migration 0004: what the REST API needs of its own: API keys and idempotent results.
--
-- API keys are shown to their owner once and stored only as a SHA-256 hash of the whole key. The short public
-- id (the key's prefix) finds the row; the hash proves the secret. Revoked keys stay, so the audit trail does.

CREATE TABLE api_keys (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    scopes       text[] NOT NULL CHECK (cardinality(scopes) > 0),
    key_hash     bytea NOT NULL CHECK (length(key_hash) = 32),
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz NULL
);

-- The first answer to a request sent with an Idempotency-Key header, per API key: a retry with the same key
-- and the same body gets this answer again instead of acting twice. Deleted with its study.
CREATE TABLE idempotent_requests (
    api_key_id       text NOT NULL,
    idempotency_key  text NOT NULL,
    study_id         uuid NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    request_hash     bytea NOT NULL,
    status_code      integer NOT NULL,
    response         text NOT NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
