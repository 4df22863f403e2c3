namespace MixOpt.Backend;

/// <summary>Configuration section <c>Cluster</c>: how silos find each other.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>
    /// <see cref="ClusterMode.Localhost"/> (default): one silo, the embedded one-process mode.
    /// <see cref="ClusterMode.AdoNet"/>: membership and reminders in the ledger's PostgreSQL, any number of silos.
    /// </summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    /// <summary>The IP address other silos reach this one at (AdoNet mode); default 127.0.0.1, i.e. one machine.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface rather than only <see cref="AdvertisedIP"/> (behind NAT or in containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Serve the Orleans dashboard's data from this silo (the web host shows it under /orleans).</summary>
    public bool Dashboard { get; set; } = true;
}

public enum ClusterMode { Localhost, AdoNet }
