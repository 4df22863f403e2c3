-- The compose profile `cluster` keeps its ledger (and Orleans membership) in a database of its own, so the embedded
-- service of the default profile and the cluster never drive the same studies. Run once, when the volume is created.
CREATE DATABASE mixopt_cluster OWNER mixopt;
