"""Worked example: an external "trainer" drives a MixOpt study through ask/tell, training nothing.

    /usr/bin/python3 example.py --url http://127.0.0.1:5080 --key mxo_...

It submits a study with the external executor, then loops: lease a run, pretend to train the proxy (a made-up
loss landscape stands in for training, with a heartbeat half way), report the metrics with the loss curve,
until the study's budget is spent; then prints the recommended mixture and the best-so-far-vs-cost series.
"""

import argparse
import math
import sys
import time

from mixopt_client import FINISHED, MixOpt

DOMAINS = ["web", "code", "books", "math"]


def pretend_to_train(mixture, fidelity):
    """Stands in for a proxy training run: per-domain validation losses that are best near a known mixture."""
    ideal = {"web": 0.4, "code": 0.3, "books": 0.2, "math": 0.1}
    distance = sum((mixture[d] - ideal[d]) ** 2 for d in DOMAINS)
    losses = {f"loss:{d}": 2.4 + 0.2 * i + 4.0 * distance + 0.3 * (1.0 - fidelity) for i, d in enumerate(DOMAINS)}
    curve = [round(10.0 * math.exp(-step / 3.0) + losses["loss:web"], 4) for step in range(8)]
    return losses, curve


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()

    mixopt = MixOpt(args.url, args.key)
    study = mixopt.create_study({
        "name": "python-example",
        "domains": [{"name": d, "tokens": 1_000_000} for d in DOMAINS],
        "objective": {"metric": "loss:mean", "direction": "minimize"},
        "fidelities": [{"name": "small", "value": 0.25, "cost": 1}, {"name": "target", "value": 1, "cost": 4}],
        "budget": {"runs": args.runs, "parallelism": 2},
        "strategy": "random",
        "executor": "external",
        "seed": 42,
    })
    print(f"study {study['id']} submitted ({study['runBudget']} runs)")

    # A run made before MixOpt existed: a warm start the strategy learns from.
    natural = {"web": 0.55, "code": 0.2, "books": 0.15, "math": 0.1}
    mixopt.record_run(study["id"], natural, pretend_to_train(natural, 1.0)[0], fidelity=1)

    reported = 0
    deadline = time.time() + 120
    while time.time() < deadline:
        run = mixopt.lease(study["id"], worker="python-example", lease_seconds=120)
        if run is None:
            if mixopt.study(study["id"])["status"] in FINISHED:
                break
            time.sleep(0.2)
            continue
        losses, curve = pretend_to_train(run["mixture"], run["fidelity"])
        mixopt.heartbeat(run)  # a real trainer heartbeats every so often while it trains
        result = mixopt.report(run, metrics=losses, seconds=0.01, loss_curve=curve)
        mixopt.report(run, metrics=losses, seconds=0.01, loss_curve=curve)  # a retry is harmless
        reported += 1
        print(f"run {run['ordinal']} at fidelity {run['fidelity']}: objective {result['objective']:.4f}")

    final = mixopt.study(study["id"])
    recommendation = mixopt.recommendation(study["id"])
    progress = mixopt.progress(study["id"])
    print(f"status {final['status']}, {reported} runs reported")
    print("recommended mixture:", {d: round(w, 3) for d, w in recommendation["mixture"].items()},
          f"predicted {recommendation['predicted']:.4f} ± {recommendation['stdDev']:.4f} ({recommendation['basis']})")
    print("best so far vs cost:", [(p["cumulativeCost"], round(p["bestSoFar"], 4)) for p in progress])
    if final["status"] != "Completed" or reported != args.runs:
        print("the study did not complete as expected", file=sys.stderr)
        return 1
    print(f"EXAMPLE OK {study['id']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
