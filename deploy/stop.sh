#!/usr/bin/env bash
# Stop everything deploy/start.sh started in PROFILE_DIR, by the PIDs it recorded:
# nginx first (no new requests), then the Rasa and actions servers (each process group,
# SIGTERM, SIGKILL after STOP_TIMEOUT seconds), then Redis and PostgreSQL (fast shutdown).
# Safe to run twice or after a partial start. The directory itself is left in place.
#   bash deploy/stop.sh PROFILE_DIR
set -uo pipefail
PROFILE_DIR="${1:?usage: deploy/stop.sh PROFILE_DIR}"
STOP_TIMEOUT="${STOP_TIMEOUT:-20}"
pids="$PROFILE_DIR/pids"

# stop NAME SIGNAL [group]: signal the recorded process (or its process group), wait for it.
stop() {
  local file="$pids/$1.pid" pid target
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  target=$pid
  [ "${3:-}" = group ] && target="-$pid"
  if kill "-$2" -- "$target" 2>/dev/null; then
    for _ in $(seq $((STOP_TIMEOUT * 5))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$1 did not stop within ${STOP_TIMEOUT}s; killing it" >&2
      kill -KILL -- "$target" 2>/dev/null
    fi
  fi
  rm -f "$file"
}

stop nginx TERM
for file in "$pids"/rasa-*.pid "$pids"/actions-*.pid; do
  [ -e "$file" ] || continue
  name=$(basename "$file" .pid)
  stop "$name" TERM group &
done
wait
stop redis TERM
stop postgres INT  # PostgreSQL's fast shutdown
echo "Production profile in $PROFILE_DIR stopped."
