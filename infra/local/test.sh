#!/usr/bin/env bash
# The test command: installs what the tests need, starts a throwaway PostgreSQL and Azurite, runs every test
# project of MixOpt.sln against them, and prints one line "N passed, N failed, N skipped" computed from the
# TRX result files. Exits non-zero if any test failed or none ran. Extra arguments go to `dotnet test`
# (e.g. --filter "FullyQualifiedName~Ledger").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bash infra/local/deps.sh --test
# shellcheck source=services.sh
source infra/local/services.sh
mixopt_start_services

results="$root/TestResults"
rm -rf "$results"
echo "==> Building"
dotnet build MixOpt.sln -c Release -v quiet -nologo -clp:ErrorsOnly
echo "==> Testing"
status=0
dotnet test MixOpt.sln -c Release --no-build -v quiet -nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

/usr/bin/python3 infra/local/trx_summary.py "$results" || status=1
exit "$status"
