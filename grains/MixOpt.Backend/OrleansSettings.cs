namespace MixOpt.Backend;

/// <summary>Configuration section <c>Orleans</c>: this silo's ports and the cluster it joins (<c>Orleans:Membership</c> is Orleans' own ClusterMembershipOptions).</summary>
public sealed class OrleansSettings
{
    public const string Section = "Orleans";

    /// <summary>Silo-to-silo port; every silo on one machine needs its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; every silo on one machine needs its own.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silos with the same id (and ledger database) form one cluster.</summary>
    public string ClusterId { get; set; } = "mixopt-local";
}
