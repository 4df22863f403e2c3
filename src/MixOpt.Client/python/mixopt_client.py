"""MixOpt REST client: one module, Python standard library only (urllib, json).

Drop this file next to a training script:

    from mixopt_client import MixOpt
    mixopt = MixOpt("http://127.0.0.1:5080", api_key="mxo_...")
    study = mixopt.create_study({...})
    while True:
        run = mixopt.lease(study["id"])
        if run is None:
            if mixopt.study(study["id"])["status"] in ("Completed", "Cancelled", "Failed"): break
            time.sleep(5); continue
        losses = train(run["mixture"], run["fidelity"])        # your code; heartbeat while it runs
        mixopt.report(run, metrics=losses, cost=..., loss_curve=[...])
    print(mixopt.recommendation(study["id"]))

Every error the server reports raises MixOptError with its HTTP status and problem details.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

FINISHED = ("Completed", "Cancelled", "Failed")


class MixOptError(Exception):
    """The server answered with a problem: .status, .title, .detail and .errors (field -> messages)."""

    def __init__(self, status, problem):
        self.status = status
        self.title = problem.get("title")
        self.detail = problem.get("detail")
        self.errors = problem.get("errors") or {}
        fields = "; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items())
        super().__init__(f"{status} {self.title}: {self.detail or ''} {fields}".strip())


class MixOpt:
    """A MixOpt server at base_url, called with api_key (header X-Api-Key)."""

    def __init__(self, base_url, api_key, timeout=60):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    # ---- studies ----
    def create_study(self, spec):
        """Submits a study spec (a dict with the JSON schema); returns the study."""
        return self._call("POST", "/api/studies", spec)

    def create_study_yaml(self, yaml_text):
        return self._call("POST", "/api/studies", yaml_text.encode("utf-8"), content_type="application/yaml")

    def study(self, study_id):
        return self._call("GET", f"/api/studies/{study_id}")

    def studies(self, status=None, strategy=None, name=None, skip=0, take=100):
        query = {"skip": skip, "take": take, "status": status, "strategy": strategy, "name": name}
        return self._call("GET", "/api/studies?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None}))

    def update_budget(self, study_id, runs=None, cost=None, parallelism=None):
        body = {k: v for k, v in {"runs": runs, "cost": cost, "parallelism": parallelism}.items() if v is not None}
        return self._call("PATCH", f"/api/studies/{study_id}/budget", body)

    def pause(self, study_id):
        return self._call("POST", f"/api/studies/{study_id}/pause")

    def resume(self, study_id):
        return self._call("POST", f"/api/studies/{study_id}/resume")

    def cancel(self, study_id):
        return self._call("POST", f"/api/studies/{study_id}/cancel")

    def delete(self, study_id):
        return self._call("DELETE", f"/api/studies/{study_id}")

    # ---- ask/tell ----
    def lease(self, study_id, worker=None, lease_seconds=None):
        """The next run to train ({runId, mixture, fidelity, leaseToken, leaseExpiresAt, ...}), or None when none is ready."""
        body = {k: v for k, v in {"worker": worker, "leaseSeconds": lease_seconds}.items() if v is not None}
        return self._call("POST", f"/api/studies/{study_id}/runs:lease", body)

    def heartbeat(self, run, lease_seconds=None):
        """Extends the run's lease; returns the new expiry. Raises MixOptError(409) when the lease is lost: stop training."""
        body = {"leaseToken": run["leaseToken"]}
        if lease_seconds is not None:
            body["leaseSeconds"] = lease_seconds
        return self._call("POST", f"/api/studies/{run['studyId']}/runs/{run['runId']}/heartbeat", body)["leaseExpiresAt"]

    def report(self, run, metrics, cost=None, seconds=None, loss_curve=None, idempotency_key=None):
        """Reports the run's result. Safe to retry: the default idempotency key is derived from the lease."""
        body = {"leaseToken": run["leaseToken"], "metrics": metrics}
        for key, value in (("cost", cost), ("seconds", seconds), ("lossCurve", loss_curve)):
            if value is not None:
                body[key] = value
        key = idempotency_key or "result-" + run["leaseToken"]
        return self._call("POST", f"/api/studies/{run['studyId']}/runs/{run['runId']}/result", body, headers={"Idempotency-Key": key})

    def report_failure(self, run, reason):
        return self._call("POST", f"/api/studies/{run['studyId']}/runs/{run['runId']}/failure", {"leaseToken": run["leaseToken"], "reason": reason})

    def post_round(self, run, step, total_steps, losses, tokens_seen=None, proportions=None):
        """In-run re-weighting (strategy aioli, executor external): reports the leased run's validation loss of every
        domain (domain -> loss) after `step` of `total_steps` steps (0 before training) and returns what to train next:
        {proportions, steps, untilStep, round, phase, keepGoing, roundsRecorded}. Safe to retry (same step, same losses)."""
        body = {"leaseToken": run["leaseToken"], "step": step, "totalSteps": total_steps, "losses": losses}
        if tokens_seen is not None:
            body["tokensSeen"] = tokens_seen
        if proportions is not None:
            body["proportions"] = proportions
        return self._call("POST", f"/api/studies/{run['studyId']}/runs/{run['runId']}/rounds", body)

    def rounds(self, run):
        """The run's recorded in-run trajectory ({method, rounds, recommended, note}); raises MixOptError(404) when it has none."""
        return self._call("GET", f"/api/studies/{run['studyId']}/runs/{run['runId']}/rounds")

    def record_run(self, study_id, mixture, metrics, fidelity=None, cost=None):
        """Records a run made before (warm start)."""
        body = {"mixture": mixture, "metrics": metrics}
        if fidelity is not None:
            body["fidelity"] = fidelity
        if cost is not None:
            body["cost"] = cost
        return self._call("POST", f"/api/studies/{study_id}/runs", body)

    # ---- reports, import/export ----
    def recommendation(self, study_id):
        """The current recommended mixture with predicted value and std dev, or None before any run succeeded."""
        try:
            return self._call("GET", f"/api/studies/{study_id}/recommendation")
        except MixOptError as e:
            if e.status == 409:
                return None
            raise

    def surrogates(self, study_id):
        return self._call("GET", f"/api/studies/{study_id}/surrogates")

    def progress(self, study_id):
        return self._call("GET", f"/api/studies/{study_id}/progress")

    def export(self, study_id, fmt="csv"):
        """The finished runs as text: csv, json, regmix-mixtures or regmix-metrics."""
        return self._call("GET", f"/api/studies/{study_id}/export?format={urllib.parse.quote(fmt)}", raw=True)

    def import_csv(self, study_id, csv_text):
        return self._call("POST", f"/api/studies/{study_id}/import?format=csv", csv_text.encode("utf-8"), content_type="text/csv")

    # ---- plumbing ----
    def _call(self, method, path, body=None, content_type="application/json", headers=None, raw=False):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body, allow_nan=False).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("X-Api-Key", self.api_key)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
                if response.status == 204 or not text:
                    return None
                return text if raw else json.loads(text)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", errors="replace")
            try:
                problem = json.loads(text)
            except ValueError:
                problem = {"title": e.reason, "detail": text}
            raise MixOptError(e.code, problem) from None
