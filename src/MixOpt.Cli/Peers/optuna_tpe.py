"""Optuna TPE as an ask/tell peer for `mixopt bench pool|oracle`, spoken to in JSON lines.

Mixtures come from Optuna's TPE through the Dirichlet reparameterization described in Optuna's FAQ: one
uniform variable u_i in (0, 1] per domain, and weight_i = -log(u_i) / sum_j -log(u_j) (a sum of
normalized exponentials is a flat Dirichlet). The caller may evaluate a different point than it was asked
(the nearest unused pool row), so an asked trial is closed as failed and what was really evaluated is
added as a completed trial, with the u_i that map exactly onto its weights.

Protocol (one JSON object per line): first line out {"peer", "seed", "optuna"}; then
{"op": "ask"} -> {"weights": [...]}, {"op": "tell", "weights": [...], "value": v} -> {"ok": true},
{"op": "quit"} ends.
"""
import argparse
import json
import math
import sys

import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import TrialState, create_trial

LOW = 1e-12  # keeps -log(u) finite


def weights_from_params(params, n):
    e = [-math.log(max(params[f"u{i}"], LOW)) for i in range(n)]
    s = sum(e)
    return [x / s for x in e] if s > 0 else [1.0 / n] * n


def params_from_weights(weights, n):
    # -log(u_i) = n * w_i gives back w exactly after normalization; clamp into the distribution's range.
    return {f"u{i}": min(1.0, max(LOW, math.exp(-n * w))) for i, w in enumerate(weights)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--domains", type=int, required=True)
    parser.add_argument("--direction", choices=["minimize", "maximize"], default="minimize")
    args = parser.parse_args()
    n = args.domains

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.create_study(direction=args.direction, sampler=optuna.samplers.TPESampler(seed=args.seed))
    distributions = {f"u{i}": FloatDistribution(LOW, 1.0) for i in range(n)}
    print(json.dumps({"peer": "optuna-tpe", "seed": args.seed, "optuna": optuna.__version__}), flush=True)
    print(f"optuna-tpe peer: seed {args.seed}", file=sys.stderr, flush=True)

    for line in sys.stdin:
        message = json.loads(line)
        op = message.get("op")
        if op == "ask":
            trial = study.ask(distributions)
            weights = weights_from_params(trial.params, n)
            study.tell(trial, state=TrialState.FAIL)
            print(json.dumps({"weights": weights}), flush=True)
        elif op == "tell":
            params = params_from_weights(message["weights"], n)
            study.add_trial(create_trial(params=params, distributions=distributions, value=float(message["value"])))
            print(json.dumps({"ok": True}), flush=True)
        elif op == "quit":
            break
        else:
            print(f"unknown op {op!r}", file=sys.stderr, flush=True)
            sys.exit(2)


if __name__ == "__main__":
    main()
