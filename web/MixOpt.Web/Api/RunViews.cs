namespace MixOpt.Web.Api;

/// <summary>A leased run: what to train (mixture by domain, fidelity), and the lease to heartbeat and report under.</summary>
public sealed record LeaseView(
    Guid RunId, Guid StudyId, int Ordinal, int Attempt, IReadOnlyDictionary<string, double> Mixture, double Fidelity,
    string? FidelityName, Guid LeaseToken, DateTimeOffset LeaseExpiresAt);

public sealed record HeartbeatView(Guid RunId, DateTimeOffset LeaseExpiresAt);

/// <summary>The recorded result of a run; a retried report gets the same view.</summary>
public sealed record ResultView(Guid RunId, Guid StudyId, int Attempt, double Objective, double Cost, DateTimeOffset RecordedAt, string? ArtifactUri);

/// <summary>Where a run stands after an attempt was reported failed: "Requeued" or "Failed".</summary>
public sealed record FailureView(Guid RunId, string Run);

/// <summary>How many runs an import recorded, and their ids in order.</summary>
public sealed record ImportView(int Imported, IReadOnlyList<Guid> RunIds);
