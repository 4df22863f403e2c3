"""Optuna sampler backed by MixOpt: keep your Optuna study, let MixOpt choose the data mixtures.

    import optuna
    from mixopt_optuna import MixOptSampler

    sampler = MixOptSampler("http://127.0.0.1:5080", "mxo_...", domains=["web", "code", "books"], runs=50)
    study = optuna.create_study(direction="minimize", sampler=sampler)   # the one line that changes

    def objective(trial):
        mixture = {d: trial.suggest_float(d, 0.0, 1.0) for d in ["web", "code", "books"]}   # sums to 1
        return train_and_evaluate(mixture)

    study.optimize(objective, n_trials=50)

Each trial leases the next run of a MixOpt study (executor "external", created on the first trial unless
study_id is given) over ask/tell, so every suggest_float named after a domain returns that run's proportion; when
the trial ends its value is reported as the run's result (a failed or pruned trial reports a failure). MixOpt's
strategy (bo, mfbo, regmix, ...) therefore proposes the mixtures, and its run table, recommendation and dashboard
hold the study as usual. Parameters that are not domains are sampled by `fallback` (Optuna's RandomSampler by default).
Needs Python's standard library, Optuna and mixopt_client.py beside this file.
"""

import time

import optuna
from optuna.distributions import FloatDistribution
from optuna.samplers import BaseSampler, RandomSampler
from optuna.study import StudyDirection
from optuna.trial import TrialState

from mixopt_client import FINISHED, MixOpt


class MixOptSampler(BaseSampler):
    """An Optuna sampler whose domain parameters come from MixOpt's runs (see the module's docstring)."""

    def __init__(self, url, api_key, domains, runs=100, strategy="auto", strategy_options=None, name="optuna",
                 metric="value", study_id=None, worker="optuna", seed=0, lease_seconds=3600, wait_seconds=600,
                 fallback=None, client=None):
        if len(domains) < 2:
            raise ValueError("a mixture needs at least two domains")
        self.client = client or MixOpt(url, api_key)
        self.domains = list(domains)
        self.runs = runs
        self.strategy = strategy
        self.strategy_options = strategy_options
        self.name = name
        self.metric = metric
        self.study_id = study_id
        self.worker = worker
        self.seed = seed
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds
        self.fallback = fallback or RandomSampler(seed=seed)
        self._leases = {}  # Optuna trial id -> the MixOpt run it trains

    # ---- the MixOpt study ----
    def _ensure_study(self, study):
        if self.study_id is not None:
            return self.study_id
        direction = "maximize" if study.direction == StudyDirection.MAXIMIZE else "minimize"
        spec = {
            "name": self.name,
            "domains": [{"name": d} for d in self.domains],
            "objective": {"metric": self.metric, "direction": direction},
            "budget": {"runs": self.runs, "parallelism": 1},
            "strategy": self.strategy,
            "executor": "external",
            "seed": self.seed,
        }
        if self.strategy_options:
            spec["strategyOptions"] = self.strategy_options
        self.study_id = self.client.create_study(spec)["id"]
        return self.study_id

    def _lease(self, study, trial):
        if trial._trial_id in self._leases:
            return self._leases[trial._trial_id]
        study_id = self._ensure_study(study)
        deadline = time.monotonic() + self.wait_seconds
        while True:
            lease = self.client.lease(study_id, worker=self.worker, lease_seconds=self.lease_seconds)
            if lease is not None:
                break
            status = self.client.study(study_id)["status"]
            if status in FINISHED:
                raise RuntimeError(f"MixOpt study {study_id} is {status}: its run budget is spent, run no more trials")
            if time.monotonic() > deadline:
                raise TimeoutError(f"MixOpt study {study_id} proposed no run within {self.wait_seconds} s")
            time.sleep(0.2)
        self._leases[trial._trial_id] = lease
        # Where the trial's mixture came from, for whoever reads the Optuna study later.
        study._storage.set_trial_system_attr(trial._trial_id, "mixopt:study_id", study_id)
        study._storage.set_trial_system_attr(trial._trial_id, "mixopt:run_id", lease["runId"])
        return lease

    # ---- BaseSampler ----
    def infer_relative_search_space(self, study, trial):
        return {d: FloatDistribution(0.0, 1.0) for d in self.domains}

    def sample_relative(self, study, trial, search_space):
        if not search_space:
            return {}
        mixture = self._lease(study, trial)["mixture"]
        return {d: float(mixture[d]) for d in search_space if d in mixture}

    def sample_independent(self, study, trial, param_name, param_distribution):
        if param_name in self.domains:
            # The objective asked for the domain with other bounds than [0, 1]: it still gets the run's proportion.
            return float(self._lease(study, trial)["mixture"][param_name])
        return self.fallback.sample_independent(study, trial, param_name, param_distribution)

    def after_trial(self, study, trial, state, values):
        lease = self._leases.pop(trial._trial_id, None)
        if lease is None:
            return
        if state == TrialState.COMPLETE and values:
            self.client.report(lease, metrics={self.metric: float(values[0])})
        else:
            self.client.report_failure(lease, f"Optuna trial {trial.number} ended {state.name}")

    def reseed_rng(self):
        self.fallback.reseed_rng()
