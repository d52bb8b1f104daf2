#!/usr/bin/env bash
# Start the assistant in the foreground: the actions server, the Rasa server (REST channel)
# and, with TELEGRAM_BOT_TOKEN, the Telegram bridge. Each logs JSON lines to stderr
# (bot/logs.py, configured in bot/logging.yml).
# Ctrl-C or SIGTERM stops all three, letting requests in progress finish (within 10 s);
# the exit status is then 0 if each stopped cleanly. If one of them stops by itself, the
# others are stopped too and its exit status is returned.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

actions=()  # the actions server
front=()    # the Rasa server and the Telegram bridge, which need it
# Front first, so that the Rasa server can finish its requests while the actions server
# still answers; then the actions server.
terminate() {
  local status=0 pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || status=$?; done
  return "$status"
}
stop() {
  trap - INT TERM EXIT
  local status=0
  terminate "${front[@]}" || status=$?
  terminate "${actions[@]}" || status=$?
  return "$status"
}
trap 'stop; exit $?' INT TERM
trap stop EXIT

"$VENV/bin/python" -m bot.launch run actions --actions actions --port "$ACTIONS_PORT" &
actions+=($!)
"$VENV/bin/python" -m bot.launch run --enable-api --port "$RASA_PORT" --model models/assistant.tar.gz \
  --endpoints endpoints.yml --credentials credentials.yml --cors '*' &
front+=($!)
# Telegram bridge (bot/telegram_bridge), only when a bot token is configured.
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
  RASA_URL="${RASA_URL:-http://localhost:$RASA_PORT}" "$VENV/bin/python" -m bot.telegram_bridge &
  front+=($!)
else
  echo "Telegram: not started (set TELEGRAM_BOT_TOKEN to connect a Telegram bot)."
fi

echo "Starting… the REST channel will answer at http://localhost:$RASA_PORT/webhooks/rest/webhook"
echo "Try: curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\":\"me\",\"message\":\"你好\"}'"
echo "Website widget demo: http://localhost:$RASA_PORT/webhooks/webchat/demo"
echo "Ready when http://localhost:$RASA_PORT/webhooks/health/ready says \"ok\"."
wait -n "${actions[@]}" "${front[@]}"
