#!/usr/bin/env bash
# The run command: MixOpt in one process (web/MixOpt.Embedded: web app + REST API + dashboard + an Orleans silo that
# trains) with a local PostgreSQL and Azurite started for it, and the demo studies. Ctrl+C stops everything and
# deletes the data (set MIXOPT_DATA_DIR=DIR to keep it). Extra arguments go to the web host, e.g. --Scheduler:Slots=8.
#   MIXOPT_PORT   dashboard/API port on 127.0.0.1 (default 5080)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bash infra/local/deps.sh
# shellcheck source=services.sh
source infra/local/services.sh
mixopt_start_services

port=${MIXOPT_PORT:-5080}
# An admin key for this session (Auth:BootstrapKey): sign in to the dashboard with it, or create real keys
# (`mixopt keys create`). Set MIXOPT_BOOTSTRAP_KEY to keep one across runs.
bootstrap_key=${MIXOPT_BOOTSTRAP_KEY:-$(/usr/bin/python3 -c 'import secrets; print("boot_" + secrets.token_urlsafe(32))')}
echo "==> Admin API key for this session (dashboard sign-in, X-Api-Key): $bootstrap_key"
echo "==> Building and starting MixOpt on http://127.0.0.1:$port (Ctrl+C to stop)"
dotnet build web/MixOpt.Embedded -c Release -v quiet -nologo -clp:ErrorsOnly
# The proxy-training demo trains the tiny shape on a corpus prepared beside the database, one libtorch thread
# per run so the silo stays responsive on small machines.
# Steps: DemoTrainingShape.Steps (1500), long enough that runs differ by their mixture more than by their seed
# (`mixopt bench demo` measures it; docs/BENCHMARKS.md).
dotnet run --project web/MixOpt.Embedded -c Release --no-build -- --demo --urls "http://127.0.0.1:$port" \
  --Training:ShardsPath="$mixopt_services_dir/demo-corpus" --MixOpt:DemoCampaignShards="$mixopt_services_dir/demo-campaign-corpus" --Training:Threads=1 --Training:Steps=1500 \
  --Auth:BootstrapKey="$bootstrap_key" "$@"
