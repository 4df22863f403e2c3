using System.CommandLine;

namespace MixOpt.Cli.Bench;

/// <summary>Options every <c>bench</c> command shares: seeds, parallelism, JSON output and plots.</summary>
public sealed class BenchOptions(int defaultSeeds, bool parallelSeeds = true)
{
    public Option<int> SeedCount { get; } = new("--seeds") { Description = "How many seeds to run.", DefaultValueFactory = _ => defaultSeeds };
    public Option<int> FirstSeed { get; } = new("--seed") { Description = "The first seed; seeds are seed, seed+1, ...", DefaultValueFactory = _ => 0 };
    public Option<int> Parallel { get; } = new("--parallel") { Description = "Seeds run at once (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<string?> Out { get; } = new("--out") { Description = "Write the figures as JSON to this file." };
    public Option<string?> Plot { get; } = new("--plot") { Description = "Write PNG plots into this folder." };

    public void AddTo(Command command)
    {
        command.Options.Add(SeedCount);
        command.Options.Add(FirstSeed);
        if (parallelSeeds) command.Options.Add(Parallel);
        command.Options.Add(Out);
        command.Options.Add(Plot);
    }

    public int[] Seeds(ParseResult parse) => SeedRunner.Seeds(parse.GetValue(FirstSeed), parse.GetValue(SeedCount));

    public int Parallelism(ParseResult parse) => parse.GetValue(Parallel);
}
