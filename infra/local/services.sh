#!/usr/bin/env bash
# Sourced by run.sh and test.sh: starts a throwaway PostgreSQL 15 and Azurite on free loopback ports, waits
# until both answer, exports their connection strings (ConnectionStrings__Ledger, ConnectionStrings__Blobs)
# and stops both, deleting their data, when the calling shell exits.
#   MIXOPT_DATA_DIR=DIR  keep the data in DIR instead of a temp dir (and keep it on exit).

mixopt_pg_bin=/usr/lib/postgresql/15/bin
mixopt_services_dir=""
mixopt_keep_data=0

mixopt_free_port() {
  # Bind port 0 and read what the kernel chose; the port is free again once python exits.
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

mixopt_as_postgres() {
  # initdb and postgres refuse to run as root.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mixopt_wait_for() { # name, seconds, command...
  local name=$1 seconds=$2; shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "error: $name did not answer within ${seconds}s; its log follows:" >&2
  return 1
}

mixopt_stop_services() {
  set +e
  if [[ -n "${mixopt_azurite_pid:-}" ]]; then
    # Azurite waits for idle keep-alive connections on SIGTERM; give it 5 s, then end it.
    kill "$mixopt_azurite_pid" 2>/dev/null
    for _ in $(seq 1 25); do kill -0 "$mixopt_azurite_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$mixopt_azurite_pid" 2>/dev/null
    wait "$mixopt_azurite_pid" 2>/dev/null
  fi
  if [[ -n "$mixopt_services_dir" && -f "$mixopt_services_dir/pg/postmaster.pid" ]]; then
    mixopt_as_postgres "$mixopt_pg_bin/pg_ctl" -D "$mixopt_services_dir/pg" -m fast -w stop >/dev/null 2>&1
  fi
  if [[ -n "$mixopt_services_dir" && $mixopt_keep_data -eq 0 ]]; then rm -rf "$mixopt_services_dir"; fi
}

mixopt_start_services() {
  if [[ -n "${MIXOPT_DATA_DIR:-}" ]]; then
    mixopt_services_dir=$(realpath -m "$MIXOPT_DATA_DIR"); mixopt_keep_data=1
  else
    mixopt_services_dir=$(mktemp -d /tmp/mixopt-services.XXXXXX)
  fi
  mkdir -p "$mixopt_services_dir/blobs"
  chmod 755 "$mixopt_services_dir"
  trap mixopt_stop_services EXIT
  trap 'exit 130' INT TERM

  # PostgreSQL: a private cluster, trust auth on loopback only, socket in our own dir.
  local pg="$mixopt_services_dir/pg" pg_port
  pg_port=$(mixopt_free_port)
  if [[ ! -f "$pg/PG_VERSION" ]]; then
    mkdir -p "$pg"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pg"
    mixopt_as_postgres "$mixopt_pg_bin/initdb" -D "$pg" -U mixopt --auth=trust -E UTF8 --locale=C.UTF-8 >"$mixopt_services_dir/initdb.log" 2>&1 \
      || { cat "$mixopt_services_dir/initdb.log" >&2; return 1; }
  fi
  echo "==> Starting PostgreSQL 15 on 127.0.0.1:$pg_port"
  mixopt_as_postgres "$mixopt_pg_bin/pg_ctl" -D "$pg" -l "$pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg -c max_connections=300 -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$pg/server.log" >&2; return 1; }
  mixopt_wait_for PostgreSQL 30 "$mixopt_pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" || { cat "$pg/server.log" >&2; return 1; }
  /usr/bin/psql -h 127.0.0.1 -p "$pg_port" -U mixopt -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='mixopt'" 2>/dev/null | grep -q 1 \
    || /usr/bin/psql -h 127.0.0.1 -p "$pg_port" -U mixopt -d postgres -qc "CREATE DATABASE mixopt" >/dev/null
  export MIXOPT_POSTGRES_PORT=$pg_port
  export ConnectionStrings__Ledger="Host=127.0.0.1;Port=$pg_port;Username=mixopt;Database=mixopt"

  # Azurite: Blob service only, data beside the database.
  local blob_port here
  blob_port=$(mixopt_free_port)
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  echo "==> Starting Azurite (Blob) on 127.0.0.1:$blob_port"
  "$here/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$mixopt_services_dir/blobs" \
    --skipApiVersionCheck --loose --silent >"$mixopt_services_dir/azurite.log" 2>&1 &
  mixopt_azurite_pid=$!
  mixopt_wait_for Azurite 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$blob_port" || { cat "$mixopt_services_dir/azurite.log" >&2; return 1; }
  # Azurite's well-known development account (public, documented; not a secret).
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export MIXOPT_AZURITE_PORT=$blob_port
  export ConnectionStrings__Blobs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
}
