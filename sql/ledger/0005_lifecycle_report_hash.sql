-- MixOpt ledger, migration 0005: what the one run lifecycle (src/MixOpt.Ledger/Runs/RunLifecycle.cs) needs.
--
-- A result remembers a hash of the report that recorded it, so a second report under the same lease can be told
-- apart: byte-identical (a retry: answered with the recorded result) or different (refused with 409, naming the
-- recorded result). Results recorded before this migration have none and every later report of them is a conflict.
ALTER TABLE run_results ADD COLUMN report_hash bytea NULL;

-- The statements that start an attempt find the run they just leased by its new token (one lease per token).
CREATE UNIQUE INDEX ux_runs_lease_token ON runs (lease_token) WHERE lease_token IS NOT NULL;
