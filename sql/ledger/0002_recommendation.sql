-- MixOpt ledger, migration 0002: the strategy's recommendation when a study completes.
-- JSON: {"mixture": {domain: weight}, "predicted", "stdDev", "basis",
--        "surrogates": [{"name", "spearman", "mse", "coverage95", "folds"}]}  (k-fold cross-validation, best first)
ALTER TABLE studies ADD COLUMN recommendation jsonb NULL;
