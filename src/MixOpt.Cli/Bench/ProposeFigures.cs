namespace MixOpt.Cli.Bench;

/// <summary>The JSON of <c>bench propose</c>: median seconds per task, and how each MixOpt path compares with its peer.</summary>
public sealed record ProposeFigures(int Observations, int Domains, int Candidates, int GpCandidates, int Batch, int Repeats, int PeerRepeats, int? PeerThreads, int Seed,
    IReadOnlyList<ProposeTiming> Timings, IReadOnlyList<ProposeRatio> Ratios);

public sealed record ProposeTiming(string Name, string Task, double Seconds, bool Peer);

/// <summary><see cref="Speedup"/> = peer seconds / MixOpt seconds (above 1: MixOpt is faster).</summary>
public sealed record ProposeRatio(string Name, string Peer, string Task, double Speedup);
