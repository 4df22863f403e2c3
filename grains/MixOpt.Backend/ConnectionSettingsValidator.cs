using Microsoft.Extensions.Options;
using Npgsql;

namespace MixOpt.Backend;

/// <summary>Checks at start that a host has both connection strings and that the ledger's is one Npgsql can read.</summary>
public sealed class ConnectionSettingsValidator : IValidateOptions<ConnectionSettings>
{
    private const string S = ConnectionSettings.Section;

    public ValidateOptionsResult Validate(string? name, ConnectionSettings o)
    {
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(o.Ledger)) errors.Add($"{S}:Ledger is not set (env {S}__Ledger): the ledger's PostgreSQL connection string.");
        else
        {
            try { _ = new NpgsqlConnectionStringBuilder(o.Ledger); }
            catch (ArgumentException e) { errors.Add($"{S}:Ledger is not a PostgreSQL connection string: {e.Message}"); }
        }
        if (string.IsNullOrWhiteSpace(o.Blobs)) errors.Add($"{S}:Blobs is not set (env {S}__Blobs): the blob storage connection string.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
