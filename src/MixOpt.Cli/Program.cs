using System.CommandLine;
using MixOpt.Cli.Commands;

// `mixopt`: one command line for the ledger, corpora, benchmarks and workers. Each command lives in Commands/.
var root = new RootCommand("MixOpt: data-mixture optimization with proxy models, surrogates and Bayesian optimization.");
root.Subcommands.Add(DbCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(CorpusCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
return await CliRunner.RunAsync(root, args);
