using System.CommandLine;
using System.Globalization;
using MixOpt.Cli.Bench;
using MixOpt.Cli.Configuration;
using MixOpt.Core.RunTables;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt runs convert|concat|to-regmix</c>: move run data between RegMix's published layout and the run-table
/// CSV format the benchmarks read (docs/BENCHMARKS.md describes both).
/// </summary>
public static class RunsCommand
{
    public static Command Create(CliConfiguration settings) => new("runs", "Run tables: convert from published layouts, combine, export.")
    {
        Convert(), Concat(), ToRegMix(), RunsExportCommand.Create(settings),
    };

    private static Command Convert()
    {
        var from = new Option<string>("--from") { Description = "Source layout (only 'regmix').", Required = true };
        var mixtures = new Option<string>("--mixtures") { Description = "RegMix mixture CSV (index + train_* columns).", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "RegMix metric CSV (index + metric/* columns).", Required = true };
        var fidelity = new Option<double?>("--fidelity") { Description = "Fidelity of every row (e.g. the proxy's parameters in millions)." };
        var cost = new Option<string?>("--cost") { Description = "Relative cost of every row; a number or a fraction like 1/60 (default 1)." };
        var output = new Option<string>("--out") { Description = "Run table to write.", Required = true };
        var command = new Command("convert", "Convert RegMix's mixture + metric files into one run table.") { from, mixtures, metrics, fidelity, cost, output };
        command.SetAction(parse =>
        {
            if (parse.GetValue(from) != "regmix") throw new CliException($"--from {parse.GetValue(from)}: only 'regmix' is supported.");
            var mixturePath = parse.GetValue(mixtures)!;
            var metricPath = parse.GetValue(metrics)!;
            var table = RegMixLayout.Read(RunTableFiles.ReadText(mixturePath), mixturePath, RunTableFiles.ReadText(metricPath), metricPath,
                parse.GetValue(fidelity), ParseCost(parse.GetValue(cost)));
            var outPath = parse.GetValue(output)!;
            RunTableFiles.Write(table, outPath);
            Console.WriteLine($"Wrote {outPath}: {table.Rows.Count} runs, {table.Domains.Count} domains, {table.Metrics.Count} metrics.");
            return 0;
        });
        return command;
    }

    private static Command Concat()
    {
        var tables = new Argument<string[]>("tables") { Description = "Run tables to combine (same domains).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Run table to write.", Required = true };
        var command = new Command("concat", "Combine run tables (e.g. one per fidelity into a pool); keeps the metrics all of them have.") { tables, output };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            var combined = RunTable.Concat(outPath, parse.GetValue(tables)!.Select(RunTableFiles.Read).ToArray());
            RunTableFiles.Write(combined, outPath);
            Console.WriteLine($"Wrote {outPath}: {combined.Rows.Count} runs at fidelities {string.Join(", ", combined.Fidelities)}.");
            return 0;
        });
        return command;
    }

    private static Command ToRegMix()
    {
        var table = new Option<string>("--table") { Description = "Run table to export.", Required = true };
        var mixtures = new Option<string>("--mixtures") { Description = "Mixture CSV to write.", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "Metric CSV to write.", Required = true };
        var command = new Command("to-regmix", "Export a run table in RegMix's layout (two files joined on index).") { table, mixtures, metrics };
        command.SetAction(parse =>
        {
            var source = RunTableFiles.Read(parse.GetValue(table)!);
            var (mixturePath, metricPath) = (parse.GetValue(mixtures)!, parse.GetValue(metrics)!);
            RunTableFiles.CreateParent(mixturePath);
            RunTableFiles.CreateParent(metricPath);
            using (var m = new StreamWriter(mixturePath))
            using (var r = new StreamWriter(metricPath))
                RegMixLayout.Write(source, m, r);
            Console.WriteLine($"Wrote {mixturePath} and {metricPath}: {source.Rows.Count} runs.");
            return 0;
        });
        return command;
    }

    /// <summary>A positive number, or a fraction "a/b" (costs like 1/60 are common and exact that way).</summary>
    public static double ParseCost(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return 1.0;
        var parts = text.Split('/');
        double value;
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && b != 0) value = a / b;
        else if (parts.Length != 1 || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            throw new CliException($"--cost '{text}' is not a number or a fraction like 1/60.");
        if (!(value > 0) || !double.IsFinite(value)) throw new CliException($"--cost {text} must be positive.");
        return value;
    }
}
