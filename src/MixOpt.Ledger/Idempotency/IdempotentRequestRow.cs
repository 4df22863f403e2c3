namespace MixOpt.Ledger.Idempotency;

/// <summary>The first answer to a request sent with an Idempotency-Key (table idempotent_requests).</summary>
public sealed class IdempotentRequestRow
{
    public string ApiKeyId { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public Guid StudyId { get; set; }
    /// <summary>SHA-256 of what the request asked (method, path, body), so a key reused for another request is caught.</summary>
    public byte[] RequestHash { get; set; } = [];
    public int StatusCode { get; set; }
    public string Response { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
