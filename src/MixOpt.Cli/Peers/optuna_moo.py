"""Optuna's multi-objective samplers (NSGA-II, TPE) as an ask/tell peer for `mixopt bench multiobjective`.

Mixtures come from the sampler through the Dirichlet reparameterization of Optuna's FAQ (as in optuna_tpe.py): one
uniform u_i in (0, 1] per domain, weight_i = -log(u_i) / sum_j -log(u_j). The caller evaluates exactly the asked
point, so each asked trial stays open until its values are told.

Protocol (one JSON object per line): first line out {"peer", "sampler", "seed", "optuna"}; then
{"op": "ask"} -> {"trial": n, "weights": [...]}, {"op": "tell", "trial": n, "values": [...]} -> {"ok": true},
{"op": "quit"} ends.
"""
import argparse
import json
import math
import sys

import optuna
from optuna.distributions import FloatDistribution

LOW = 1e-12  # keeps -log(u) finite


def weights_from_params(params, n):
    e = [-math.log(max(params[f"u{i}"], LOW)) for i in range(n)]
    s = sum(e)
    return [x / s for x in e] if s > 0 else [1.0 / n] * n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--domains", type=int, required=True)
    parser.add_argument("--objectives", type=int, default=2)
    parser.add_argument("--sampler", choices=["nsga2", "tpe"], required=True)
    parser.add_argument("--population", type=int, default=10, help="NSGA-II population size")
    args = parser.parse_args()
    n = args.domains

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    if args.sampler == "nsga2":
        sampler = optuna.samplers.NSGAIISampler(seed=args.seed, population_size=args.population)
    else:
        sampler = optuna.samplers.TPESampler(seed=args.seed)
    study = optuna.create_study(directions=["minimize"] * args.objectives, sampler=sampler)
    distributions = {f"u{i}": FloatDistribution(LOW, 1.0) for i in range(n)}
    print(json.dumps({"peer": "optuna-" + args.sampler, "sampler": type(sampler).__name__, "seed": args.seed, "optuna": optuna.__version__}), flush=True)
    print(f"optuna-{args.sampler} peer: seed {args.seed}", file=sys.stderr, flush=True)

    open_trials = {}
    for line in sys.stdin:
        message = json.loads(line)
        op = message.get("op")
        if op == "ask":
            trial = study.ask(distributions)
            open_trials[trial.number] = trial
            print(json.dumps({"trial": trial.number, "weights": weights_from_params(trial.params, n)}), flush=True)
        elif op == "tell":
            trial = open_trials.pop(int(message["trial"]))
            study.tell(trial, [float(v) for v in message["values"]])
            print(json.dumps({"ok": True}), flush=True)
        elif op == "quit":
            break
        else:
            print(f"unknown op {op!r}", file=sys.stderr, flush=True)
            sys.exit(2)


if __name__ == "__main__":
    main()
