#!/usr/bin/env bash
# Several instances on one machine: PostgreSQL, two published portal instances and nginx, all on loopback, in the
# foreground. Ctrl-C or SIGTERM stops everything this script started. See README.md, "Several instances".
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
pg_bin=/usr/lib/postgresql/15/bin
nginx_bin=/usr/sbin/nginx
state=${BP_CLUSTER_DIR:-$repo/deploy/.cluster}   # private: data, keys, logs, the published build
# --outbox-page: a tester reads demo codes at https://127.0.0.1:PORT/dev/outbox (loopback clients only). Off by default.
outbox_page=false
for arg in "$@"; do
  case "$arg" in
    --outbox-page) outbox_page=true ;;
    *) echo "usage: $0 [--outbox-page]" >&2; exit 2 ;;
  esac
done

missing=()
[ -x "$pg_bin/initdb" ] || missing+=(postgresql)
[ -x "$nginx_bin" ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pids=()
stopping=0
stop_all() {
  [ "$stopping" = 1 ] && return; stopping=1
  echo "Stopping the cluster"
  # Instances first (SIGTERM: they finish what is in flight), then nginx, then PostgreSQL.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$state/pgdata/postmaster.pid" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$state/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  while :; do port=$((20000 + RANDOM % 40000)); port_in_use "$port" || { echo "$port"; return; }; done
}

mkdir -p "$state/logs" "$state/nginx"
chmod 700 "$state"
# PostgreSQL runs as the postgres user (initdb refuses root): it owns its data folder and socket folder only.
if [ ! -f "$state/pgdata/PG_VERSION" ]; then
  mkdir -p "$state/pgdata" && chown postgres:postgres "$state/pgdata"
  chmod 711 "$state"   # let postgres reach its folder; the rest stays root's
  runuser -u postgres -- "$pg_bin/initdb" -D "$state/pgdata" -U postgres -A trust -E UTF8 --locale=C >"$state/logs/initdb.log"
fi
chmod 711 "$state"
mkdir -p "$state/pgsocket" "$state/logs/postgres" && chown postgres:postgres "$state/pgsocket" "$state/logs/postgres"
pg_port=$(free_port)
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$state/pgdata" -l "$state/logs/postgres/server.log" -w -t 60 start \
  -o "-p $pg_port -k $state/pgsocket -c listen_addresses=127.0.0.1" >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1 \
  || "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE portal" >/dev/null

# One build for both instances.
echo "Publishing the portal (once)"
dotnet publish BackupifyPortal -c Release -o "$state/publish" -v q --nologo >"$state/logs/publish.log" 2>&1 \
  || { cat "$state/logs/publish.log"; exit 1; }

# A certificate for 127.0.0.1, made once: nginx and both instances serve HTTPS with it (the portal is HTTPS-only outside Development).
if [ ! -f "$state/tls.key" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$state/tls.key" -out "$state/tls.crt" 2>/dev/null
fi
# One code hash key for both instances (codes and email keys hash the same everywhere), kept across runs.
[ -f "$state/hash.key" ] || openssl rand -base64 32 >"$state/hash.key"

nginx_port=$(free_port); i1_port=$(free_port); i2_port=$(free_port)
while [ "$i2_port" = "$i1_port" ] || [ "$i2_port" = "$nginx_port" ]; do i2_port=$(free_port); done
while [ "$i1_port" = "$nginx_port" ]; do i1_port=$(free_port); done

start_instance() { # number port
  ( cd "$state/publish" && exec env \
      ASPNETCORE_ENVIRONMENT=Production \
      Database__Provider=Postgres \
      ConnectionStrings__Portal="Host=127.0.0.1;Port=$pg_port;Database=portal;Username=postgres" \
      Demo__Seed=true \
      Outbox__Mode=Database \
      Outbox__Page=$outbox_page \
      Phone__HashKey="$(cat "$state/hash.key")" \
      Portal__PublicBaseUrl="https://127.0.0.1:$nginx_port" \
      ForwardedHeaders__KnownProxies=127.0.0.1 \
      Shutdown__DrainDelay=00:00:02 \
      Kestrel__Certificates__Default__Path="$state/tls.crt" \
      Kestrel__Certificates__Default__KeyPath="$state/tls.key" \
      dotnet BackupifyPortal.dll --urls "https://127.0.0.1:$2" ) >"$state/logs/instance$1.log" 2>&1 &
  pids+=($!)
}
start_instance 1 "$i1_port"
start_instance 2 "$i2_port"

# nginx from deploy/nginx.conf.template (WebSockets, cookie-hash stickiness; the tests render the same file).
mkdir -p "$state/nginx/temp"
sed -e "s|@PREFIX@|$state/nginx|g" -e "s|@LOGS@|$state/logs|g" -e "s|@LISTEN@|127.0.0.1:$nginx_port|g" \
    -e "s|@BACKEND1@|127.0.0.1:$i1_port|g" -e "s|@BACKEND2@|127.0.0.1:$i2_port|g" \
    -e "s|@CERT@|$state/tls.crt|g" -e "s|@KEY@|$state/tls.key|g" deploy/nginx.conf.template >"$state/nginx/nginx.conf"
"$nginx_bin" -t -p "$state/nginx" -c "$state/nginx/nginx.conf" >"$state/logs/nginx-test.log" 2>&1 \
  || { cat "$state/logs/nginx-test.log"; exit 1; }
"$nginx_bin" -p "$state/nginx" -c "$state/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)

ready() { curl -ksf -o /dev/null --max-time 2 "https://127.0.0.1:$1/readyz"; }
for _ in $(seq 1 240); do
  if ready "$i1_port" && ready "$i2_port" && ready "$nginx_port"; then
    echo "nginx: https://127.0.0.1:$nginx_port"
    echo "instance 1: https://127.0.0.1:$i1_port"
    echo "instance 2: https://127.0.0.1:$i2_port"
    if [ "$outbox_page" = true ]; then echo "Demo codes and links (this machine only): https://127.0.0.1:$nginx_port/dev/outbox"; fi
    # Until Ctrl-C / SIGTERM, or until a part stops by itself.
    wait -n "${pids[@]}" || true
    # Ctrl-C reaches every part at once and nginx may exit first: let the INT trap stop the rest quietly.
    sleep 1
    echo "A part of the cluster stopped (logs: $state/logs)"
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A part of the cluster did not start (logs: $state/logs)"; tail -n 20 "$state"/logs/instance*.log; exit 1; }
  done
  sleep 0.5
done
echo "The cluster did not answer /readyz within 2 minutes (logs: $state/logs)"
exit 1
