namespace MixOpt.Ledger.Rows;

/// <summary>One execution of a run (table run_attempts); <see cref="Outcome"/> is Active while its lease is held.</summary>
public sealed class RunAttemptRow
{
    public Guid RunId { get; set; }
    public int Attempt { get; set; }
    public string Worker { get; set; } = "";
    public Guid LeaseToken { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public AttemptOutcome Outcome { get; set; }
    public string? Reason { get; set; }
}

public enum AttemptOutcome { Active, Succeeded, Failed, Expired, Superseded, Cancelled }
