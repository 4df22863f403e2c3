"""What Optuna's ask/tell peers share: mixtures on the simplex from Optuna's samplers, and the JSON-lines loop.

Mixtures come from the sampler through the Dirichlet reparameterization described in Optuna's FAQ: one uniform
variable u_i in (0, 1] per domain, and weight_i = -log(u_i) / sum_j -log(u_j) (a sum of normalized exponentials is
a flat Dirichlet).
"""
import json
import math
import sys

from optuna.distributions import FloatDistribution

LOW = 1e-12  # keeps -log(u) finite


def distributions(n):
    return {f"u{i}": FloatDistribution(LOW, 1.0) for i in range(n)}


def weights_from_params(params, n):
    e = [-math.log(max(params[f"u{i}"], LOW)) for i in range(n)]
    s = sum(e)
    return [x / s for x in e] if s > 0 else [1.0 / n] * n


def params_from_weights(weights, n):
    # -log(u_i) = n * w_i gives back w exactly after normalization; clamp into the distribution's range.
    return {f"u{i}": min(1.0, max(LOW, math.exp(-n * w))) for i, w in enumerate(weights)}


def serve(handlers):
    """Answers one JSON object per stdin line: {"op": name, ...} goes to handlers[name], whose reply is printed;
    "quit" ends, an unknown op exits 2 so the caller sees a broken peer rather than waiting."""
    for line in sys.stdin:
        message = json.loads(line)
        op = message.get("op")
        if op == "quit":
            break
        handler = handlers.get(op)
        if handler is None:
            print(f"unknown op {op!r}", file=sys.stderr, flush=True)
            sys.exit(2)
        print(json.dumps(handler(message)), flush=True)
