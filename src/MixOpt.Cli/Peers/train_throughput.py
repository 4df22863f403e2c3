"""PyTorch peer for `mixopt bench train`: the proxy model of MixOpt.Training, trained the same way.

Same architecture (pre-norm decoder, learned positions, tied embeddings, 4x GELU MLP, N(0, 0.02) init),
AdamW(0.9, 0.95, wd), gradient clipping, loss read back every step, seeded random tokens, and the same
batch, sequence length and thread count. Prints one JSON object. Runs on Debian's python3-torch (1.13), which
has no fused scaled_dot_product_attention: where it is missing, attention is the explicit causal softmax.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

# Debian's python3-torch calls BLAS through libblas.so.3, which is the slow reference BLAS unless OpenBLAS
# (libopenblas0-pthread) is the system's choice. Give the peer OpenBLAS when it is installed, for this process
# only, so the comparison is against a properly configured PyTorch without changing the machine.
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
# OpenBLAS starts its own thread pool: hold it to the thread count under test, like libtorch's.
if "--threads" in sys.argv:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", sys.argv[sys.argv.index("--threads") + 1])
if os.path.exists(os.path.join(OPENBLAS, "libblas.so.3")) and OPENBLAS not in os.environ.get("LD_LIBRARY_PATH", ""):
    os.environ["LD_LIBRARY_PATH"] = OPENBLAS + ":" + os.environ.get("LD_LIBRARY_PATH", "")
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.qkv = nn.Linear(dim, 3 * dim)
        self.output = nn.Linear(dim, dim)
        self.heads = heads

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        if hasattr(F, "scaled_dot_product_attention"):
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
            mask = torch.ones(t, t, dtype=torch.bool).triu(1)
            y = scores.masked_fill(mask, float("-inf")).softmax(-1) @ v
        return self.output(y.transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.attention_norm = nn.LayerNorm(dim)
        self.attention = Attention(dim, heads)
        self.mlp_norm = nn.LayerNorm(dim)
        self.expand = nn.Linear(dim, 4 * dim)
        self.contract = nn.Linear(4 * dim, dim)

    def forward(self, x):
        x = x + self.attention(self.attention_norm(x))
        return x + self.contract(F.gelu(self.expand(self.mlp_norm(x))))


class Proxy(nn.Module):
    def __init__(self, vocab, dim, heads, layers, seq):
        super().__init__()
        self.tokens = nn.Embedding(vocab, dim)
        self.positions = nn.Embedding(seq, dim)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(layers)])
        self.final_norm = nn.LayerNorm(dim)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    p.zero_()
                elif p.dim() == 2:
                    p.normal_(0, 0.02)

    def forward(self, ids):
        x = self.tokens(ids) + self.positions(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return F.linear(self.final_norm(x), self.tokens.weight)


def loaded_blas():
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line and "/" in line}
    return ", ".join(sorted(paths)) or "none"


def main():
    a = argparse.ArgumentParser()
    for name, default in [("layers", 2), ("dim", 256), ("heads", 8), ("seq", 256), ("batch", 16), ("vocab", 256),
                          ("steps", 300), ("warmup", 20), ("threads", 2), ("seed", 0)]:
        a.add_argument("--" + name, type=int, default=default)
    a.add_argument("--lr", type=float, default=2e-3)
    a.add_argument("--weight-decay", type=float, default=0.1)
    a.add_argument("--clip", type=float, default=1.0)
    args = a.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = Proxy(args.vocab, args.dim, args.heads, args.layers, args.seq)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), eps=1e-8, weight_decay=args.weight_decay)
    data = torch.Generator().manual_seed(args.seed)
    loss_value = float("nan")
    start = None
    for step in range(1, args.steps + 1):
        if step == args.warmup + 1:
            start = time.perf_counter()
        window = torch.randint(0, args.vocab, (args.batch, args.seq + 1), generator=data)
        logits = model(window[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, args.vocab), window[:, 1:].reshape(-1))
        loss_value = loss.item()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
    seconds = time.perf_counter() - start
    timed = args.steps - args.warmup
    print(json.dumps({
        "tokens_per_second": timed * args.batch * args.seq / seconds, "seconds": seconds, "timed_steps": timed,
        "final_loss": loss_value, "parameters": sum(p.numel() for p in model.parameters()),
        "threads": torch.get_num_threads(), "torch": torch.__version__,
        "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "fused_attention": hasattr(F, "scaled_dot_product_attention"), "blas": loaded_blas(),
    }))


if __name__ == "__main__":
    main()
