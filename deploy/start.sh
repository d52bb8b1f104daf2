#!/usr/bin/env bash
# Start the production profile on this host (README: "Production profile"):
#   PostgreSQL   conversations (tracker store) and the knowledge base + feedback
#   Redis        conversation locks shared by the Rasa servers (bot/lock_store.py)
#   RASA_REPLICAS Rasa servers and ACTIONS_REPLICAS actions servers on loopback ports
#   nginx        in front of both: PUBLIC_PORT for clients, an internal port for actions
# PostgreSQL and Redis are started here (throwaway, in PROFILE_DIR) unless existing ones
# are given: TRACKER_URL (with TRACKER_DB/USER/PASSWORD) and LEGAL_DB_URL for PostgreSQL,
# LOCK_STORE_HOST (with LOCK_STORE_PORT/DB/PASSWORD) for Redis.
# Everything runs in the background; state, logs and PIDs live in PROFILE_DIR (default: a
# new temporary directory) and `deploy/stop.sh PROFILE_DIR` stops it all. If anything
# fails to start, everything started so far is stopped. At the end PROFILE_DIR/profile.env
# holds the addresses and settings (shell syntax, readable by root only).
set -euo pipefail
cd "$(dirname "$0")/.."

external_postgres="${TRACKER_URL:-}"
external_redis="${LOCK_STORE_HOST:-}"
source scripts/env.sh
PY="$VENV/bin/python"
RASA_REPLICAS="${RASA_REPLICAS:-2}"
ACTIONS_REPLICAS="${ACTIONS_REPLICAS:-2}"
START_TIMEOUT="${START_TIMEOUT:-600}"
MODEL="${MODEL:-models/assistant.tar.gz}"
PROFILE_DIR="${PROFILE_DIR:-$(mktemp -d /tmp/assistant-profile.XXXXXX)}"
mkdir -p "$PROFILE_DIR"/{logs,pids,nginx-tmp}
PROFILE_DIR=$(cd "$PROFILE_DIR" && pwd)
chmod 755 "$PROFILE_DIR"  # PostgreSQL (user postgres) and nginx's workers reach their parts

started=no
on_exit() {
  if [ "$started" != yes ]; then
    echo "error: the production profile did not start; stopping what was started (logs: $PROFILE_DIR/logs)" >&2
    bash deploy/stop.sh "$PROFILE_DIR" >&2 || true
  fi
}
trap on_exit EXIT

# pick_port NAME: a free loopback port, never one handed out before by this script (ports are
# picked before the servers bind them, so two picks in a row could otherwise coincide).
handed_out=" ${PUBLIC_PORT:-} ${ACTIONS_PROXY_PORT:-} "
pick_port() {
  local candidate
  while :; do
    candidate=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    [[ $handed_out == *" $candidate "* ]] || break
  done
  handed_out+="$candidate "
  printf -v "$1" '%s' "$candidate"
}
secret() {
  "$PY" -c 'import secrets; print(secrets.token_hex(16))'
}

# A throwaway PostgreSQL cluster in PROFILE_DIR/postgres, run as the `postgres` user when
# we are root (PostgreSQL refuses to run as root).
start_postgres() {
  local bin dir="$PROFILE_DIR/postgres" as_owner=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ ! -x "$bin/initdb" ]; then
    echo "error: PostgreSQL not found (Debian: apt-get install postgresql)" >&2
    return 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    as_owner=(runuser -u postgres --)
  fi
  local port password
  pick_port port
  password=$(secret)
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$PROFILE_DIR/logs/initdb.log"
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" >/dev/null
  head -n 1 "$dir/data/postmaster.pid" >"$PROFILE_DIR/pids/postgres.pid"
  (cd "$dir" && "${as_owner[@]}" "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -v password="$password") <<'SQL'
CREATE ROLE assistant LOGIN PASSWORD :'password';
CREATE DATABASE tracker OWNER assistant;
CREATE DATABASE legal OWNER assistant;
SQL
  TRACKER_URL="127.0.0.1:$port" TRACKER_DB=tracker TRACKER_USER=assistant TRACKER_PASSWORD="$password"
  LEGAL_DB_URL="postgresql://assistant:$password@127.0.0.1:$port/legal"
}

# A throwaway Redis on a loopback port, with a password and no persistence (locks are
# short-lived).
start_redis() {
  pick_port LOCK_STORE_PORT
  LOCK_STORE_HOST=127.0.0.1 LOCK_STORE_DB=1 LOCK_STORE_PASSWORD=$(secret)
  (umask 077 && cat >"$PROFILE_DIR/redis.conf" <<EOF
bind 127.0.0.1
port $LOCK_STORE_PORT
requirepass $LOCK_STORE_PASSWORD
save ""
appendonly no
daemonize yes
pidfile $PROFILE_DIR/pids/redis.pid
logfile $PROFILE_DIR/logs/redis.log
dir $PROFILE_DIR
EOF
  )
  redis-server "$PROFILE_DIR/redis.conf"
  for _ in $(seq 50); do
    REDISCLI_AUTH="$LOCK_STORE_PASSWORD" redis-cli -p "$LOCK_STORE_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.2
  done
  echo "error: Redis did not answer (see $PROFILE_DIR/logs/redis.log)" >&2
  return 1
}

# Run a server in the background in its own process group (deploy/stop.sh ends the group).
spawn() {
  local name=$1
  shift
  setsid "$@" >"$PROFILE_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$PROFILE_DIR/pids/$name.pid"
}

# Wait until every URL answers 200, failing early if its server exits.
wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT)) name url
  for name in "$@"; do
    url=${ready_url[$name]}
    until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
      if ! kill -0 "$(cat "$PROFILE_DIR/pids/$name.pid")" 2>/dev/null; then
        echo "error: $name exited; last lines of $PROFILE_DIR/logs/$name.log:" >&2
        tail -n 20 "$PROFILE_DIR/logs/$name.log" >&2
        return 1
      fi
      if [ $SECONDS -ge $deadline ]; then
        echo "error: $name not ready after ${START_TIMEOUT}s ($url)" >&2
        return 1
      fi
      sleep 1
    done
    echo "$name ready"
  done
}

if [ -n "$external_postgres" ]; then
  : "${LEGAL_DB_URL:?set LEGAL_DB_URL too when TRACKER_URL names an existing PostgreSQL}"
  TRACKER_DIALECT="${TRACKER_DIALECT:-postgresql}"
else
  start_postgres
  TRACKER_DIALECT=postgresql
fi
[ -n "$external_redis" ] || start_redis
LOCK_STORE_PORT="${LOCK_STORE_PORT:-6379}" LOCK_STORE_DB="${LOCK_STORE_DB:-1}" LOCK_STORE_PASSWORD="${LOCK_STORE_PASSWORD:-}"

[[ -n ${PUBLIC_PORT:-} ]] || pick_port PUBLIC_PORT
[[ -n ${ACTIONS_PROXY_PORT:-} ]] || pick_port ACTIONS_PROXY_PORT
RASA_API_TOKEN="${RASA_API_TOKEN:-$(secret)}"
export TRACKER_DIALECT TRACKER_URL TRACKER_DB TRACKER_USER TRACKER_PASSWORD LEGAL_DB_URL \
  LOCK_STORE_HOST LOCK_STORE_PORT LOCK_STORE_DB LOCK_STORE_PASSWORD
export ACTION_ENDPOINT_URL="http://127.0.0.1:$ACTIONS_PROXY_PORT/webhook"
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$PUBLIC_PORT}"
export REPORTS_DB="${REPORTS_DB:-$PROFILE_DIR/reports.db}"

# The project's endpoints (action endpoint, tracker store) plus the shared lock store.
if grep -q '^lock_store:' endpoints.yml; then
  echo "error: endpoints.yml already has a lock_store; deploy/lock_store.yml would repeat it" >&2
  exit 1
fi
cat endpoints.yml deploy/lock_store.yml >"$PROFILE_DIR/endpoints.yml"
if ! "$PY" -m deploy.prepare_databases "$PROFILE_DIR/endpoints.yml" 2>"$PROFILE_DIR/logs/prepare.log"; then
  tail -n 20 "$PROFILE_DIR/logs/prepare.log" >&2
  exit 1
fi

declare -A ready_url
rasa_servers="" actions_servers="" rasa_urls="" actions_urls=""
for i in $(seq "$ACTIONS_REPLICAS"); do
  pick_port port
  spawn "actions-$i" env SANIC_HOST=127.0.0.1 "$PY" -m bot.launch run actions --actions actions --port "$port"
  ready_url[actions-$i]="http://127.0.0.1:$port/health/ready"
  actions_servers+="server 127.0.0.1:$port max_fails=2 fail_timeout=10s; "
  actions_urls+="http://127.0.0.1:$port "
done
for i in $(seq "$RASA_REPLICAS"); do
  pick_port port
  spawn "rasa-$i" "$PY" -m bot.launch run --enable-api --auth-token "$RASA_API_TOKEN" \
    --interface 127.0.0.1 --port "$port" --model "$MODEL" --endpoints "$PROFILE_DIR/endpoints.yml" \
    --credentials credentials.yml --cors '*'
  ready_url[rasa-$i]="http://127.0.0.1:$port/webhooks/health/ready"
  rasa_servers+="server 127.0.0.1:$port max_fails=2 fail_timeout=10s; "
  rasa_urls+="http://127.0.0.1:$port "
done

config=$(<deploy/nginx.conf)
config=${config//@DIR@/$PROFILE_DIR}
config=${config//@PUBLIC_PORT@/$PUBLIC_PORT}
config=${config//@ACTIONS_PORT@/$ACTIONS_PROXY_PORT}
config=${config//@RASA_SERVERS@/$rasa_servers}
config=${config//@ACTIONS_SERVERS@/$actions_servers}
printf '%s\n' "$config" >"$PROFILE_DIR/nginx.conf"
nginx -q -p "$PROFILE_DIR" -e "$PROFILE_DIR/logs/nginx-error.log" -c "$PROFILE_DIR/nginx.conf"

wait_ready $(printf 'actions-%s ' $(seq "$ACTIONS_REPLICAS")) $(printf 'rasa-%s ' $(seq "$RASA_REPLICAS"))

PUBLIC_URL="http://127.0.0.1:$PUBLIC_PORT" RASA_URLS="${rasa_urls% }" ACTIONS_URLS="${actions_urls% }"
NGINX_ACCESS_LOG="$PROFILE_DIR/logs/nginx-access.log"
(umask 077 && for name in PUBLIC_URL RASA_URLS ACTIONS_URLS RASA_API_TOKEN ACTION_ENDPOINT_URL \
    NGINX_ACCESS_LOG TRACKER_DIALECT TRACKER_URL TRACKER_DB TRACKER_USER TRACKER_PASSWORD \
    LEGAL_DB_URL LOCK_STORE_HOST LOCK_STORE_PORT LOCK_STORE_DB LOCK_STORE_PASSWORD REPORTS_DB \
    PUBLIC_BASE_URL; do
  printf '%s=%q\n' "$name" "${!name}"
done >"$PROFILE_DIR/profile.env")
started=yes
echo "Production profile up: $RASA_REPLICAS Rasa servers, $ACTIONS_REPLICAS actions servers behind nginx."
echo "REST channel: http://127.0.0.1:$PUBLIC_PORT/webhooks/rest/webhook"
echo "Settings: $PROFILE_DIR/profile.env   Logs: $PROFILE_DIR/logs   Stop: bash deploy/stop.sh $PROFILE_DIR"
