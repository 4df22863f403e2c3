using System.CommandLine;
using System.Globalization;
using MixOpt.Cli.Bench;
using MixOpt.Core.Surrogates;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench surrogates</c>: every surrogate of the engine, fitted on a training table and judged on test
/// tables (Spearman, Pearson, MSE, fit and predict seconds), beside scikit-learn's gradient boosting and GP.
/// </summary>
public static class BenchSurrogatesCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Training run table.", Required = true };
        var test = new Option<string[]>("--test") { Description = "Test run table(s); each file and fidelity is reported separately.", Required = true, AllowMultipleArgumentsPerToken = true };
        var target = new Option<string>("--target") { Description = "Metric to predict, m:NAME.", Required = true };
        var runs = new Option<int?>("--runs") { Description = "Fit on N random training rows per seed instead of all." };
        var noPeers = new Option<bool>("--no-peers") { Description = "Skip the scikit-learn peers." };
        var peerThreads = PeerThreads.Create();
        var options = new BenchOptions(defaultSeeds: 1, parallelSeeds: false);
        var command = new Command("surrogates", "Fit every surrogate on a training table and score it on test tables, with scikit-learn peers.")
        {
            train, test, target, runs, noPeers, peerThreads,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            PeerThreads.Apply(parse.GetValue(peerThreads));
            var trainTable = RunTableFiles.Read(parse.GetValue(train)!);
            var testTables = parse.GetValue(test)!.Select(RunTableFiles.Read).ToArray();
            var seeds = options.Seeds(parse);
            var split = new SurrogateSplit(trainTable, testTables, parse.GetValue(target)!, parse.GetValue(runs), seeds);
            Console.WriteLine($"bench surrogates: train {trainTable.Source} ({(parse.GetValue(runs) is { } n ? $"{n} random rows per seed" : $"all {split.Jobs[0].Y.Length} rows")}), "
                + $"target m:{Core.RunTables.RunTableColumns.MetricName(parse.GetValue(target)!)}; seeds {seeds[0]}..{seeds[^1]}; "
                + $"engine surrogates: {(SurrogateCatalog.Names.Count == 0 ? "(none registered)" : string.Join(", ", SurrogateCatalog.Names))}.");

            var results = SurrogateCatalog.All.Select(s => EngineSurrogateRunner.Run(s, split)).ToList();
            if (!parse.GetValue(noPeers)) results.AddRange(await SklearnSurrogatePeer.RunAsync(split, ct));

            var figures = results.SelectMany(r => r.Figures(split)).ToArray();
            var view = BenchTable.Create("surrogate", "test", "n", "Spearman", "Pearson", "MSE", "fit s", "predict s");
            foreach (var f in figures)
                BenchTable.Row(view, f.Peer ? f.Name + " (peer)" : f.Name, f.Test + (f.TestFidelity is { } tf ? $" @{tf.ToString(CultureInfo.InvariantCulture)}" : ""),
                    f.N.ToString(CultureInfo.InvariantCulture), Fmt(f.Spearman, "0.0000"), Fmt(f.Pearson, "0.0000"), Fmt(f.Mse, "0.00000"),
                    f.FitS.ToString("0.000", CultureInfo.InvariantCulture), f.PredictS.ToString("0.0000", CultureInfo.InvariantCulture));
            BenchTable.Print(view);

            if (parse.GetValue(options.Out) is { } outPath)
                BenchJson.Write(outPath, new SurrogateFigures(trainTable.Source, parse.GetValue(target)!, parse.GetValue(runs), seeds, figures));
            if (parse.GetValue(options.Plot) is { } plotDir)
                foreach (var r in results)
                    for (var g = 0; g < split.Groups.Count; g++)
                    {
                        var group = split.Groups[g];
                        var label = Path.GetFileNameWithoutExtension(group.Test) + (group.TestFidelity is { } f ? "@" + f.ToString(CultureInfo.InvariantCulture) : "");
                        BenchPlots.PredictedVsActual(Path.Combine(plotDir, BenchPlots.FileName("surrogate", r.Name, label)),
                            $"{r.Name}: predicted vs actual on {label} (seed {seeds[0]})", group.Y, r.FirstPredictions[g]);
                    }
            return 0;
        });
        return command;
    }

    private static string Fmt(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
