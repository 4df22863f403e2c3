"""Optuna TPE as an ask/tell peer for `mixopt bench pool|oracle`, spoken to in JSON lines.

Mixtures come from Optuna's TPE through the Dirichlet reparameterization in optuna_simplex.py. The caller may
evaluate a different point than it was asked (the nearest unused pool row), so an asked trial is closed as failed
and what was really evaluated is added as a completed trial, with the u_i that map exactly onto its weights.

Protocol (one JSON object per line): first line out {"peer", "seed", "optuna"}; then
{"op": "ask"} -> {"weights": [...]}, {"op": "tell", "weights": [...], "value": v} -> {"ok": true},
{"op": "quit"} ends.
"""
import argparse
import json
import sys

import optuna
from optuna.trial import TrialState, create_trial

from optuna_simplex import distributions, params_from_weights, serve, weights_from_params


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--domains", type=int, required=True)
    parser.add_argument("--direction", choices=["minimize", "maximize"], default="minimize")
    args = parser.parse_args()
    n = args.domains

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.create_study(direction=args.direction, sampler=optuna.samplers.TPESampler(seed=args.seed))
    space = distributions(n)
    print(json.dumps({"peer": "optuna-tpe", "seed": args.seed, "optuna": optuna.__version__}), flush=True)
    print(f"optuna-tpe peer: seed {args.seed}", file=sys.stderr, flush=True)

    def ask(_):
        trial = study.ask(space)
        weights = weights_from_params(trial.params, n)
        study.tell(trial, state=TrialState.FAIL)
        return {"weights": weights}

    def tell(message):
        params = params_from_weights(message["weights"], n)
        study.add_trial(create_trial(params=params, distributions=space, value=float(message["value"])))
        return {"ok": True}

    serve({"ask": ask, "tell": tell})


if __name__ == "__main__":
    main()
