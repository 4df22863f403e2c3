using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MixOpt.Cli.Bench;
using MixOpt.Training.Modeling;
using MixOpt.Training.Trainer;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt bench train</c>: training throughput of a proxy shape in TorchSharp against the identical model in
/// PyTorch (Debian's python3-torch, Peers/train_throughput.py), same batch, sequence length, threads and timed
/// steps, in one run; and TorchSharp's resident memory after 1,000 steps against after 100.
/// </summary>
public static class BenchTrainCommand
{
    public static Command Create()
    {
        var shape = new Option<string>("--shape") { Description = "Ladder shape (tiny, 1M, 60M).", DefaultValueFactory = _ => "1M" };
        var threads = new Option<int>("--threads") { Description = "Threads for both libtorch and PyTorch.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var memoryShape = new Option<string>("--memory-shape") { Description = "Shape for the memory run (TorchSharp only).", DefaultValueFactory = _ => "1M" };
        var memorySteps = new Option<int>("--memory-steps") { Description = "Steps of the memory run; resident memory is read at step 100 and at the last step.", DefaultValueFactory = _ => 1000 };
        var timed = new Option<int>("--timed-steps") { Description = "Steps timed for throughput in both, after the warmup.", DefaultValueFactory = _ => 200 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 20 };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary (256 = the byte tokenizer).", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto (TorchSharp side; the PyTorch peer is CPU only).", DefaultValueFactory = _ => "cpu" };
        var noPeer = new Option<bool>("--no-peer") { Description = "Skip the PyTorch peer (e.g. on a GPU machine without python3-torch)." };
        var allowReferenceBlas = new Option<bool>("--allow-reference-blas") { Description = "Print the ratio, flagged, even when the peer runs on the reference BLAS (otherwise refused)." };

        var command = new Command("train", "Proxy-training throughput (TorchSharp vs PyTorch) and memory stability.") { shape, threads, memoryShape, memorySteps, timed, warmup, vocab, seed, device, noPeer, allowReferenceBlas };
        command.SetAction(async (parse, ct) =>
        {
            var s = ModelLadder.Get(parse.GetValue(shape)!);
            var ms = ModelLadder.Get(parse.GetValue(memoryShape)!);
            int n = parse.GetValue(memorySteps), w = parse.GetValue(warmup), t = parse.GetValue(timed), th = parse.GetValue(threads), v = parse.GetValue(vocab), sd = parse.GetValue(seed);
            if (w < 0 || t <= 0) throw new CliException("--warmup must be >= 0 and --timed-steps > 0.");
            if (n != 0 && n <= 100) throw new CliException("--memory-steps must be above 100 (or 0 to skip the memory run).");
            Console.WriteLine($"bench train: shape {s.Name} ({s.Layers} layers, d={s.Dim}, {s.Heads} heads), batch {s.BatchRows} x seq {s.SequenceLength}, vocab {v}, threads {th}, warmup {w}, timed {t}, seed {sd}");

            var mine = ThroughputBenchmark.Run(s, v, th, w + t, w, w + t, [], sd, parse.GetValue(device)!);
            Console.WriteLine($"TorchSharp ({mine.Device}): {mine.TokensPerSecond:N0} tokens/s over {mine.TimedSteps} steps ({mine.Seconds:0.0} s), {mine.Parameters:N0} parameters, final loss {mine.FinalLoss:0.000}");
            if (mine.Device == "cuda")
            {
                var flops = mine.TokensPerSecond * s.TrainingFlopsPerToken(v);
                Console.WriteLine($"model FLOP/s: {flops / 1e12:0.00} TFLOP/s (MFU against the GPU's bf16 peak: divide by it)");
            }

            if (!parse.GetValue(noPeer)) await RunPeerAsync(s, v, w, t, th, sd, mine.TokensPerSecond, parse.GetValue(allowReferenceBlas), ct);

            if (n > 0)
            {
                var memory = ThroughputBenchmark.Run(ms, v, th, n, 0, n, [100, n], sd, parse.GetValue(device)!);
                var (early, late) = (memory.ResidentBytes[100], memory.ResidentBytes[n]);
                Console.WriteLine($"resident memory ({ms.Name}, TorchSharp): step 100: {early / 1048576.0:0.0} MiB, step {n}: {late / 1048576.0:0.0} MiB, change {(late - early) * 100.0 / early:+0.00;-0.00}% (target within 5%)");
                Console.WriteLine($"live TorchSharp tensors: step 100: {memory.LiveTensors[100]}, step {n}: {memory.LiveTensors[n]}");
            }
            return 0;
        });
        return command;
    }

    private static async Task RunPeerAsync(ModelShape s, int v, int w, int t, int th, int sd, double mine, bool allowReferenceBlas, CancellationToken ct)
    {
        // The peer comes with an optimized BLAS: without it Debian's torch runs on the reference one.
        await PythonPeer.EnsureModulesAsync(new Dictionary<string, string> { ["torch"] = "python3-torch " + PeerBlas.OpenBlasPackage }, ct,
            alsoNeeded: PeerBlas.OpenBlasInstalled() ? [] : [PeerBlas.OpenBlasPackage]);
        string[] args = ["--layers", I(s.Layers), "--dim", I(s.Dim), "--heads", I(s.Heads), "--seq", I(s.SequenceLength), "--batch", I(s.BatchRows),
            "--vocab", I(v), "--steps", I(w + t), "--warmup", I(w), "--threads", I(th), "--seed", I(sd),
            "--lr", s.LearningRate.ToString("R", CultureInfo.InvariantCulture), "--weight-decay", s.WeightDecay.ToString("R", CultureInfo.InvariantCulture),
            "--clip", s.GradientClip.ToString("R", CultureInfo.InvariantCulture)];
        using var peer = JsonDocument.Parse(await PythonPeer.RunScriptAsync("train_throughput.py", args, null, ct));
        var root = peer.RootElement;
        var peerRate = root.GetProperty("tokens_per_second").GetDouble();
        Console.WriteLine($"PyTorch {root.GetProperty("torch").GetString()} (cpu, fused attention: {root.GetProperty("fused_attention").GetBoolean()}): {peerRate:N0} tokens/s over {root.GetProperty("timed_steps").GetInt32()} steps, {root.GetProperty("parameters").GetInt64():N0} parameters, final loss {root.GetProperty("final_loss").GetDouble():0.000}");
        var blas = root.GetProperty("blas").GetString() ?? "none";
        Console.WriteLine($"PyTorch BLAS: {blas}");
        if (PeerBlas.Classify(blas) == PeerBlasKind.Reference)
        {
            if (!allowReferenceBlas)
                throw new CliException($"the PyTorch peer ran on the reference BLAS ({blas}), so its {peerRate:N0} tokens/s is no fair peer: install {PeerBlas.OpenBlasPackage} and rerun (or pass --allow-reference-blas to see the ratio flagged).");
            Console.WriteLine($"WARNING: the PyTorch peer ran on the REFERENCE BLAS ({blas}); the ratio below is NOT comparable. Install {PeerBlas.OpenBlasPackage}.");
            Console.WriteLine($"ratio TorchSharp / PyTorch: {mine / peerRate:0.00}x (NOT COMPARABLE: peer on the reference BLAS)");
            return;
        }
        Console.WriteLine($"ratio TorchSharp / PyTorch: {mine / peerRate:0.00}x (target >= 0.95x)");
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
