"""scikit-learn surrogates as peers for `mixopt bench surrogates`.

Reads one JSON object on stdin:
  {"models": ["hgb", "gp"], "jobs": [{"seed": s, "train_x": [[...]], "train_y": [...], "tests": [[[...]], ...]}]}
and prints {"peer": "scikit-learn", "version": ..., "seeds": [...], "results": {model: [per job:
  {"seed": s, "fit_s": t, "predict_s": [t per test], "predictions": [[...] per test]}]}}.
Models: HistGradientBoostingRegressor with default settings, and GaussianProcessRegressor with a Matern-5/2
ARD kernel plus white noise (standardized targets, two optimizer restarts), each seeded with the job's seed.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel


def make_model(name, dims, seed):
    if name == "hgb":
        return HistGradientBoostingRegressor(random_state=seed)
    if name == "gp":
        kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern(length_scale=np.ones(dims), length_scale_bounds=(1e-2, 1e3), nu=2.5) \
            + WhiteKernel(1e-3, (1e-9, 1.0))
        return GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=2, random_state=seed)
    raise SystemExit(f"unknown model {name!r}")


def run(name, job):
    x = np.asarray(job["train_x"], dtype=float)
    y = np.asarray(job["train_y"], dtype=float)
    model = make_model(name, x.shape[1], job["seed"])
    start = time.perf_counter()
    model.fit(x, y)
    fit_s = time.perf_counter() - start
    predict_s, predictions = [], []
    for test in job["tests"]:
        t = np.asarray(test, dtype=float)
        start = time.perf_counter()
        p = model.predict(t)
        predict_s.append(time.perf_counter() - start)
        predictions.append(p.tolist())
    return {"seed": job["seed"], "fit_s": fit_s, "predict_s": predict_s, "predictions": predictions}


def main():
    request = json.load(sys.stdin)
    seeds = [job["seed"] for job in request["jobs"]]
    print(f"scikit-learn surrogates peer: seeds {seeds}", file=sys.stderr, flush=True)
    results = {name: [run(name, job) for job in request["jobs"]] for name in request["models"]}
    json.dump({"peer": "scikit-learn", "version": sklearn.__version__, "seeds": seeds, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
