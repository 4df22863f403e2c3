using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using MixOpt.Cli.Configuration;
using MixOpt.Ledger;
using MixOpt.Ledger.ApiKeys;

namespace MixOpt.Cli.Commands;

/// <summary><c>mixopt keys create|list|revoke</c>: API keys in the ledger (the key is printed once, on creation).</summary>
public static class KeysCommand
{
    public static Command Create(CliConfiguration settings)
    {
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string of the ledger (default: ConnectionStrings:Ledger from appsettings.json, env ConnectionStrings__Ledger or --ConnectionStrings:Ledger=...)." };
        var name = new Option<string>("--name") { Description = "Who or what the key is for.", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "read, write or admin (repeatable; admin includes write, write includes read).", Required = true, AllowMultipleArgumentsPerToken = true };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the key (for scripts)." };
        var id = new Argument<string>("id") { Description = "The key's public id (the 12 hex digits after mxo_)." };

        var create = new Command("create", "Create a key and print it once.") { connection, name, scopes, quiet };
        create.SetAction(async (parse, ct) =>
        {
            var (row, key) = await Ledger(settings.Ledger(parse.GetValue(connection), "--connection")).CreateAsync(parse.GetValue(name)!, parse.GetValue(scopes)!, ct);
            if (parse.GetValue(quiet)) Console.WriteLine(key);
            else
            {
                Console.WriteLine($"Created key {row.Id} ({row.Name}; scopes {string.Join(", ", row.Scopes)}). It is shown only now:");
                Console.WriteLine(key);
            }
            return 0;
        });
        var list = new Command("list", "List keys (never their secrets).") { connection };
        list.SetAction(async (parse, ct) =>
        {
            foreach (var k in await Ledger(settings.Ledger(parse.GetValue(connection), "--connection")).ListAsync(ct))
                Console.WriteLine($"{k.Id}  {k.Name,-24} {string.Join(",", k.Scopes),-18} created {k.CreatedAt:u}{(k.RevokedAt is { } r ? $"  REVOKED {r:u}" : "")}");
            return 0;
        });
        var revoke = new Command("revoke", "Revoke a key.") { connection, id };
        revoke.SetAction(async (parse, ct) =>
        {
            var keyId = parse.GetValue(id)!;
            if (!await Ledger(settings.Ledger(parse.GetValue(connection), "--connection")).RevokeAsync(keyId, ct)) throw new CliException($"no active key with id '{keyId}'.");
            Console.WriteLine($"Revoked key {keyId}.");
            return 0;
        });
        return new Command("keys", "API keys of the REST API.") { create, list, revoke };
    }

    private static ApiKeyLedger Ledger(string connection)
    {
        return new ServiceCollection().AddMixOptLedger(connection).BuildServiceProvider().GetRequiredService<ApiKeyLedger>();
    }
}
