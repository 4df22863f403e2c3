using System.CommandLine;
using MixOpt.Cli.Bench;
using MixOpt.Core.InRun;
using MixOpt.Training.Corpus;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench aioli</c>: Aioli's in-run re-weighting against the uniform (stratified) mixture on the demo corpus
/// (or a prepared corpus), same shape, steps and seeds; prints each seed's mean per-domain validation loss both ways
/// and the difference, and with <c>--plot DIR</c> draws the proportion trajectory and the per-seed differences.
/// </summary>
public static class BenchAioliCommand
{
    public static Command Create()
    {
        var corpus = new Option<string?>("--corpus") { Description = "A folder from `mixopt corpus prepare`; default: the demo corpus, prepared into a temporary folder." };
        var shape = new Option<string>("--shape") { Description = "Ladder shape (tiny, 1M, 60M).", DefaultValueFactory = _ => "tiny" };
        var steps = new Option<int>("--steps") { Description = "Training steps of every run (the same tokens for both arms).", DefaultValueFactory = _ => 300 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..N; each trains one uniform and one Aioli run.", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { DefaultValueFactory = _ => AioliOptions.DefaultRounds };
        var probeSteps = new Option<int>("--probe-steps") { DefaultValueFactory = _ => AioliOptions.DefaultProbeSteps };
        var stepSize = new Option<double>("--step-size") { DefaultValueFactory = _ => AioliOptions.DefaultStepSize };
        var smoothing = new Option<double>("--smoothing") { DefaultValueFactory = _ => AioliOptions.DefaultSmoothing };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount - 1) };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "cpu" };
        var firstSeed = new Option<int>("--first-seed") { Description = "Seeds run from here (pick options on 1..N, confirm on fresh seeds such as 101..).", DefaultValueFactory = _ => 1 };
        var evaluationSequences = new Option<int>("--eval-sequences") { Description = "Validation sequences per domain of the final score (both arms).", DefaultValueFactory = _ => 64 };
        var reportSequences = new Option<int>("--report-sequences") { Description = "Validation sequences per domain of every in-run report.", DefaultValueFactory = _ => 128 };
        var noRestore = new Option<bool>("--no-restore") { Description = "Probes keep what they learn (the old behaviour) instead of restoring the parameters." };
        var probesOutside = new Option<bool>("--probes-outside-budget") { Description = "Probes are look-ahead overhead: Aioli's model trains the same steps as uniform." };
        var averageInteractions = new Option<bool>("--average-interactions") { Description = "Update with the mean interaction matrix over the rounds so far." };
        var warmup = new Option<int>("--warmup-steps") { Description = "Steps on the uniform mixture before the first round (part of the budget).", DefaultValueFactory = _ => 0 };
        var plot = new Option<string?>("--plot") { Description = "Folder for aioli-trajectory.png and aioli-differences.png." };
        var sweeps = new Option<int>("--sweeps") { Description = "Passes over the domains per round when probing.", DefaultValueFactory = _ => AioliOptions.DefaultSweeps };
        var start = new Option<string?>("--start") { Description = "Starting mixture, comma-separated weights in domain order (default uniform); the fixed arm trains it unchanged." };
        var staticAfterWarmup = new Option<bool>("--static-after-warmup") { Description = "Diagnosis: per seed, the uniform warm-up then each domain up-weighted x2 for the rest of the budget, paired against uniform throughout." };
        var probeDiagnosis = new Option<bool>("--probe-diagnosis") { Description = "Diagnosis (needs --sweeps 2 or more): per round, each domain's single-sweep signal-to-noise ratio and sign agreement of the update direction against the mean of all sweeps." };
        var staticMixtures = new Option<bool>("--static-mixtures") { Description = "Diagnosis: per seed, train each domain up-weighted x2 and Aioli's final mixture as fixed mixtures, paired against uniform." };

        var command = new Command("aioli", "Aioli in-run re-weighting vs the uniform mixture, same tokens, several seeds (demo corpus, CPU).")
            { corpus, shape, steps, seeds, rounds, probeSteps, stepSize, smoothing, threads, device, plot,
              firstSeed, evaluationSequences, reportSequences, noRestore, probesOutside, averageInteractions, warmup, staticMixtures, sweeps, start, probeDiagnosis, staticAfterWarmup };
        command.SetAction(async (parse, ct) =>
        {
            var s = ModelLadder.Get(parse.GetValue(shape)!);
            int n = parse.GetValue(steps), k = parse.GetValue(seeds);
            if (n <= 0 || k <= 0) throw new CliException("--steps and --seeds must be positive.");
            var options = new AioliOptions
            {
                Rounds = parse.GetValue(rounds), ProbeSteps = parse.GetValue(probeSteps), StepSize = parse.GetValue(stepSize), Smoothing = parse.GetValue(smoothing),
                RestoreAfterProbe = !parse.GetValue(noRestore), ProbesInBudget = !parse.GetValue(probesOutside),
                AverageInteractions = parse.GetValue(averageInteractions), WarmupSteps = parse.GetValue(warmup), Sweeps = parse.GetValue(sweeps),
            };
            if (parse.GetValue(probeDiagnosis) && options.Sweeps < 2) throw new CliException("--probe-diagnosis compares sweeps: give --sweeps 2 or more.");
            int first = parse.GetValue(firstSeed), evaluation = parse.GetValue(evaluationSequences), reports = parse.GetValue(reportSequences);
            if (evaluation <= 0 || reports <= 0) throw new CliException("--eval-sequences and --report-sequences must be positive.");
            string? temporary = null;
            var folder = parse.GetValue(corpus);
            try
            {
                if (folder is null)
                {
                    temporary = Path.Combine(Path.GetTempPath(), "mixopt-aioli-" + Guid.NewGuid().ToString("N"));
                    await DemoCorpus.PrepareAsync(new LocalShardStore(temporary), ct: ct);
                    folder = temporary;
                }
                var store = new LocalShardStore(folder);
                var domains = (await store.ListDomainsAsync(ct)).Order(StringComparer.Ordinal).ToArray();
                if (domains.Length < 2) throw new CliException($"The corpus at {folder} has {domains.Length} domains; the benchmark needs at least 2.");
                try { options.Validate(domains.Length, n); }
                catch (ArgumentException e) { throw new CliException(e.Message); }
                var startMixture = parse.GetValue(start) is { } text ? AioliStartMixture.Parse(text, domains.Length) : null;
                var fixedName = startMixture is null ? "uniform" : "start";
                var shards = new List<DomainShard>();
                foreach (var d in domains) shards.Add(await ShardReader.ReadAsync(store, d, ct));

                Console.WriteLine($"bench aioli: {domains.Length} domains ({string.Join(", ", domains)}), shape {s.Name}, {n} steps ({n * s.TokensPerStep:N0} tokens) per run, " +
                                  $"rounds {options.Rounds}, probe steps {options.ProbeSteps}, step size {options.StepSize}, smoothing {options.Smoothing}, " +
                                  $"restore {options.RestoreAfterProbe}, probes in budget {options.ProbesInBudget}, average interactions {options.AverageInteractions}, warm-up {options.WarmupSteps}, sweeps {options.Sweeps}, " +
                                  $"eval sequences {evaluation}, report sequences {reports}, seeds {first}..{first + k - 1}" +
                                  (startMixture is null ? "" : $", start {string.Join(" ", startMixture.ToArray().Select(p => p.ToString("0.000")))} (the fixed arm trains it)"));
                if (parse.GetValue(staticMixtures))
                {
                    if (startMixture is not null) throw new CliException("--static-mixtures compares against uniform; leave out --start.");
                    PrintStaticDiagnosis(shards, s, n, options, first, k, parse.GetValue(threads), parse.GetValue(device)!, evaluation, reports);
                    return 0;
                }
                if (parse.GetValue(staticAfterWarmup))
                {
                    if (startMixture is not null) throw new CliException("--static-after-warmup compares against uniform; leave out --start.");
                    PrintSwitchDiagnosis(shards, s, n, options.WarmupSteps, first, k, parse.GetValue(threads), parse.GetValue(device)!, evaluation, reports);
                    return 0;
                }
                var results = new List<AioliBenchmark.SeedResult>();
                for (var seed = first; seed < first + k; seed++)
                {
                    var training = new TrainingOptions
                    {
                        Threads = parse.GetValue(threads), Device = parse.GetValue(device)!, Seed = seed, EvaluationSequences = evaluation, InRunReportSequences = reports,
                    };
                    var r = AioliBenchmark.RunSeed(shards, s, n, options, training, startMixture);
                    results.Add(r);
                    Console.WriteLine($"seed {seed}: {fixedName} {r.UniformMean:0.0000}, aioli {r.AioliMean:0.0000}, difference {SignedDifference.Format(r.Difference)} " +
                                      $"(final proportions {string.Join(" ", r.Rounds[^1].Proportions.Select(p => p.ToString("0.000")))}; {r.UniformSeconds:0.0} s vs {r.AioliSeconds:0.0} s" +
                                      (r.AioliOverheadSteps > 0 ? $"; aioli probe overhead {r.AioliOverheadSteps} steps" : "") + ")");
                }
                foreach (var d in domains)
                    Console.WriteLine($"domain {d}: {fixedName} {results.Average(r => r.Uniform[d]):0.0000}, aioli {results.Average(r => r.Aioli[d]):0.0000}");
                var mean = results.Average(r => r.Difference);
                var sd = Math.Sqrt(results.Sum(r => Math.Pow(r.Difference - mean, 2)) / Math.Max(1, results.Count - 1));
                Console.WriteLine($"mean per-domain validation loss: {fixedName} {results.Average(r => r.UniformMean):0.0000}, aioli {results.Average(r => r.AioliMean):0.0000}; " +
                                  $"difference {SignedDifference.Format(mean)} ± {sd / Math.Sqrt(results.Count):0.0000} (standard error), aioli lower on {results.Count(r => r.Difference < 0)} of {results.Count} seeds");
                if (parse.GetValue(probeDiagnosis)) AioliProbeReport.Print(results, domains);
                if (parse.GetValue(plot) is { } dir)
                {
                    AioliFigures.Trajectory(Path.Combine(dir, "aioli-trajectory.png"), domains, results[0], fixedName);
                    AioliFigures.Differences(Path.Combine(dir, "aioli-differences.png"), results, fixedName);
                }
                return 0;
            }
            finally
            {
                if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            }
        });
        return command;
    }

    private static void PrintSwitchDiagnosis(IReadOnlyList<DomainShard> shards, ModelShape shape, int steps, int warmup, int first, int count,
        int threads, string device, int evaluation, int reports)
    {
        var results = new List<AioliSwitchDiagnosis.SeedResult>();
        for (var seed = first; seed < first + count; seed++)
        {
            var training = new TrainingOptions { Threads = threads, Device = device, Seed = seed, EvaluationSequences = evaluation, InRunReportSequences = reports };
            var r = AioliSwitchDiagnosis.RunSeed(shards, shape, steps, warmup, training);
            results.Add(r);
            Console.WriteLine($"seed {seed}: uniform {r.UniformMean:0.0000}, " + string.Join(", ", r.Arms.Select(a => $"{a.Name} {SignedDifference.Format(a.Difference)}")));
        }
        for (var a = 0; a < results[0].Arms.Count; a++)
            PrintPairedSummary(results[0].Arms[a].Name, results.Select(r => r.Arms[a].Difference).ToArray());
    }

    private static void PrintStaticDiagnosis(IReadOnlyList<DomainShard> shards, ModelShape shape, int steps, AioliOptions options, int first, int count,
        int threads, string device, int evaluation, int reports)
    {
        var results = new List<AioliStaticDiagnosis.SeedResult>();
        for (var seed = first; seed < first + count; seed++)
        {
            var training = new TrainingOptions { Threads = threads, Device = device, Seed = seed, EvaluationSequences = evaluation, InRunReportSequences = reports };
            var r = AioliStaticDiagnosis.RunSeed(shards, shape, steps, options, training);
            results.Add(r);
            Console.WriteLine($"seed {seed}: uniform {r.UniformMean:0.0000}, aioli {SignedDifference.Format(r.AioliDifference)}, " +
                              string.Join(", ", r.Arms.Select(a => $"{a.Name} {SignedDifference.Format(a.Difference)}")) +
                              $" (aioli final {string.Join(" ", r.Arms[^1].Proportions.Select(p => p.ToString("0.000")))})");
        }
        PrintPairedSummary("aioli (in-run)", results.Select(r => r.AioliDifference).ToArray());
        for (var a = 0; a < results[0].Arms.Count; a++)
            PrintPairedSummary(results[0].Arms[a].Name, results.Select(r => r.Arms[a].Difference).ToArray());
    }

    /// <summary>One arm's paired differences against uniform over the seeds: mean, standard error and how often it was lower.</summary>
    private static void PrintPairedSummary(string name, IReadOnlyList<double> differences)
    {
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(x => Math.Pow(x - mean, 2)) / Math.Max(1, differences.Count - 1));
        Console.WriteLine($"{name} - uniform: {SignedDifference.Format(mean)} ± {sd / Math.Sqrt(differences.Count):0.0000} (standard error), lower on {differences.Count(x => x < 0)} of {differences.Count} seeds");
    }
}
