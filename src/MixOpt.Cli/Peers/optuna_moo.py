"""Optuna's multi-objective samplers (NSGA-II, TPE) as an ask/tell peer for `mixopt bench multiobjective`.

Mixtures come from the sampler through the Dirichlet reparameterization in optuna_simplex.py. The caller evaluates exactly the asked
point, so each asked trial stays open until its values are told.

Protocol (one JSON object per line): first line out {"peer", "sampler", "seed", "optuna"}; then
{"op": "ask"} -> {"trial": n, "weights": [...]}, {"op": "tell", "trial": n, "values": [...]} -> {"ok": true},
{"op": "quit"} ends.
"""
import argparse
import json
import sys

import optuna

from optuna_simplex import distributions, serve, weights_from_params


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
    space = distributions(n)
    print(json.dumps({"peer": "optuna-" + args.sampler, "sampler": type(sampler).__name__, "seed": args.seed, "optuna": optuna.__version__}), flush=True)
    print(f"optuna-{args.sampler} peer: seed {args.seed}", file=sys.stderr, flush=True)

    open_trials = {}

    def ask(_):
        trial = study.ask(space)
        open_trials[trial.number] = trial
        return {"trial": trial.number, "weights": weights_from_params(trial.params, n)}

    def tell(message):
        study.tell(open_trials.pop(int(message["trial"])), [float(v) for v in message["values"]])
        return {"ok": True}

    serve({"ask": ask, "tell": tell})


if __name__ == "__main__":
    main()
