using System.CommandLine;
using MixOpt.Cli.Configuration;
using MixOpt.Ledger.Schema;

namespace MixOpt.Cli.Commands;

/// <summary><c>mixopt db migrate|script</c>: apply or print the ledger schema of sql/ledger.</summary>
public static class DbCommand
{
    public static Command Create(CliConfiguration settings)
    {
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string of the ledger (default: ConnectionStrings:Ledger from appsettings.json, env ConnectionStrings__Ledger or --ConnectionStrings:Ledger=...)." };
        var migrate = new Command("migrate", "Apply pending ledger migrations.") { connection };
        migrate.SetAction(async (parse, ct) =>
        {
            var cs = settings.Ledger(parse.GetValue(connection), "--connection");
            var applied = await LedgerMigrator.MigrateAsync(cs, ct);
            Console.WriteLine(applied.Count == 0 ? "Ledger schema is up to date." : $"Applied: {string.Join(", ", applied)}");
            return 0;
        });
        var script = new Command("script", "Print every ledger migration as one SQL script, for a DBA.");
        script.SetAction(_ => { Console.Write(LedgerMigrator.Script()); return 0; });
        return new Command("db", "The ledger's schema.") { migrate, script };
    }
}
