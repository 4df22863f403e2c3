"""Worked example: an external trainer re-weighted by Aioli while it trains (strategy aioli, executor external).

    /usr/bin/python3 aioli_example.py --url http://127.0.0.1:5080 --key mxo_...

It submits an aioli study, leases its one run, and loops: post the per-domain validation losses (step 0 first), train
the answered number of steps on the answered proportions, post again, ... until the server says keepGoing false; then
reports the run's result and prints the proportion trajectory and the recommended mixture. A made-up linear law stands
in for training (training on "web" helps every domain), so the example needs no GPU and no data.
"""

import argparse
import sys
import time

from mixopt_client import MixOpt

DOMAINS = ["web", "code", "books"]
# Per step, domain j's loss falls by sum_i LAW[j][i] * p_i.
LAW = [[0.02, 0.0, 0.0], [0.01, 0.004, 0.0], [0.01, 0.0, 0.002]]
TOTAL_STEPS = 60


def train(losses, proportions, steps):
    """Stands in for `steps` optimizer steps on batches drawn with `proportions`; returns the new validation losses."""
    p = [proportions[d] for d in DOMAINS]
    for _ in range(steps):
        losses = {d: losses[d] - sum(LAW[j][i] * p[i] for i in range(len(DOMAINS))) for j, d in enumerate(DOMAINS)}
    return losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()

    mixopt = MixOpt(args.url, args.key)
    study = mixopt.create_study({
        "name": "python-aioli-example",
        "domains": [{"name": d} for d in DOMAINS],
        "objective": {"metric": "loss:mean", "direction": "minimize"},
        "constraints": {"max": {"web": 0.6}},
        "budget": {"runs": 1, "parallelism": 1},
        "strategy": "aioli",
        "strategyOptions": {"rounds": 3, "probeSteps": 2, "stepSize": 0.5},
        "executor": "external",
        "seed": 7,
    })
    print(f"study {study['id']} submitted")

    run = None
    deadline = time.time() + 60
    while run is None and time.time() < deadline:
        run = mixopt.lease(study["id"], worker="python-aioli", lease_seconds=300)
        if run is None:
            time.sleep(0.2)
    if run is None:
        print("no run was leased", file=sys.stderr)
        return 1

    losses = {d: 5.0 for d in DOMAINS}
    step = 0
    answer = mixopt.post_round(run, step, TOTAL_STEPS, losses, tokens_seen=0, proportions=run["mixture"])
    while answer["keepGoing"]:
        losses = train(losses, answer["proportions"], answer["steps"])
        step = answer["untilStep"]
        # (a real trainer also heartbeats the lease while it trains)
        answer = mixopt.post_round(run, step, TOTAL_STEPS, losses, tokens_seen=step * 4096, proportions=answer["proportions"])
        if answer["phase"] == "train":
            print(f"round {answer['round']}: train {answer['steps']} steps on",
                  {d: round(w, 3) for d, w in answer["proportions"].items()})

    mixopt.report(run, metrics={f"loss:{d}": loss for d, loss in losses.items()}, seconds=0.01)
    trajectory = mixopt.rounds(run)
    recommendation = None
    deadline = time.time() + 60
    while recommendation is None and time.time() < deadline:
        if mixopt.study(study["id"])["status"] == "Completed":
            recommendation = mixopt.recommendation(study["id"])
        if recommendation is None:
            time.sleep(0.2)
    print("trajectory (web):", [round(r["proportions"]["web"], 3) for r in trajectory["rounds"]])
    if recommendation is None or len(trajectory["rounds"]) != 3 or step != TOTAL_STEPS:
        print("the study did not complete as expected", file=sys.stderr)
        return 1
    print("recommended mixture:", {d: round(w, 3) for d, w in recommendation["mixture"].items()}, f"({recommendation['basis']})")
    print(f"EXAMPLE OK {study['id']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
