#!/usr/bin/env bash
# How long the run command's demo takes end to end (issue 18; the README's "how long on 2 cores"): starts
# `bash infra/local/run.sh` on a free port with a bootstrap key of its own, polls the REST API until every demo study
# (the simulated pair and the proxy-training study) is Completed, prints the wall time of each (from run.sh's start,
# and from its submission to its completion as the API records them) and in all, then stops the service (SIGINT to
# run.sh's process group: what Ctrl+C does, which also stops and deletes its PostgreSQL and Azurite).
#   MIXOPT_DEMO_TIMEOUT   give up after this many seconds (default 3600)
# The demo campaign (a re-mix every two minutes) never completes and is not waited for.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

timeout_s=${MIXOPT_DEMO_TIMEOUT:-3600}
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key="boot_$(/usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
log=$(mktemp "${TMPDIR:-/tmp}/mixopt-demo-time.XXXXXX.log")
base="http://127.0.0.1:$port"

start=$(date +%s.%N)
# Its own session and process group, so stopping it reaches every process run.sh started.
MIXOPT_PORT=$port MIXOPT_BOOTSTRAP_KEY=$key setsid bash infra/local/run.sh >"$log" 2>&1 &
service=$!
stop() {
    if kill -0 "$service" 2>/dev/null; then
        kill -INT -- "-$service" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$service" 2>/dev/null || break; sleep 1; done
        kill -TERM -- "-$service" 2>/dev/null || true
        wait "$service" 2>/dev/null || true
    fi
}
trap stop EXIT
elapsed() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$start" "$(date +%s.%N)"; }

echo "demo time: run.sh on $base (log: $log), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
until curl -fsS "$base/health" >/dev/null 2>&1; do
    kill -0 "$service" 2>/dev/null || { echo "demo time: run.sh exited before the service answered; its log:" >&2; tail -30 "$log" >&2; exit 1; }
    (( $(elapsed) < timeout_s )) || { echo "demo time: no answer from $base/health after ${timeout_s} s" >&2; exit 1; }
    sleep 2
done
echo "demo time: service up after $(elapsed) s (deps check, build, services, host start)"

# The demo studies by name (web/MixOpt.Embedded/Demo): the simulated pair and the proxy-training study.
names='["demo: five-domain mixture (simulated)", "demo: five-domain mixture (simulated, default strategy)", "demo: proxy training on the demo corpus (builtin)"]'
declare -A done_at=()
while true; do
    studies=$(curl -fsS -H "X-Api-Key: $key" "$base/api/studies?name=demo&take=500" || echo '[]')
    report=$(NAMES="$names" /usr/bin/python3 -c '
import json, os, sys
wanted = json.loads(os.environ["NAMES"])
studies = {s["name"]: s for s in json.loads(sys.stdin.read() or "[]")}
for name in wanted:
    s = studies.get(name)
    print("\t".join([name, s["status"] if s else "not submitted", s.get("createdAt") or "" if s else "", (s.get("completedAt") or "") if s else ""]))
' <<<"$studies")
    pending=0
    while IFS=$'\t' read -r name status created completed; do
        if [[ $status == Completed ]]; then
            if [[ -z ${done_at[$name]:-} ]]; then
                done_at[$name]=$(elapsed)
                own=$(/usr/bin/python3 -c 'import sys, datetime as d; p = d.datetime.fromisoformat; print(f"{(p(sys.argv[2]) - p(sys.argv[1])).total_seconds():.0f}")' "$created" "$completed")
                echo "demo time: '$name' Completed at $(elapsed) s after run.sh started; submitted to completed: $own s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
            fi
        elif [[ $status == Failed || $status == Cancelled ]]; then
            echo "demo time: '$name' ended $status" >&2; exit 1
        else
            pending=$((pending + 1))
        fi
    done <<<"$report"
    (( pending == 0 )) && break
    kill -0 "$service" 2>/dev/null || { echo "demo time: run.sh exited before the demo completed; its log:" >&2; tail -30 "$log" >&2; exit 1; }
    (( $(elapsed) < timeout_s )) || { echo "demo time: not completed after ${timeout_s} s:" >&2; echo "$report" >&2; exit 1; }
    sleep 5
done
echo "demo time: every demo study Completed $(elapsed) s after run.sh started (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
