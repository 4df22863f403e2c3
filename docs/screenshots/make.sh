#!/usr/bin/env bash
# Regenerates the dashboard screenshots in this folder (studies, study, run, compare, new-study, workers) from seeded
# simulated studies, with a throwaway PostgreSQL and Azurite and Debian's Chromium. About two minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
MIXOPT_SCREENSHOTS=1 bash infra/local/test.sh --filter "FullyQualifiedName~MixOpt.IntegrationTests.DashboardScreenshots"
