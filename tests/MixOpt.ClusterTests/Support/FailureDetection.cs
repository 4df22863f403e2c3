namespace MixOpt.ClusterTests.Support;

/// <summary>
/// Settings that make a test cluster notice a dead silo in seconds rather than Orleans' production defaults
/// (5 s probes, 3 missed, 2 votes: ~20-30 s). A killed process refuses connections at once, so probes fail fast;
/// 2 s probes with 3 misses still leave room for a CPU-starved but healthy silo on a 2-core CI machine.
/// docs/CLUSTER.md explains each.
/// </summary>
public static class FailureDetection
{
    public static readonly string[] Args =
    [
        "--Orleans:Membership:ProbeTimeout=00:00:02",
        "--Orleans:Membership:NumMissedProbesLimit=3",
        "--Orleans:Membership:NumVotesForDeathDeclaration=1",
        "--Orleans:Membership:TableRefreshTimeout=00:00:02",
        "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
        "--Orleans:Membership:DeathVoteExpirationTimeout=00:00:30",
        // Leases: a worker heartbeats every second; a lease not renewed for 8 s expires (the sweep runs every second).
        "--Scheduler:LeaseDuration=00:00:08",
        "--Scheduler:HeartbeatInterval=00:00:01",
        "--Scheduler:SweepInterval=00:00:01",
        "--Scheduler:ResumeInterval=00:00:05",
    ];
}
