namespace MixOpt.Grains.Cluster;

/// <summary>What a silo is for. Only silos with slots execute runs; coordination grains prefer the host.</summary>
public static class SiloRoles
{
    /// <summary>The web/API host of a real cluster: no slots, hosts the scheduler and the study grains.</summary>
    public const string Host = "host";

    /// <summary>A worker silo: slots (CPU or GPU), nothing else is placed on it unless no host is up.</summary>
    public const string Worker = "worker";

    /// <summary>The one-process mode: web, coordination and slots in one silo.</summary>
    public const string Embedded = "embedded";
}
