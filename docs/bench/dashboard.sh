#!/usr/bin/env bash
# Dashboard benchmark (issue 18): a study of 10,000 finished runs; time until its page is interactive in Chromium and
# server memory per open page (circuit). Prints one line "dashboard bench: ...". Not a timed test: it is skipped in
# the ordinary test run and asserts only what the page shows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rm -f "${TMPDIR:-/tmp}/mixopt-dashboard-bench.txt"
MIXOPT_BENCH_DASHBOARD=1 bash infra/local/test.sh --filter "FullyQualifiedName~MixOpt.IntegrationTests.DashboardBenchmark" | tail -1
cat "${TMPDIR:-/tmp}/mixopt-dashboard-bench.txt"
