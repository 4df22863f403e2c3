namespace MixOpt.Web.Auth;

/// <summary>Configuration section <c>RateLimit</c>: a token bucket per API key (per client address when anonymous).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Sustained requests per second one key may make.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>How many requests a key may make at once above the sustained rate (the bucket's size).</summary>
    public int Burst { get; set; } = 400;
}
