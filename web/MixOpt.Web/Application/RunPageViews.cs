using MixOpt.Core.Studies;

namespace MixOpt.Web.Application;

/// <summary>
/// One page of a study's runs: skipped and taken after sorting by <see cref="SortBy"/> (ordinal, objective, cost,
/// attempts, state) and filtering by state, rung (its fidelity value) and a least number of attempts.
/// </summary>
public sealed record RunPageQuery(
    int Skip, int Take, string? SortBy = null, bool Descending = false, RunState? State = null, double? Fidelity = null, int? MinAttempts = null);

/// <summary>A run as a row of the runs table.</summary>
public sealed record RunRowView(
    Guid Id, int Ordinal, RunState State, int Attempts, string Rung, IReadOnlyList<double> Mixture,
    double? Objective, double? Cost, string? Worker, string? Error, IReadOnlyDictionary<string, double>? Metrics);

public sealed record RunPage(IReadOnlyList<RunRowView> Items, int Total);

/// <summary>One execution of a run: who ran it, how it ended and why.</summary>
public sealed record RunAttemptView(int Attempt, string Worker, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Outcome, string? Reason);

/// <summary>A run with its attempts, per-domain losses and the loss curve from its result document (when it sent one).</summary>
public sealed record RunDetailView(
    Guid Id, Guid StudyId, string StudyName, int Ordinal, RunState State, string Rung, IReadOnlyList<string> Domains,
    IReadOnlyList<double> Mixture, double? Objective, double? Cost, string? Worker, string? Error,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<RunAttemptView> Attempts, IReadOnlyList<double>? LossCurve, string? ArtifactUri);
