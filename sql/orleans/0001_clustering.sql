-- Orleans ADO.NET clustering on the ledger's PostgreSQL, written by MixOpt for the provider's query contract.
--
-- The provider (Microsoft.Orleans.Clustering.AdoNet, invariant "Npgsql") knows no tables: at start-up it reads
-- named SQL texts from OrleansQuery (QueryKey, QueryText) and binds its parameters by name (@DeploymentId is the
-- cluster id; a silo is @Address, @Port, @Generation). Result columns are matched by name, case-insensitively.
-- Membership uses optimistic concurrency: every change to a cluster's silos must name the cluster's current
-- @Version and bumps it, so two silos voting at once cannot both win.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

-- One row per cluster: the version every membership write checks and increments.
CREATE TABLE orleans_cluster_versions (
    cluster_id varchar(150) PRIMARY KEY,
    version    integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (a restarted process on the same endpoint has a new generation).
-- status is Orleans' SiloStatus number (3 = Active, 6 = Dead); suspect_times is the provider's own
-- "silo,time|silo,time" list of death votes.
CREATE TABLE orleans_silos (
    cluster_id      varchar(150) NOT NULL REFERENCES orleans_cluster_versions (cluster_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL DEFAULT 0,
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_cluster_versions (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING cluster_id)
SELECT EXISTS (SELECT 1 FROM created)
$q$),
('MembershipReadAllKey', $q$
SELECT v.version AS Version,
       s.address AS Address, s.port AS Port, s.generation AS Generation, s.silo_name AS SiloName,
       s.host_name AS HostName, s.status AS Status, s.proxy_port AS ProxyPort, s.suspect_times AS SuspectTimes,
       s.start_time AS StartTime, s.i_am_alive_time AS IAmAliveTime
FROM orleans_cluster_versions v
LEFT JOIN orleans_silos s ON s.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId
$q$),
('MembershipReadRowKey', $q$
SELECT v.version AS Version,
       s.address AS Address, s.port AS Port, s.generation AS Generation, s.silo_name AS SiloName,
       s.host_name AS HostName, s.status AS Status, s.proxy_port AS ProxyPort, s.suspect_times AS SuspectTimes,
       s.start_time AS StartTime, s.i_am_alive_time AS IAmAliveTime
FROM orleans_cluster_versions v
LEFT JOIN orleans_silos s ON s.cluster_id = v.cluster_id
    AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
WHERE v.cluster_id = @DeploymentId
$q$),
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_cluster_versions SET version = version + 1, updated_at = now()
    WHERE cluster_id = @DeploymentId AND version = @Version
    RETURNING cluster_id),
inserted AS (
    INSERT INTO orleans_silos (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM inserted)
$q$),
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_cluster_versions SET version = version + 1, updated_at = now()
    WHERE cluster_id = @DeploymentId AND version = @Version
    RETURNING cluster_id),
updated AS (
    UPDATE orleans_silos s SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE s.cluster_id = bumped.cluster_id AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM updated)
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_silos SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_silos
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_cluster_versions WHERE cluster_id = @DeploymentId
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_silos
WHERE cluster_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
