"""Worked example: an Optuna study whose mixtures MixOpt proposes (MixOptSampler), on a made-up loss.

    /usr/bin/python3 optuna_example.py --url http://127.0.0.1:5080 --key mxo_... --trials 20

Prints the best trial, then "OPTUNA OK <MixOpt study id> <best value>" for scripts (and the tests).
"""

import argparse
import json

import optuna

from mixopt_optuna import MixOptSampler

DOMAINS = ["web", "code", "books"]


def made_up_loss(mixture):
    """Stands in for training a proxy on the mixture: best near web 0.5, code 0.3, books 0.2."""
    ideal = {"web": 0.5, "code": 0.3, "books": 0.2}
    return 2.5 + 4.0 * sum((mixture[d] - ideal[d]) ** 2 for d in DOMAINS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--strategy", default="random")
    args = parser.parse_args()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = MixOptSampler(args.url, args.key, domains=DOMAINS, runs=args.trials, strategy=args.strategy,
                            name="optuna-example", seed=7)
    study = optuna.create_study(direction="minimize", sampler=sampler)
    study.optimize(lambda trial: made_up_loss({d: trial.suggest_float(d, 0.0, 1.0) for d in DOMAINS}), n_trials=args.trials)

    best = study.best_trial
    print(f"best trial {best.number}: value {best.value!r}, mixture {json.dumps(best.params)}")
    print(f"OPTUNA OK {sampler.study_id} {best.value!r}")


if __name__ == "__main__":
    main()
