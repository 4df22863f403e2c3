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
// The REST client commands: a server and key from --url/--key, MIXOPT_URL/MIXOPT_KEY or `mixopt login`'s profile.
root.Subcommands.Add(StudiesCommand.Create());
root.Subcommands.Add(RecommendCommand.Create());
root.Subcommands.Add(FrontCommand.Create()); // issue 20: the Pareto front of a multi-objective study
root.Subcommands.Add(LoginCommand.Create());
root.Subcommands.Add(CampaignsCommand.Create());
return await CliRunner.RunAsync(root, arguments);
