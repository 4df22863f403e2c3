namespace MixOpt.ClusterTests.Support;

// What the REST API returns, as a client reads it (not the server's types).

public sealed record StudyDto(Guid Id, string Status, int RunBudget, int RunsSucceeded, int RunsFailed, int RunsPending, double TotalCost, List<RunDto> Runs);

public sealed record RunDto(Guid Id, int Ordinal, string State, int Attempts, double? Cost, string? Worker);

public sealed record SiloDto(string Address, string Name, string Status, string Role, int Slots, List<SlotDto> Busy);

public sealed record SlotDto(string Worker, Guid StudyId, Guid RunId, int Ordinal);

/// <summary>One row of run_attempts.</summary>
public sealed record AttemptRow(Guid RunId, int Attempt, string Worker, string Outcome, string? Reason, DateTime StartedAt, DateTime? EndedAt);
