using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MixOpt.Cli.Bench;
using MixOpt.Core.Mixtures;
using MixOpt.Core.RunTables;
using MixOpt.Core.Strategies;
using MixOpt.Core.Surrogates;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench propose</c>: how long the proposal path takes (fit + score a million candidates; a batch of 8
/// with 512 observations), beside scikit-learn doing the same, as speed-up ratios.
/// </summary>
public static class BenchProposeCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Run table whose first rows are the observations.", Required = true };
        var target = new Option<string>("--target") { Description = "Metric the observations score, m:NAME.", Required = true };
        var observations = new Option<int>("--observations") { Description = "How many rows to use as observations.", DefaultValueFactory = _ => 512 };
        var candidates = new Option<int>("--candidates") { Description = "Candidate mixtures scored after each fit.", DefaultValueFactory = _ => 1_000_000 };
        var gpCandidates = new Option<int>("--gp-candidates") { Description = "Candidates the scikit-learn GP batch searches.", DefaultValueFactory = _ => 10_000 };
        var batch = new Option<int>("--batch") { Description = "Batch size of a proposal.", DefaultValueFactory = _ => 8 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repeats (the median is reported).", DefaultValueFactory = _ => 3 };
        var peerRepeats = new Option<int>("--peer-repeats") { Description = "Timed repeats of scikit-learn (its GP fit takes minutes on 512 points).", DefaultValueFactory = _ => 1 };
        var noPeers = new Option<bool>("--no-peers") { Description = "Skip scikit-learn." };
        var onlyStrategies = new Option<string?>("--strategies") { Description = "Comma-separated strategies to time (default: all; 'none' for none)." };
        var onlySurrogates = new Option<string?>("--surrogates") { Description = "Comma-separated surrogates to time fit + score (default: all; 'none' for none)." };
        var peerThreads = PeerThreads.Create();
        var options = new BenchOptions(defaultSeeds: 1, parallelSeeds: false);
        var command = new Command("propose", "Time the proposal path (fit + score candidates; a batch with many observations) beside scikit-learn.")
        {
            train, target, observations, candidates, gpCandidates, batch, repeats, peerRepeats, noPeers, peerThreads, onlyStrategies, onlySurrogates,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            PeerThreads.Apply(parse.GetValue(peerThreads));
            var table = RunTableFiles.Read(parse.GetValue(train)!);
            var metric = table.MetricIndex(parse.GetValue(target)!);
            var rows = table.RequireMetric(metric).Take(parse.GetValue(observations)).ToArray();
            var (count, size, reps, seed) = (parse.GetValue(candidates), parse.GetValue(batch), parse.GetValue(repeats), parse.GetValue(options.FirstSeed));
            if (count < 1 || size < 1 || reps < 1 || parse.GetValue(gpCandidates) < size)
                throw new CliException("--candidates, --batch and --repeats must be at least 1, and --gp-candidates at least --batch.");
            var d = table.Domains.Count;
            Console.WriteLine($"bench propose: {rows.Length} observations x {d} domains from {table.Source}, {count} candidates, batch {size}, "
                + $"median of {reps} (scikit-learn: {Math.Max(1, parse.GetValue(peerRepeats))}); seed {seed}.");

            var data = SurrogateData.AtFidelity(rows.Select(r => r.Weights).ToArray(), rows.Select(r => r.Metrics[metric]).ToArray());
            var observed = rows.Select(r => new Observation(Mixture.Create(r.Weights), 1.0, r.Metrics[metric])).ToArray();
            var timings = new List<ProposeTiming>();
            if (SurrogateCatalog.Names.Count > 0)
            {
                var pool = ProposeTimer.Candidates(d, count, seed);
                foreach (var s in SurrogateCatalog.All.Where(s => Chosen(parse.GetValue(onlySurrogates), s.Name, SurrogateCatalog.Names)))
                    timings.Add(new ProposeTiming(s.Name, ProposeTimer.FitScoreTask, ProposeTimer.FitScore(s, data, pool, reps, seed), false));
            }
            foreach (var name in ProposerCatalog.Names.Where(n => Chosen(parse.GetValue(onlyStrategies), n, ProposerCatalog.Names)))
                timings.Add(new ProposeTiming(name, ProposeTimer.BatchTask, ProposeTimer.Batch(() => ProposerCatalog.Create(name), observed, d, size, reps, seed, minimize: true), false));

            if (!parse.GetValue(noPeers))
            {
                await PythonPeer.EnsureModulesAsync(SklearnSurrogatePeer.Packages, ct);
                var request = new JsonObject
                {
                    ["seed"] = seed, ["candidates"] = count, ["gp_candidates"] = parse.GetValue(gpCandidates), ["batch"] = size,
                    ["repeats"] = Math.Max(1, parse.GetValue(peerRepeats)), ["minimize"] = true,
                    ["train_x"] = JsonSerializer.SerializeToNode(data.Mixtures), ["train_y"] = JsonSerializer.SerializeToNode(data.Targets),
                };
                var reply = JsonNode.Parse(await PythonPeer.RunScriptAsync("sklearn_propose.py", [], request.ToJsonString(), ct))!;
                Console.WriteLine($"peer scikit-learn {reply["version"]}: seed {reply["seed"]}");
                timings.Add(new ProposeTiming(PeerHgb, ProposeTimer.FitScoreTask, reply["hgb_fit_score_s"]!.GetValue<double>(), true));
                timings.Add(new ProposeTiming(PeerGp, ProposeTimer.BatchTask, reply["gp_batch_s"]!.GetValue<double>(), true));
            }

            // Model-free baselines fit nothing; a ratio against a GP batch would say nothing about the engine.
            var ratios = new List<ProposeRatio>();
            foreach (var t in timings.Where(t => !t.Peer && !ModelFree.Contains(t.Name)))
                foreach (var p in timings.Where(p => p.Peer && p.Task == t.Task))
                    ratios.Add(new ProposeRatio(t.Name, p.Name, t.Task, p.Seconds / t.Seconds));

            var view = BenchTable.Create("name", "task", "seconds", "speed-up vs peer (peer s / MixOpt s)");
            foreach (var t in timings)
                BenchTable.Row(view, t.Peer ? t.Name + " (peer)" : t.Name, t.Task, t.Seconds.ToString("0.000", CultureInfo.InvariantCulture),
                    string.Join(", ", ratios.Where(r => r.Name == t.Name && r.Task == t.Task).Select(r => $"{r.Speedup:0.00}x vs {r.Peer}")));
            BenchTable.Print(view);

            if (parse.GetValue(options.Out) is { } outPath)
                BenchJson.Write(outPath, new ProposeFigures(rows.Length, d, count, parse.GetValue(gpCandidates), size, reps, Math.Max(1, parse.GetValue(peerRepeats)), parse.GetValue(peerThreads), seed, timings, ratios));
            return 0;
        });
        return command;
    }

    /// <summary>Whether <paramref name="name"/> is in the comma-separated <paramref name="list"/> (null: everything; "none": nothing).</summary>
    private static bool Chosen(string? list, string name, IReadOnlyCollection<string> known)
    {
        if (string.IsNullOrWhiteSpace(list)) return true;
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.SequenceEqual(["none"])) return false;
        foreach (var n in names)
            if (!known.Contains(n)) throw new CliException($"unknown name '{n}'; known: {string.Join(", ", known)}.");
        return names.Contains(name);
    }

    private static readonly HashSet<string> ModelFree = ["random", "uniform", "natural"];

    private const string PeerHgb = "sklearn-hist-gradient-boosting";
    private const string PeerGp = "sklearn-gaussian-process (EI, kriging believer)";
}
