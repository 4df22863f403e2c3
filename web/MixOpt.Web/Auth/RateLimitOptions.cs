namespace MixOpt.Web.Auth;

/// <summary>
/// Configuration section <c>RateLimit</c>: a token bucket per API key (per client address when anonymous), and one
/// per client address for failed authentications, checked before authentication.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Sustained requests per second one key may make.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>How many requests a key may make at once above the sustained rate (the bucket's size).</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Failed authentications (401s) one client address may make per second, sustained.</summary>
    public int FailedAuthPerSecond { get; set; } = 2;

    /// <summary>Failed authentications one client address may make at once before it gets 429s.</summary>
    public int FailedAuthBurst { get; set; } = 30;
}
