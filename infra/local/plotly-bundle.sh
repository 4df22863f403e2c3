#!/usr/bin/env bash
# Builds the dashboard's small plotly.js (web/plotly-bundle: only the trace types its pages draw) into
# web/MixOpt.Web/wwwroot/lib/plotly/ from the pinned, lockfile-backed npm packages (npm ci). Not committed: run by the
# MixOpt.Web build (when the bundle is missing or older than its inputs), deps.sh, run.sh and the Dockerfile. Without
# it the dashboard loads Plotly.Blazor's full plotly.js (docs/DASHBOARD.md). Needs Node.js/npm and the npm registry
# (or its cache) on the first run.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../web/plotly-bundle" && pwd)"
cd "$dir"
if ! command -v npm >/dev/null 2>&1; then
  echo "plotly-bundle: npm not found; the dashboard will load Plotly.Blazor's full plotly.js" >&2
  exit 1
fi
# npm ci only when the installed packages are not the lockfile's (npm writes node_modules/.package-lock.json).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi
node build.mjs
