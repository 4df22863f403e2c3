namespace MixOpt.Client;

/// <summary>A study as the API shows it (the fields a client usually needs; the server sends more).</summary>
public sealed record StudyInfo(
    Guid Id, string Name, string Status, string Strategy, int RunBudget, int RunsSucceeded, int RunsFailed, int RunsPending,
    double TotalCost, IReadOnlyList<string> Domains, string? Error, MixtureValue? Best = null, StudySpecSummary? Spec = null);

/// <summary>A mixture (domain → proportion) and the objective value it scored.</summary>
public sealed record MixtureValue(IReadOnlyDictionary<string, double> Weights, double Value);

/// <summary>The parts of the submitted spec a client shows beside the progress (the budget).</summary>
public sealed record StudySpecSummary(BudgetSummary? Budget);

/// <summary>The study's budget: runs and/or cost (cost units of its ladder), and runs in flight.</summary>
public sealed record BudgetSummary(int? Runs, double? Cost, int? Parallelism);

public sealed record StudySummary(Guid Id, string Name, string Status, string Strategy, int RunBudget, double? BestValue, DateTimeOffset CreatedAt);

/// <summary>A leased run: train <see cref="Mixture"/> at <see cref="Fidelity"/>, heartbeat and report under <see cref="LeaseToken"/>.</summary>
public sealed record RunLease(
    Guid RunId, Guid StudyId, int Ordinal, int Attempt, IReadOnlyDictionary<string, double> Mixture, double Fidelity,
    string? FidelityName, Guid LeaseToken, DateTimeOffset LeaseExpiresAt);

/// <summary>What to train next after an in-run report: proportions for <c>Steps</c> steps (until <c>UntilStep</c>); <c>KeepGoing</c> false: report the result.</summary>
public sealed record InRunRound(
    Guid RunId, int Round, string Phase, IReadOnlyDictionary<string, double> Proportions, int Steps, int UntilStep, bool KeepGoing, int RoundsRecorded);

public sealed record InRunRoundRecord(int Round, int Step, IReadOnlyDictionary<string, double> Proportions, IReadOnlyDictionary<string, double> Losses);

/// <summary>A run's in-run trajectory; <c>Note</c> says why the method could not act (no rounds were posted).</summary>
public sealed record InRunTrajectory(Guid RunId, string Method, IReadOnlyList<InRunRoundRecord> Rounds, IReadOnlyDictionary<string, double> Recommended, string? Note);

public sealed record RunResult(Guid RunId, Guid StudyId, int Attempt, double Objective, double Cost, DateTimeOffset RecordedAt, string? ArtifactUri);

/// <summary>One surrogate's cross-validation row; <see cref="Untrusted"/> says why a fit cannot be trusted (its figures are then null).</summary>
public sealed record SurrogateScore(string Name, double? Spearman, double? Mse, double? Coverage95, int Folds, string? Untrusted = null);

public sealed record Recommendation(
    Guid StudyId, bool Final, int Observations, IReadOnlyDictionary<string, double> Mixture, double Predicted, double StdDev,
    string Basis, IReadOnlyList<SurrogateScore>? Surrogates)
{
    /// <summary>A hierarchical study's recommendation per level (each group's total and its members' shares); else null.</summary>
    public IReadOnlyList<RecommendationLevel>? Levels { get; init; }

    /// <summary>A multi-objective study's Pareto set, each point with its predicted value and standard deviation by metric; else null.</summary>
    public IReadOnlyList<ParetoPoint>? Front { get; init; }

    /// <summary>Why no mixture meets the study's trade-off; else null.</summary>
    public string? NoFeasiblePoint { get; init; }
}

/// <summary>One point of a recommended Pareto set: its mixture, and by objective metric its observed value, prediction and standard deviation.</summary>
public sealed record ParetoPoint(
    IReadOnlyDictionary<string, double> Mixture, IReadOnlyDictionary<string, double> Observed,
    IReadOnlyDictionary<string, double> Predicted, IReadOnlyDictionary<string, double> StdDev);

/// <summary>One group of a hierarchical recommendation: its path, depth (0 = top), total share and its members' shares within it.</summary>
public sealed record RecommendationLevel(string Group, int Depth, double Total, IReadOnlyDictionary<string, double> Shares);

public sealed record ProgressPoint(int Index, Guid RunId, int Ordinal, double Fidelity, double CumulativeCost, double Objective, double BestSoFar);

public sealed record ImportResult(int Imported, IReadOnlyList<Guid> RunIds);

public sealed record ApiKeyInfo(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new key; <see cref="Key"/> is shown only this once.</summary>
public sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string Key);
