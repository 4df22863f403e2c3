using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;
using MixOpt.Training.Corpus;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench demo</c>: does the builtin demo study measure its mixtures or its seeds? Trains the demo shape
/// (<see cref="DemoTrainingShape"/>) on the demo corpus for random mixtures, and several repeats of one mixture
/// (the uniform one) that differ only in their seed, exactly as the builtin executor seeds runs, and prints the spread
/// of the objective (mean validation loss) across mixtures against its repeat noise. A spread well above the noise
/// is what lets the demo's surrogates rank mixtures (a positive CV Spearman).
/// </summary>
public static class BenchDemoCommand
{
    // The builtin executor's seed salt (TorchSharpExecutor): the same ordinal trains the same way here as in a study.
    private const long ExecutorSeedSalt = 0x7A11;

    public static Command Create()
    {
        var domains = new Option<string>("--domains") { Description = "Demo corpus domains, comma-separated (default: the demo study's).", DefaultValueFactory = _ => string.Join(",", DemoTrainingShape.Domains) };
        var steps = new Option<int>("--steps") { Description = "Training steps per run (default: the demo's).", DefaultValueFactory = _ => DemoTrainingShape.Steps };
        var shape = new Option<string>("--shape") { Description = "Ladder shape.", DefaultValueFactory = _ => "tiny" };
        var mixtures = new Option<int>("--mixtures") { Description = "Random mixtures (Dirichlet(1) over the domains), one run each.", DefaultValueFactory = _ => 12 };
        var repeats = new Option<int>("--repeats") { Description = "Runs of the uniform mixture that differ only in their seed.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (run.sh's demo uses 1).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seeds the mixtures and every run (the demo study's seed by default).", DefaultValueFactory = _ => 42 };

        var command = new Command("demo", "Builtin demo study: spread of the objective across mixtures vs the repeat noise of one mixture.")
            { domains, steps, shape, mixtures, repeats, threads, seed };
        command.SetAction(async (parse, ct) =>
        {
            var names = parse.GetValue(domains)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            int n = parse.GetValue(steps), m = parse.GetValue(mixtures), r = parse.GetValue(repeats), th = parse.GetValue(threads), sd = parse.GetValue(seed);
            if (names.Length < 2) throw new CliException("--domains needs at least 2 demo corpus domains.");
            if (n <= 0 || th <= 0) throw new CliException("--steps and --threads must be positive.");
            if (m < 3 || r < 2) throw new CliException("--mixtures must be at least 3 and --repeats at least 2 (a spread needs several values).");
            ModelShape s;
            try { s = ModelLadder.Get(parse.GetValue(shape)!); }
            catch (ArgumentException e) { throw new CliException(e.Message); }

            var folder = Path.Combine(Path.GetTempPath(), $"mixopt-bench-demo-{Environment.ProcessId}");
            try
            {
                var store = new LocalShardStore(folder);
                var prepared = (await DemoCorpus.PrepareAsync(store, ct: ct)).Select(p => p.Domain).ToArray();
                var absent = names.Where(d => !prepared.Contains(d)).ToArray();
                if (absent.Length > 0) throw new CliException($"demo corpus domain(s) {string.Join(", ", absent)} are not available here; this machine has {string.Join(", ", prepared)}.");
                var shards = new List<DomainShard>();
                foreach (var d in names) shards.Add(await ShardReader.ReadAsync(store, d, ct));

                Console.WriteLine($"bench demo: domains {string.Join(", ", names)}; shape {s.Name}, {n} steps, {th} thread(s); {m} mixtures + {r} repeats of the uniform mixture; seed {sd}");
                var clock = Stopwatch.StartNew();
                // The repeats first: the noise is the figure that decides whether the rest is worth waiting for.
                var noise = new List<double>();
                for (var i = 0; i < r; i++)
                    noise.Add(Train(shards, Mixture.Uniform(names.Length), s, n, th, SeedMixer.Mix(sd, m + i, ExecutorSeedSalt), $"uniform, repeat {i + 1}", ct));
                var sampler = DirichletSampler.Uniform(names.Length, 1.0, SeedMixer.Mix(sd, 0xDE30));
                var mixed = new List<double[]>();
                var spread = new List<double>();
                for (var i = 0; i < m; i++)
                {
                    var mixture = sampler.Next();
                    mixed.Add(mixture.ToArray());
                    spread.Add(Train(shards, mixture, s, n, th, SeedMixer.Mix(sd, i, ExecutorSeedSalt), $"mixture {i + 1}", ct));
                }

                double spreadSd = StdDev(spread), noiseSd = StdDev(noise);
                Console.WriteLine($"spread across {m} mixtures: sd {F(spreadSd)} (range {F(spread.Min())} .. {F(spread.Max())})");
                Console.WriteLine($"repeat noise of the uniform mixture over {r} seeds: sd {F(noiseSd)} (range {F(noise.Min())} .. {F(noise.Max())})");
                Console.WriteLine($"spread / noise: {(noiseSd > 0 ? (spreadSd / noiseSd).ToString("0.0", CultureInfo.InvariantCulture) : "inf")}");
                // The study's closing table, on these runs: k-fold CV of every surrogate, as StudyRecommender computes it.
                var folds = Math.Min(StrategyOptions.DefaultCvFolds, m);
                try
                {
                    foreach (var score in CrossValidation.Rank(SurrogateCatalog.All, SurrogateData.AtFidelity(mixed, spread), folds, sd))
                        Console.WriteLine(score.Trusted
                            ? $"  CV {score.Name,-12} Spearman {score.Spearman:+0.00;-0.00}  MSE {score.Mse:G3}  ({score.Folds} folds)"
                            : $"  CV {score.Name,-12} untrusted: {score.Untrusted}");
                }
                catch (ArgumentException e) { Console.WriteLine($"  CV: {e.Message}"); }
                Console.WriteLine($"{m + r} runs in {clock.Elapsed.TotalSeconds:0.0} s ({clock.Elapsed.TotalSeconds / (m + r):0.0} s per run)");
                return 0;
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    // One run of the demo shape; its objective is the demo study's (loss:mean, the mean validation loss over the domains).
    private static double Train(IReadOnlyList<DomainShard> shards, Mixture mixture, ModelShape shape, int steps, int threads, int seed, string label, CancellationToken ct)
    {
        var options = new TrainingOptions { Threads = threads, Steps = steps, Seed = seed, KeepCheckpoint = false, Device = "cpu" };
        var result = ProxyTrainer.Train(shards, mixture, shape, options, null, ct);
        var objective = result.ValidationLoss.Values.Average();
        Console.WriteLine($"  {label,-20} {mixture,-24} loss:mean {F(objective)}  ({string.Join(", ", result.ValidationLoss.Select(p => $"{p.Key} {F(p.Value)}"))}; {result.Seconds:0.0} s)");
        return objective;
    }

    private static double StdDev(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
