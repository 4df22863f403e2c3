using MixOpt.Grains.AskTell;

namespace MixOpt.Web.Api;

/// <summary>
/// What an <c>Idempotency-Key</c> header may be: 1-200 visible ASCII characters (0x21-0x7E). Header bytes outside
/// ASCII reach the server decoded one way or another (Latin-1, UTF-8, replacement characters), so such a key
/// would not reliably match its own retry; it is refused instead of stored.
/// </summary>
public static class IdempotencyKeys
{
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= IdempotencyKeyLimits.MaxLength && key.All(c => c is >= '!' and <= '~');

    public const string Rule = "must be 1-200 visible ASCII characters (letters, digits, punctuation; no spaces or other bytes)";
}
