namespace MixOpt.Grains.AskTell;

/// <summary>How long an <c>Idempotency-Key</c> may be: what the ledger's column holds.</summary>
public static class IdempotencyKeyLimits
{
    public const int MaxLength = Ledger.Idempotency.IdempotencyLedger.MaxKeyLength;
}
