using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MixOpt.Cli.Bench;
using MixOpt.Core.Simulation.Families;
using MixOpt.Core.Surrogates;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench suite</c>: the problem families the engine is developed against (<see cref="ProblemSuite"/>) plus
/// RegMix's tables. Per family: every surrogate's Spearman beside scikit-learn's GP and gradient boosting, and every
/// strategy's cost to the top 1% and regret at 10% / 30% / 100% of the budget beside random and Optuna's TPE; then
/// one line per strategy: families won / tied / lost against random and against the best peer. See docs/BENCHMARKS.md.
/// </summary>
public static class BenchSuiteCommand
{
    private static readonly double[] ReportFractions = [0.1, 0.3, 1.0];

    public static Command Create()
    {
        var shortRun = new Option<bool>("--short") { Description = "The CI version: two small families, small pools, 2 seeds by default." };
        var families = new Option<string?>("--families") { Description = "Comma-separated family names (see the table; 'regmix' for the RegMix tables). Default: all." };
        var strategies = new Option<string?>("--strategies") { Description = "Comma-separated strategies (default: all, as in bench pool)." };
        var regmix = new Option<string?>("--regmix") { Description = "Folder of the RegMix run tables (docs/bench/regmix-tables.sh; default .data/regmix when it exists)." };
        var poolSize = new Option<int?>("--pool-size") { Description = "Mixtures per generated pool, each run at every rung (default 256; --short 40)." };
        var trainRows = new Option<int?>("--train-rows") { Description = "Target runs surrogates are fitted on per generated family (default 256; --short 48)." };
        var budgetFraction = new Option<double>("--budget-fraction")
        {
            Description = "Budget per seed as a fraction of the cost of running every target row once.", DefaultValueFactory = _ => 0.25,
        };
        var noPeers = new Option<bool>("--no-peers") { Description = "Skip the scikit-learn surrogate peers." };
        var noSurrogates = new Option<bool>("--no-surrogates") { Description = "Skip the surrogate figures." };
        var noStrategies = new Option<bool>("--no-strategies") { Description = "Skip the strategy figures (surrogates only)." };
        var writeTables = new Option<string?>("--write-tables")
        {
            Description = "Folder to write each family's surrogate training table (<family>-train.csv) and first-seed pool (<family>-pool.csv) to, e.g. for bench propose.",
        };
        var peerThreads = PeerThreads.Create();
        var options = new BenchOptions(defaultSeeds: 5);
        var command = new Command("suite", "Every problem family and the RegMix tables: surrogate Spearman and strategy cost to top-1%, with peers and a scoreboard.")
        {
            shortRun, families, strategies, regmix, poolSize, trainRows, budgetFraction, noPeers, noSurrogates, noStrategies, peerThreads, writeTables,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            PeerThreads.Apply(parse.GetValue(peerThreads));
            var isShort = parse.GetValue(shortRun);
            var pool = parse.GetValue(poolSize) ?? (isShort ? 40 : 256);
            var train = parse.GetValue(trainRows) ?? (isShort ? 48 : 256);
            if (pool < 10) throw new CliException($"--pool-size must be at least 10, got {pool}.");
            if (train < 8) throw new CliException($"--train-rows must be at least 8, got {train}.");
            var fraction = parse.GetValue(budgetFraction);
            if (!(fraction is > 0 and <= 1)) throw new CliException($"--budget-fraction must lie in (0, 1], got {fraction}.");
            var seeds = parse.GetResult(options.SeedCount) is null or { Implicit: true } && isShort
                ? SeedRunner.Seeds(parse.GetValue(options.FirstSeed), 2)
                : options.Seeds(parse);
            var names = parse.GetValue(noStrategies) ? [] : BenchStrategies.Select(parse.GetValue(strategies), pool: true);
            var all = SelectFamilies(isShort, pool, train, parse.GetValue(regmix), parse.GetValue(families));
            await BenchStrategies.EnsurePeersAsync(names, ct);

            Console.WriteLine($"bench suite: {all.Count} families ({string.Join(", ", all.Select(f => f.Name))}); strategies {string.Join(", ", names)}.");
            Console.WriteLine($"seeds {seeds[0]}..{seeds[^1]}: seed s draws family instance s and its pool ({pool} mixtures at every rung) and seeds the strategies; "
                + $"surrogates fit with seed {seeds[0]} on {train} target runs of instance {seeds[0]}; budget {Fmt(fraction)} of the target rows' cost.");

            var results = new List<SuiteFamilyFigures>();
            foreach (var family in all)
            {
                Console.Error.WriteLine($"bench suite: {family.Name} ...");
                if (parse.GetValue(writeTables) is { } folder)
                {
                    RunTableFiles.Write(family.SurrogateData(seeds[0]).Train, Path.Combine(folder, family.Name + "-train.csv"));
                    RunTableFiles.Write(family.Pool(seeds[0]), Path.Combine(folder, family.Name + "-pool.csv"));
                }
                var surrogates = parse.GetValue(noSurrogates) ? [] : await Surrogates(family, seeds[0], !parse.GetValue(noPeers), ct);
                var first = new PoolProblem(family.Pool(seeds[0]), family.Target, family.Minimize, family.TargetFidelity, seeds[0]);
                var budget = fraction * first.TargetBudget;
                var figures = names.Select(name => Strategy(family, name, seeds, options.Parallelism(parse), fraction)).ToArray();
                var firstGroup = surrogates.Where(s => s.Test == surrogates.FirstOrDefault()?.Test).ToArray();
                results.Add(new SuiteFamilyFigures(family.Name, family.Target, family.Minimize ? "minimize" : "maximize", first.TargetRows.Count,
                    first.TopCount, budget, surrogates,
                    firstGroup.Where(s => !s.Peer).Max(s => s.Spearman), firstGroup.Where(s => s.Peer).Max(s => s.Spearman), figures));
            }

            PrintSurrogates(results);
            PrintStrategies(results);
            var tallies = Tally(names, results);
            PrintScoreboard(tallies);
            if (parse.GetValue(options.Out) is { } outPath)
                BenchJson.Write(outPath, new SuiteFigures(seeds, fraction, ReportFractions, results, tallies));
            return 0;
        });
        return command;
    }

    private static List<SuiteFamily> SelectFamilies(bool isShort, int pool, int train, string? regmixDirectory, string? list)
    {
        var specs = isShort ? ProblemSuite.Short : ProblemSuite.Standard;
        var families = specs.Select(s => SuiteFamily.Generated(s, pool, train, testRows: Math.Max(64, pool))).ToList();
        var regmix = regmixDirectory ?? (Directory.Exists(".data/regmix") && !isShort ? ".data/regmix" : null);
        if (regmix is not null) families.Add(SuiteFamily.RegMix(regmix));
        if (string.IsNullOrWhiteSpace(list)) return families;
        var chosen = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        // A named family outside the chosen suite (e.g. a standard family with --short) is still allowed.
        var known = ProblemSuite.Standard.Concat(ProblemSuite.Short).DistinctBy(s => s.Name)
            .ToDictionary(s => s.Name, s => SuiteFamily.Generated(s, pool, train, testRows: Math.Max(64, pool)));
        var result = new List<SuiteFamily>();
        foreach (var name in chosen)
        {
            if (name == "regmix")
            {
                result.Add(SuiteFamily.RegMix(regmix ?? throw new CliException("family 'regmix' needs the RegMix tables: pass --regmix DIR (docs/bench/regmix-tables.sh builds them).")));
                continue;
            }
            if (!known.TryGetValue(name, out var family))
                throw new CliException($"unknown family '{name}'; available: {string.Join(", ", known.Keys)}, regmix.");
            result.Add(family);
        }
        return result;
    }

    private static async Task<IReadOnlyList<SurrogateFigure>> Surrogates(SuiteFamily family, int seed, bool peers, CancellationToken ct)
    {
        var (train, tests) = family.SurrogateData(seed);
        var split = new SurrogateSplit(train, tests, family.Target, runs: null, seeds: [seed]);
        var runs = SurrogateCatalog.All.Select(s => EngineSurrogateRunner.Run(s, split)).ToList();
        if (peers) runs.AddRange(await SklearnSurrogatePeer.RunAsync(split, ct));
        return runs.SelectMany(r => r.Figures(split)).ToArray();
    }

    private static SuiteStrategyFigures Strategy(SuiteFamily family, string name, IReadOnlyList<int> seeds, int parallelism, double fraction)
    {
        var clock = Stopwatch.StartNew();
        var runs = SeedRunner.Run(seeds, parallelism, seed =>
        {
            var problem = new PoolProblem(family.Pool(seed), family.Target, family.Minimize, family.TargetFidelity, seed);
            var budget = fraction * problem.TargetBudget;
            var trace = PoolBenchmark.Run(problem, () => BenchStrategies.Create(name, seed), seed, new PoolRunSettings(budget, budget, BenchStrategies.PoolBatchSize));
            var regrets = ReportFractions.Select(f => PoolBenchmark.RegretAtCap(problem, trace.Costs, trace.Scores, f * budget)).ToArray();
            return (trace.CostToTop1, Regrets: regrets);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"bench suite: {family.Name}: {name} done in {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        var costs = runs.Select(r => r.CostToTop1).ToArray();
        return new SuiteStrategyFigures(name, Quantiles.Json(Quantiles.Median(costs)), costs.Count(double.IsFinite) / (double)costs.Length,
            ReportFractions.Select((_, i) => Quantiles.Json(Quantiles.Median(runs.Select(r => r.Regrets[i]).ToArray()))).ToArray(), seconds);
    }

    private static SuiteTally[] Tally(IReadOnlyList<string> names, IReadOnlyList<SuiteFamilyFigures> families) => names.Select(name =>
    {
        int[] vsRandom = [0, 0, 0], vsPeer = [0, 0, 0];
        foreach (var family in families)
        {
            var mine = family.Strategies.First(s => s.Name == name);
            if (family.Strategies.FirstOrDefault(s => s.Name == Core.Strategies.RandomDirichletProposer.StrategyName) is { } random && name != random.Name)
                vsRandom[(int)SuiteScoreboard.Compare(mine, random)]++;
            if (SuiteScoreboard.BestPeer(family.Strategies) is { } peer && name != peer.Name)
                vsPeer[(int)SuiteScoreboard.Compare(mine, peer)]++;
        }
        return new SuiteTally(name, vsRandom[0], vsRandom[1], vsRandom[2], vsPeer[0], vsPeer[1], vsPeer[2]);
    }).ToArray();

    private static void PrintSurrogates(IReadOnlyList<SuiteFamilyFigures> families)
    {
        var rows = families.SelectMany(f => f.Surrogates.GroupBy(s => (s.Test, s.TestFidelity)).Select(g => (Family: f.Name, Group: g.ToArray()))).ToArray();
        if (rows.Length == 0) return;
        var columns = rows.SelectMany(r => r.Group.Select(Column)).Distinct().ToArray();
        var view = BenchTable.Create([.. new[] { "family", "test" }, .. columns, "best engine − best peer"]);
        foreach (var (family, group) in rows)
        {
            var cells = columns.Select(c => group.FirstOrDefault(s => Column(s) == c)?.Spearman is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a");
            var engine = group.Where(s => !s.Peer).Max(s => s.Spearman);
            var peer = group.Where(s => s.Peer).Max(s => s.Spearman);
            var gap = engine is { } e && peer is { } p ? (e - p).ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "n/a";
            var test = group[0].TestFidelity is { } tf ? group[0].Test + " @" + tf.ToString(CultureInfo.InvariantCulture) : group[0].Test;
            BenchTable.Row(view, [family, test, .. cells, gap]);
        }
        Console.WriteLine("Surrogate Spearman on held-out target runs:");
        BenchTable.Print(view);
    }

    /// <summary>A surrogate's column header: peers shortened (sklearn-gaussian-process → sk-gp (peer)) so the table fits.</summary>
    private static string Column(SurrogateFigure s) => !s.Peer ? s.Name
        : (s.Name switch { "sklearn-gaussian-process" => "sk-gp", "sklearn-hist-gradient-boosting" => "sk-hgb", var n => n }) + " (peer)";

    private static void PrintStrategies(IReadOnlyList<SuiteFamilyFigures> families)
    {
        var view = BenchTable.Create("family", "strategy", "median cost to top-1%", "hit rate", "regret @10%", "regret @30%", "regret @100%", "seconds");
        foreach (var f in families)
            foreach (var s in f.Strategies)
                BenchTable.Row(view, f.Name, s.Name, FmtNull(s.MedianCostToTop1), s.HitRate.ToString("P0", CultureInfo.InvariantCulture),
                    FmtNull(s.RegretAt[0]), FmtNull(s.RegretAt[1]), FmtNull(s.RegretAt[2]), s.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        Console.WriteLine("Strategies (medians over seeds; budget = fraction of the target rows' cost; regret of the recommendation held at each fraction of it):");
        BenchTable.Print(view);
    }

    private static void PrintScoreboard(IReadOnlyList<SuiteTally> tallies)
    {
        Console.WriteLine("Scoreboard (families won / tied / lost; by median cost to top-1%, then median regret at the budget, 10% tolerance):");
        foreach (var t in tallies)
            Console.WriteLine($"{t.Name}: vs random " + (t.Name == Core.Strategies.RandomDirichletProposer.StrategyName ? "(itself)" : $"{t.WonVsRandom} won / {t.TiedVsRandom} tied / {t.LostVsRandom} lost")
                + $"; vs best peer {t.WonVsPeer} won / {t.TiedVsPeer} tied / {t.LostVsPeer} lost");
    }

    private static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string FmtNull(double? v) => v is { } x ? Fmt(x) : "∞";
}
