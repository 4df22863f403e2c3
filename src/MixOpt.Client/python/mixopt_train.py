"""Reference PyTorch trainer for MixOpt's external executor: trains the proxy ladder on leased mixtures.

    python3 mixopt_train.py --url http://127.0.0.1:5080 --key mxo_... --study STUDY_ID --shards ./shards
    python3 mixopt_train.py --benchmark --model 60M --steps 20          # tokens/s and MFU, no server, random tokens

It leases a run of an `external` study, trains a decoder-only proxy of the same shapes as MixOpt's builtin trainer
(src/MixOpt.Training: tiny / 1M / 60M) on the run's mixture of MixOpt token shards (format mixopt-shards/1, written by
`mixopt corpus prepare`), heartbeats while it trains, and reports every domain's validation loss (`loss:<domain>`),
the seconds it took and the loss curve; until the study has no more runs. CUDA with bfloat16 autocast when a GPU is
there, else CPU in float32. Each run prints its tokens/s and model FLOPs utilization (MFU: achieved training FLOPs/s
over the device's peak, `--peak-tflops` or a known GPU's bf16 dense peak).

Needs PyTorch (Debian's python3-torch 1.13 works on CPU) and mixopt_client.py beside it. Bad options print one line
and exit 2; a run that cannot be trained (a domain without shards, too many epochs) is reported failed with the reason.
"""

import argparse
import hashlib
import json
import math
import os
import sys
import time

from mixopt_client import FINISHED, MixOpt, MixOptError

SHARD_FORMAT = "mixopt-shards/1"

# The ladder of src/MixOpt.Training/Modeling/ModelLadder.cs: keep the two in step.
LADDER = {
    "tiny": dict(layers=2, dim=32, heads=2, seq=32, batch=8, steps=60, lr=3e-3, warmup=5, weight_decay=0.0),
    "1M": dict(layers=2, dim=256, heads=8, seq=256, batch=16, steps=1000, lr=2e-3, warmup=50, weight_decay=0.1),
    "60M": dict(layers=10, dim=768, heads=12, seq=1024, batch=32, steps=2000, lr=6e-4, warmup=100, weight_decay=0.1),
}

# bf16 dense tensor-core peaks (TFLOP/s) by device name, for MFU when --peak-tflops is not given.
KNOWN_PEAKS = {"H200": 989.0, "H100": 989.0, "A100": 312.0, "L40S": 362.0, "L4": 121.0, "A10": 125.0, "V100": 125.0}


class UsageError(Exception):
    """A problem with the trainer's own options or files: one line, exit 2."""


def shape_of(name):
    for key, shape in LADDER.items():
        if key.lower() == str(name).lower():
            return dict(shape, name=key)
    raise UsageError(f"unknown model shape '{name}'; the ladder has {', '.join(LADDER)}")


def flops_per_token(shape, vocab):
    """Training FLOPs per token: 6 x parameters (embeddings included, tied) plus attention, as ModelShape computes it."""
    non_embedding = 12 * shape["layers"] * shape["dim"] * shape["dim"]
    return 6.0 * (non_embedding + shape["dim"] * vocab) + 6.0 * shape["layers"] * shape["seq"] * shape["dim"]


# ---------------------------------------------------------------------------------------------------------------------
# Shards (mixopt-shards/1): <root>/<domain>/manifest.json + train.bin + validation.bin, little-endian uint16/uint32.
# ---------------------------------------------------------------------------------------------------------------------

def read_split(torch, folder, domain, manifest, split):
    info = manifest[split]
    path = os.path.join(folder, info["file"])
    width = manifest["bytesPerToken"]
    if width not in (2, 4):
        raise UsageError(f"shard '{domain}': bytesPerToken is {width}; MixOpt writes 2 or 4")
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != info["tokens"] * width:
        raise UsageError(f"shard '{domain}' {split}: {len(data)} bytes, the manifest says {info['tokens']} tokens of {width} bytes")
    if hashlib.sha256(data).hexdigest() != info["sha256"].lower():
        raise UsageError(f"shard '{domain}' {split}: SHA-256 differs from the manifest")
    if width == 2:
        ids = torch.frombuffer(bytearray(data), dtype=torch.int16).to(torch.int64) & 0xFFFF
    else:
        ids = torch.frombuffer(bytearray(data), dtype=torch.int32).to(torch.int64) & 0xFFFFFFFF
    if sys.byteorder != "little":
        raise UsageError("this machine is big-endian; MixOpt shards are little-endian")
    if ids.numel() and int(ids.max()) >= manifest["vocabSize"]:
        raise UsageError(f"shard '{domain}' {split}: a token id is outside the vocabulary of {manifest['vocabSize']}")
    return ids


def load_shards(torch, root, domains):
    """{domain: (train ids, validation ids)} and the shared vocabulary size; a missing domain is left out."""
    shards, vocab, missing = {}, None, []
    for domain in domains:
        folder = os.path.join(root, domain)
        manifest_path = os.path.join(folder, "manifest.json")
        if not os.path.isfile(manifest_path):
            missing.append(domain)
            continue
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("format") != SHARD_FORMAT:
            raise UsageError(f"shard '{domain}': format is {manifest.get('format')!r}, expected {SHARD_FORMAT}")
        if vocab is not None and manifest["vocabSize"] != vocab:
            raise UsageError(f"shard '{domain}': vocabulary {manifest['vocabSize']} differs from the other domains' {vocab}")
        vocab = manifest["vocabSize"]
        shards[domain] = (read_split(torch, folder, domain, manifest, "train"), read_split(torch, folder, domain, manifest, "validation"))
    return shards, vocab, missing


def mixture_batches(torch, train, mixture, shape, steps, max_epochs, seed):
    """Each row of each batch is a window of seq+1 tokens from one domain, drawn in proportion to the mixture (seeded).
    Returns the batches (inputs, targets) as a generator and the row counts per domain; refuses a mixture that would
    read a domain more than max_epochs times."""
    domains = [d for d, w in mixture.items() if w > 0]
    weights = torch.tensor([mixture[d] for d in domains], dtype=torch.float64)
    generator = torch.Generator().manual_seed(seed)
    rows = steps * shape["batch"]
    choice = torch.multinomial(weights / weights.sum(), rows, replacement=True, generator=generator)
    counts = {d: int((choice == i).sum()) for i, d in enumerate(domains)}
    window = shape["seq"] + 1
    for d, n in counts.items():
        tokens = train[d].numel()
        if tokens < window:
            raise ValueError(f"domain '{d}' has {tokens} train tokens, fewer than one window of {window}")
        epochs = n * shape["seq"] / tokens
        if epochs > max_epochs:
            raise ValueError(f"the mixture reads domain '{d}' {epochs:.1f} times (at most {max_epochs}: --max-epochs)")

    def generate():
        for step in range(steps):
            picked = choice[step * shape["batch"]:(step + 1) * shape["batch"]]
            batch = []
            for i in picked.tolist():
                ids = train[domains[i]]
                start = int(torch.randint(0, ids.numel() - window + 1, (1,), generator=generator))
                batch.append(ids[start:start + window])
            batch = torch.stack(batch)
            yield batch[:, :-1], batch[:, 1:]

    return generate(), counts


# ---------------------------------------------------------------------------------------------------------------------
# The proxy model (as src/MixOpt.Training/Modeling): decoder-only, pre-norm, learned positions, tied embeddings,
# 4x GELU MLP, causal attention, N(0, 0.02) initialisation.
# ---------------------------------------------------------------------------------------------------------------------

def build_model(torch, shape, vocab):
    nn = torch.nn
    F = torch.nn.functional

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads = shape["heads"]
            self.qkv = nn.Linear(shape["dim"], 3 * shape["dim"])
            self.out = nn.Linear(shape["dim"], shape["dim"])

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
            if hasattr(F, "scaled_dot_product_attention"):
                y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            else:  # PyTorch 1.x (Debian 12's): the same causal softmax attention, spelled out
                scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
                mask = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
                y = scores.masked_fill(mask, float("-inf")).softmax(-1) @ v
            return self.out(y.transpose(1, 2).reshape(b, t, d))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1 = nn.LayerNorm(shape["dim"])
            self.attention = Attention()
            self.norm2 = nn.LayerNorm(shape["dim"])
            self.mlp = nn.Sequential(nn.Linear(shape["dim"], 4 * shape["dim"]), nn.GELU(), nn.Linear(4 * shape["dim"], shape["dim"]))

        def forward(self, x):
            x = x + self.attention(self.norm1(x))
            return x + self.mlp(self.norm2(x))

    class ProxyLM(nn.Module):
        def __init__(self):
            super().__init__()
            self.tokens = nn.Embedding(vocab, shape["dim"])
            self.positions = nn.Embedding(shape["seq"], shape["dim"])
            self.blocks = nn.ModuleList([Block() for _ in range(shape["layers"])])
            self.norm = nn.LayerNorm(shape["dim"])
            for module in self.modules():
                if isinstance(module, (nn.Linear, nn.Embedding)):
                    nn.init.normal_(module.weight, 0.0, 0.02)
                if isinstance(module, nn.Linear) and module.bias is not None:
                    nn.init.zeros_(module.bias)

        def forward(self, ids, targets):
            x = self.tokens(ids) + self.positions(torch.arange(ids.shape[1], device=ids.device))
            for block in self.blocks:
                x = block(x)
            logits = self.norm(x) @ self.tokens.weight.t()          # tied output projection
            return F.cross_entropy(logits.float().reshape(-1, vocab), targets.reshape(-1))

    return ProxyLM()


def learning_rate(shape, step, steps):
    """Linear warmup, then cosine to 10% of the peak (LearningRateSchedule)."""
    peak, warmup = shape["lr"], min(shape["warmup"], max(steps - 1, 0))
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


class Device:
    """Where training runs and in which precision: CUDA with bf16 autocast when available, else CPU float32."""

    def __init__(self, torch, wanted, peak_tflops):
        self.torch = torch
        cuda = torch.cuda.is_available()
        if wanted == "cuda" and not cuda:
            raise UsageError("--device cuda, but PyTorch sees no CUDA device")
        self.type = "cuda" if (wanted == "auto" and cuda) or wanted == "cuda" else "cpu"
        self.device = torch.device(self.type)
        self.bf16 = self.type == "cuda" and torch.cuda.is_bf16_supported()
        self.name = torch.cuda.get_device_name(0) if self.type == "cuda" else "cpu"
        known = next((p for key, p in KNOWN_PEAKS.items() if key in self.name), None) if self.type == "cuda" else None
        self.peak = peak_tflops * 1e12 if peak_tflops else (known * 1e12 if known else None)
        if self.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True

    def autocast(self):
        if self.bf16:
            return self.torch.autocast("cuda", dtype=self.torch.bfloat16)
        return _NoAutocast()

    def sync(self):
        if self.type == "cuda":
            self.torch.cuda.synchronize()

    def mfu(self, flops_per_second):
        return flops_per_second / self.peak if self.peak else None


class _NoAutocast:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def train(torch, device, shape, vocab, batches, steps, seed, heartbeat=None, heartbeat_every=15.0):
    """Trains one proxy; returns (model, loss curve, seconds, tokens/s). heartbeat() returning False stops training."""
    torch.manual_seed(seed)
    model = build_model(torch, shape, vocab).to(device.device)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": shape["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=shape["lr"], betas=(0.9, 0.95))
    curve, started, last_beat = [], time.time(), time.time()
    for step, (inputs, targets) in enumerate(batches):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(shape, step, steps)
        with device.autocast():
            loss = model(inputs.to(device.device, non_blocking=True), targets.to(device.device, non_blocking=True))
        if not torch.isfinite(loss):
            raise ValueError(f"the loss is {float(loss)} at step {step}")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        curve.append(float(loss))
        if heartbeat is not None and time.time() - last_beat >= heartbeat_every:
            last_beat = time.time()
            if not heartbeat():
                return model, curve, time.time() - started, None
    device.sync()
    seconds = time.time() - started
    return model, curve, seconds, steps * shape["batch"] * shape["seq"] / max(seconds, 1e-9)


def evaluate(torch, device, model, shape, validation, windows):
    """Mean validation cross-entropy (nats/token) per domain over up to `windows` consecutive windows each."""
    model.eval()
    losses = {}
    with torch.no_grad():
        for domain, ids in validation.items():
            span = shape["seq"] + 1
            count = min(windows, (ids.numel() - 1) // shape["seq"])
            if count < 1:
                raise ValueError(f"domain '{domain}' has {ids.numel()} validation tokens, fewer than one window of {span}")
            rows = torch.stack([ids[i * shape["seq"]:i * shape["seq"] + span] for i in range(count)])
            total = 0.0
            for chunk in rows.split(shape["batch"]):
                with device.autocast():
                    total += float(model(chunk[:, :-1].to(device.device), chunk[:, 1:].to(device.device))) * chunk.shape[0]
            losses[f"loss:{domain}"] = total / count
    model.train()
    return losses


def describe_speed(device, tokens_per_second, shape, vocab):
    flops = tokens_per_second * flops_per_token(shape, vocab)
    mfu = device.mfu(flops)
    mfu_text = f"{100 * mfu:.1f}%" if mfu is not None else "n/a (pass --peak-tflops)"
    return f"tokens/s={tokens_per_second:.0f} TFLOP/s={flops / 1e12:.3f} MFU={mfu_text} device={device.name}{' bf16' if device.bf16 else ''}"


# ---------------------------------------------------------------------------------------------------------------------
# Ask/tell loop
# ---------------------------------------------------------------------------------------------------------------------

def shape_for_run(run, spec, override):
    if override:
        return shape_of(override)
    for rung in spec.get("fidelities") or []:
        if rung.get("name") == run.get("fidelityName") and rung.get("model"):
            return shape_of(rung["model"])
    if run.get("fidelityName") in LADDER:
        return shape_of(run["fidelityName"])
    return shape_of("tiny")


def serve(args, torch, device):
    mixopt = MixOpt(args.url, args.key)
    study = mixopt.study(args.study)
    spec = study.get("spec") or {}
    domains = [d["name"] for d in spec.get("domains", [])]
    shards, vocab, missing = load_shards(torch, args.shards, domains)
    trained, idle_since = 0, time.time()
    while args.max_runs is None or trained < args.max_runs:
        run = mixopt.lease(args.study, worker=args.worker, lease_seconds=args.lease_seconds)
        if run is None:
            if mixopt.study(args.study)["status"] in FINISHED or time.time() - idle_since > args.idle_seconds:
                break
            time.sleep(args.poll_seconds)
            continue
        idle_since = time.time()
        try:
            wanted = [d for d, w in run["mixture"].items() if w > 0]
            lacking = [d for d in wanted if d in missing]
            if lacking:
                raise ValueError(f"no shards for domain(s) {', '.join(lacking)} under {args.shards}")
            shape = shape_for_run(run, spec, args.model)
            steps = args.steps or shape["steps"]
            seed = args.seed * 1_000_003 + run["ordinal"]
            batches, rows = mixture_batches(torch, {d: s[0] for d, s in shards.items()}, run["mixture"], shape, steps, args.max_epochs, seed)

            def beat():
                try:
                    mixopt.heartbeat(run, lease_seconds=args.lease_seconds)
                    return True
                except MixOptError as e:
                    if e.status == 409:
                        print(f"run {run['runId']}: lease lost ({e}); stopping it", flush=True)
                        return False
                    raise

            model, curve, seconds, tokens_per_second = train(torch, device, shape, vocab, batches, steps, seed, beat, args.heartbeat_seconds)
            if tokens_per_second is None:
                continue
            losses = evaluate(torch, device, model, shape, {d: shards[d][1] for d in domains if d in shards}, args.eval_windows)
        except (ValueError, RuntimeError) as e:  # RuntimeError: PyTorch's own (out of memory, a CUDA fault)
            reason = str(e).splitlines()[0][:500] if str(e) else type(e).__name__
            print(f"run {run['runId']}: failed: {reason}", flush=True)
            mixopt.report_failure(run, reason)
            if device.type == "cuda":
                torch.cuda.empty_cache()
            continue
        # At most 1000 points of the curve: a long run's curve is thinned evenly, keeping the last step.
        stride = max(1, math.ceil(len(curve) / 1000))
        thinned = curve[::stride] if curve[-1:] == curve[::stride][-1:] else curve[::stride] + curve[-1:]
        mixopt.report(run, metrics=losses, seconds=seconds, loss_curve=[round(x, 6) for x in thinned])
        trained += 1
        mean = sum(losses.values()) / len(losses)
        print(f"RUN {run['runId']} shape={shape['name']} steps={steps} loss:mean={mean:.4f} "
              f"rows={json.dumps(rows, sort_keys=True)} {describe_speed(device, tokens_per_second, shape, vocab)}", flush=True)
    print(f"TRAINER OK {trained} runs", flush=True)


def benchmark(args, torch, device):
    """Standalone speed: random tokens, the chosen shape, no server; the first steps warm up and are not counted."""
    shape = shape_of(args.model or "60M")
    vocab = args.vocab
    steps = args.steps or 20
    warm = min(3, steps - 1)
    generator = torch.Generator().manual_seed(args.seed)
    data = torch.randint(0, vocab, (shape["batch"], shape["seq"] + 1), generator=generator)

    def batches(n):
        for _ in range(n):
            yield data[:, :-1], data[:, 1:]

    train(torch, device, shape, vocab, batches(warm), warm, args.seed)     # compile kernels, fill caches
    _, curve, seconds, tokens_per_second = train(torch, device, shape, vocab, batches(steps - warm), steps - warm, args.seed)
    params = 12 * shape["layers"] * shape["dim"] ** 2 + shape["dim"] * (vocab + shape["seq"])
    print(f"BENCHMARK shape={shape['name']} params={params / 1e6:.1f}M steps={steps - warm} seconds={seconds:.2f} "
          f"{describe_speed(device, tokens_per_second, shape, vocab)}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="MixOpt's address (env MIXOPT_URL)", default=os.environ.get("MIXOPT_URL"))
    parser.add_argument("--key", help="an API key with the write scope (env MIXOPT_KEY)", default=os.environ.get("MIXOPT_KEY"))
    parser.add_argument("--study", help="the external study whose runs to train")
    parser.add_argument("--shards", help="folder of MixOpt token shards, one sub-folder per domain")
    parser.add_argument("--model", help="shape for every run (tiny, 1M, 60M); default: the rung's model, else tiny")
    parser.add_argument("--steps", type=int, help="override the shape's steps")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--threads", type=int, help="CPU threads for PyTorch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", default=f"mixopt_train@{os.uname().nodename}")
    parser.add_argument("--lease-seconds", type=int, default=600)
    parser.add_argument("--heartbeat-seconds", type=float, default=30.0)
    parser.add_argument("--max-epochs", type=float, default=8.0, help="refuse a mixture that reads a domain more often")
    parser.add_argument("--eval-windows", type=int, default=64, help="validation windows per domain")
    parser.add_argument("--max-runs", type=int, help="stop after this many runs")
    parser.add_argument("--poll-seconds", type=float, default=1.0)
    parser.add_argument("--idle-seconds", type=float, default=600.0, help="stop when no run came for this long")
    parser.add_argument("--peak-tflops", type=float, help="the device's peak for MFU (default: known GPUs' bf16 dense peak)")
    parser.add_argument("--benchmark", action="store_true", help="measure tokens/s and MFU on random tokens, no server")
    parser.add_argument("--vocab", type=int, default=50257, help="vocabulary of --benchmark")
    args = parser.parse_args(argv)
    try:
        for name in ("steps", "threads", "lease_seconds", "eval_windows", "max_runs", "vocab"):
            value = getattr(args, name)
            if value is not None and value < 1:
                raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
        if args.model:
            shape_of(args.model)
        if not args.benchmark:
            missing = [n for n in ("url", "key", "study", "shards") if not getattr(args, n)]
            if missing:
                raise UsageError("missing " + ", ".join("--" + m for m in missing) + " (or --benchmark)")
            if not os.path.isdir(args.shards):
                raise UsageError(f"--shards {args.shards} is not a folder")
        try:
            import torch
        except ImportError:
            raise UsageError("PyTorch is not installed for this interpreter (Debian: apt-get install python3-torch)")
        if args.threads:
            torch.set_num_threads(args.threads)
        device = Device(torch, args.device, args.peak_tflops)
        (benchmark if args.benchmark else serve)(args, torch, device)
    except UsageError as e:
        print(f"mixopt_train: {e}", file=sys.stderr)
        return 2
    except MixOptError as e:
        print(f"mixopt_train: MixOpt answered {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
