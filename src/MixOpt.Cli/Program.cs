using System.CommandLine;
using MixOpt.Cli.Commands;
using MixOpt.Cli.Configuration;

// `mixopt`: one command line for the ledger, corpora, benchmarks and workers. Each command lives in Commands/.
// Configuration (appsettings.json, environment, --Section:Key=value) is read once, as the hosts read it.
var (settings, arguments) = CliConfiguration.Load(args);
var root = new RootCommand("MixOpt: data-mixture optimization with proxy models, surrogates and Bayesian optimization.");
root.Subcommands.Add(DbCommand.Create(settings));
root.Subcommands.Add(RunsCommand.Create(settings));
root.Subcommands.Add(BenchCommand.Create(settings));
root.Subcommands.Add(CorpusCommand.Create(settings));
root.Subcommands.Add(KeysCommand.Create(settings));
root.Subcommands.Add(WorkerCommand.Create(settings));
root.Subcommands.Add(CampaignsCommand.Create());
return await CliRunner.RunAsync(root, arguments);
