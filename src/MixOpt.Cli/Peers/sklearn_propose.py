"""scikit-learn doing the proposal path, as the peer of `mixopt bench propose`.

Reads {"seed", "train_x", "train_y", "candidates", "gp_candidates", "batch", "repeats", "minimize"} on stdin and
prints {"peer", "version", "seed", "hgb_fit_score_s", "gp_batch_s"} (medians over repeats) on stdout.
- hgb_fit_score_s: fit HistGradientBoostingRegressor on the observations and score `candidates` mixtures.
- gp_batch_s: fit a Matern-5/2 ARD GaussianProcessRegressor, then pick a batch greedily: expected improvement
  on `gp_candidates` random mixtures, take the best, add it with its predicted mean as if observed (kriging
  believer, refit with the kernel held fixed), repeat `batch` times.
Candidate mixtures are flat-Dirichlet draws made before the clock starts.
"""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from scipy.stats import norm
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel


def gp_model(dims, seed, kernel=None):
    if kernel is None:
        kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern(length_scale=np.ones(dims), length_scale_bounds=(1e-2, 1e3), nu=2.5) \
            + WhiteKernel(1e-3, (1e-9, 1.0))
        return GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=2, random_state=seed)
    return GaussianProcessRegressor(kernel=kernel, normalize_y=True, optimizer=None, random_state=seed)


def expected_improvement(mean, std, best, minimize):
    std = np.maximum(std, 1e-12)
    improvement = (best - mean) if minimize else (mean - best)
    z = improvement / std
    return improvement * norm.cdf(z) + std * norm.pdf(z)


def gp_batch(x, y, candidates, batch, seed, minimize):
    model = gp_model(x.shape[1], seed)
    model.fit(x, y)
    xs, ys = x.copy(), y.copy()
    chosen = []
    for _ in range(batch):
        mean, std = model.predict(candidates, return_std=True)
        ei = expected_improvement(mean, std, ys.min() if minimize else ys.max(), minimize)
        ei[chosen] = -np.inf
        pick = int(np.argmax(ei))
        chosen.append(pick)
        xs = np.vstack([xs, candidates[pick]])
        ys = np.append(ys, mean[pick])
        model = gp_model(x.shape[1], seed, model.kernel_)
        model.fit(xs, ys)
    return chosen


def main():
    request = json.load(sys.stdin)
    seed = int(request["seed"])
    print(f"scikit-learn propose peer: seed {seed}", file=sys.stderr, flush=True)
    rng = np.random.default_rng(seed)
    x = np.asarray(request["train_x"], dtype=float)
    y = np.asarray(request["train_y"], dtype=float)
    dims = x.shape[1]
    candidates = rng.dirichlet(np.ones(dims), size=int(request["candidates"]))
    gp_candidates = rng.dirichlet(np.ones(dims), size=int(request["gp_candidates"]))

    hgb, gp = [], []
    for r in range(int(request["repeats"])):
        start = time.perf_counter()
        HistGradientBoostingRegressor(random_state=seed + r).fit(x, y).predict(candidates)
        hgb.append(time.perf_counter() - start)
        start = time.perf_counter()
        gp_batch(x, y, gp_candidates, int(request["batch"]), seed + r, bool(request["minimize"]))
        gp.append(time.perf_counter() - start)
    json.dump({"peer": "scikit-learn", "version": sklearn.__version__, "seed": seed,
               "hgb_fit_score_s": statistics.median(hgb), "gp_batch_s": statistics.median(gp)}, sys.stdout)


if __name__ == "__main__":
    main()
