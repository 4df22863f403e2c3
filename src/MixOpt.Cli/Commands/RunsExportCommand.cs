using System.CommandLine;
using MixOpt.Cli.Bench;
using MixOpt.Cli.Configuration;
using MixOpt.Cli.Export;
using MixOpt.Core.RunTables;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt runs export</c>: a study's finished runs from the ledger, as a run table (<c>--layout wm</c>: w:/m:
/// columns with fidelity and cost) or in RegMix's layout (<c>--layout regmix</c>: DIR/mixtures.csv and DIR/metrics.csv).
/// </summary>
public static class RunsExportCommand
{
    public const string RunTableLayout = "wm";
    public const string RegMixLayoutName = "regmix";

    public static Command Create(CliConfiguration settings)
    {
        var study = new Option<string>("--study") { Description = "Study id (a GUID).", Required = true };
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string of the ledger (default: ConnectionStrings:Ledger from appsettings.json, env ConnectionStrings__Ledger or --ConnectionStrings:Ledger=...)." };
        var layout = new Option<string>("--layout") { Description = "wm (run table CSV) or regmix (two files in a folder).", DefaultValueFactory = _ => RunTableLayout };
        var output = new Option<string>("--out") { Description = "wm: the CSV to write; regmix: the folder for mixtures.csv and metrics.csv.", Required = true };
        var command = new Command("export", "Export a study's finished runs from the ledger as a run table or in RegMix's layout.") { study, connection, layout, output };
        command.SetAction(async (parse, ct) =>
        {
            var id = Guid.TryParse(parse.GetValue(study), out var g) ? g : throw new CliException($"--study '{parse.GetValue(study)}' is not a study id (GUID).");
            var cs = settings.Ledger(parse.GetValue(connection), "--connection");
            var kind = parse.GetValue(layout);
            if (kind is not (RunTableLayout or RegMixLayoutName)) throw new CliException($"--layout '{kind}': use {RunTableLayout} or {RegMixLayoutName}.");
            var table = await StudyRunTable.ReadAsync(cs, id, ct);
            var outPath = parse.GetValue(output)!;
            if (kind == RunTableLayout)
            {
                RunTableFiles.Write(table, outPath);
                Console.WriteLine($"Wrote {outPath}: {table.Rows.Count} runs of study {id}.");
                return 0;
            }
            Directory.CreateDirectory(outPath);
            var (mixturePath, metricPath) = (Path.Combine(outPath, "mixtures.csv"), Path.Combine(outPath, "metrics.csv"));
            using (var m = new StreamWriter(mixturePath))
            using (var r = new StreamWriter(metricPath))
                RegMixLayout.Write(table, m, r);
            Console.WriteLine($"Wrote {mixturePath} and {metricPath}: {table.Rows.Count} runs of study {id}.");
            return 0;
        });
        return command;
    }
}
