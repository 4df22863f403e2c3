namespace MixOpt.Backend;

/// <summary>
/// Configuration section <c>ConnectionStrings</c>: the ledger's PostgreSQL and the artifacts' blob storage. Every host
/// and the <c>mixopt</c> command line read them here (appsettings.json, environment variables such as
/// <c>ConnectionStrings__Ledger</c>, or <c>--ConnectionStrings:Ledger=...</c>).
/// </summary>
public sealed class ConnectionSettings
{
    public const string Section = "ConnectionStrings";

    /// <summary>The ledger's PostgreSQL (Npgsql connection string).</summary>
    public string? Ledger { get; set; }

    /// <summary>Azure Blob Storage (or Azurite) connection string.</summary>
    public string? Blobs { get; set; }
}
