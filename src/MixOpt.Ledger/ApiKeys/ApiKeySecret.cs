using System.Security.Cryptography;
using System.Text;

namespace MixOpt.Ledger.ApiKeys;

/// <summary>
/// The key format <c>mxo_&lt;id&gt;_&lt;secret&gt;</c>: a 12-hex-digit public id (finds the row, safe to log) and 256
/// random bits (base64url). Only SHA-256 of the whole key is stored: a 256-bit random secret needs no slow hash,
/// because nothing short of guessing 2^256 values recovers it.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "mxo_";
    private const int IdHexDigits = 12;

    /// <summary>A new key and its public id.</summary>
    public static (string Id, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexDigits / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The public id of a well-formed key, or null when <paramref name="key"/> is not one of ours.</summary>
    public static string? IdOf(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length < Prefix.Length + IdHexDigits + 2) return null;
        var id = key.Substring(Prefix.Length, IdHexDigits);
        return key[Prefix.Length + IdHexDigits] == '_' && id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>True when <paramref name="key"/> hashes to <paramref name="hash"/>, compared in constant time.</summary>
    public static bool Matches(string key, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key), hash);
}
