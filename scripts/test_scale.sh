#!/usr/bin/env bash
# make test-scale: the production profile (deploy/, README "Production profile") end to end.
# Installs PostgreSQL, Redis and nginx from Debian's packages when missing (needs root),
# starts the profile on free loopback ports (deploy/start.sh: 2 Rasa servers and 2 actions
# servers unless RASA_REPLICAS/ACTIONS_REPLICAS say otherwise), runs tests/scale against it
# and always stops everything it started. Logs of a failed run: results/scale/.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "error: the production profile needs: ${missing[*]} (Debian: apt-get install ${missing[*]}, as root)" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..."
  apt_log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

PROFILE_DIR=$(mktemp -d /tmp/assistant-scale.XXXXXX)
export PROFILE_DIR
finish() {
  local status=$?
  bash deploy/stop.sh "$PROFILE_DIR" >/dev/null
  if [ "$status" -ne 0 ] && [ -d "$PROFILE_DIR/logs" ]; then
    rm -rf results/scale && mkdir -p results && cp -r "$PROFILE_DIR/logs" results/scale
    echo "test-scale failed; the profile's logs are in results/scale/" >&2
  fi
  rm -rf "$PROFILE_DIR"
}
trap finish EXIT

started=$SECONDS
bash deploy/start.sh
echo "Profile started in $((SECONDS - started)) s."
SCALE_PROFILE="$PROFILE_DIR/profile.env" .venv/bin/python -m pytest tests/scale "$@"
