using System.CommandLine;
using MixOpt.Cli.Configuration;

namespace MixOpt.Cli.Commands;

/// <summary><c>mixopt bench</c>: the reproducible benchmarks (docs/BENCHMARKS.md), each with its peers in the same run.</summary>
public static class BenchCommand
{
    public static Command Create(CliConfiguration settings) => new("bench", "Benchmarks on published run data and simulated oracles, with Optuna and scikit-learn side by side.")
    {
        BenchSurrogatesCommand.Create(),
        BenchPoolCommand.Create(),
        BenchOracleCommand.Create(),
        BenchProposeCommand.Create(),
        BenchTrainCommand.Create(),
        BenchApiCommand.Create(),
        BenchScheduleCommand.Create(settings),
        BenchSuiteCommand.Create(),
        BenchRemixCommand.Create(),
        BenchMergedCommand.Create(),
        BenchHierarchyCommand.Create(),
        BenchDemoCommand.Create(),
        BenchMultiObjectiveCommand.Create(),
        BenchAioliCommand.Create(),
    };
}
