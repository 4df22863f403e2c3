#!/usr/bin/env bash
# Installs what MixOpt's run and test commands need on a fresh Debian 12 machine that has the .NET SDK:
# PostgreSQL 15, Node.js/npm (for Azurite), and, with --test, Chromium (dashboard tests), patchelf (the
# TorchSharp libstdc++ fix), docker-compose (static check of docker-compose.yml) and the Python peers.
# Idempotent and quiet when everything is already there. Needs root (or sudo) only to install packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

packages=(postgresql-15 nodejs npm patchelf g++)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium docker-compose python3-sklearn python3-optuna python3-torch libopenblas0-pthread)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with Node.js from elsewhere (e.g. NodeSource); only ask for Debian's when there is none.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]:-}"

if ((${#missing[@]} > 0)); then
  echo "==> Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Azurite and Redocly CLI (the OpenAPI linter of the tests), at the versions pinned by infra/local/package-lock.json.
if [[ ! -x "$here/node_modules/.bin/azurite-blob" || ! -x "$here/node_modules/.bin/redocly" ]]; then
  echo "==> Installing Azurite and Redocly CLI (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The dashboard's small plotly.js (web/plotly-bundle, pinned by its package-lock.json; the web build also makes it).
if [[ ! -f "$here/../../web/MixOpt.Web/wwwroot/lib/plotly/plotly-mixopt.min.js" ]]; then
  echo "==> Building the dashboard's plotly.js bundle (npm ci + esbuild)"
  bash "$here/plotly-bundle.sh" >/dev/null
fi

# NSwag (the tests generate a C# client from the OpenAPI document), at the version pinned by .config/dotnet-tools.json.
if [[ "${1:-}" == "--test" ]]; then
  (cd "$here/../.." && dotnet tool restore >/dev/null)
fi
