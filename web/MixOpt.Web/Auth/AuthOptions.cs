namespace MixOpt.Web.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// An admin key accepted besides the ledger's keys, for the first start (to create real keys) and tests.
    /// At least 32 characters; never logged. Empty: none.
    /// </summary>
    public string? BootstrapKey { get; set; }

    /// <summary>How long a validated key is trusted before the ledger is asked again (revocation by another host takes this long).</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dashboard sign-in lasts.</summary>
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(8);
}
