#!/usr/bin/env bash
# Start the assistant: the actions server and the Rasa server (REST channel), in the foreground.
# Ctrl-C or SIGTERM stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$VENV/bin/rasa" run actions --actions actions --port "$ACTIONS_PORT" --quiet &
pids+=($!)
"$VENV/bin/rasa" run --enable-api --port "$RASA_PORT" --model models/assistant.tar.gz \
  --endpoints endpoints.yml --credentials credentials.yml --cors '*' --quiet &
pids+=($!)
# Telegram bridge (bot/telegram_bridge), only when a bot token is configured.
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
  RASA_URL="${RASA_URL:-http://localhost:$RASA_PORT}" "$VENV/bin/python" -m bot.telegram_bridge &
  pids+=($!)
else
  echo "Telegram: not started (set TELEGRAM_BOT_TOKEN to connect a Telegram bot)."
fi

echo "Starting… the REST channel will answer at http://localhost:$RASA_PORT/webhooks/rest/webhook"
echo "Try: curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\":\"me\",\"message\":\"你好\"}'"
echo "Website widget demo: http://localhost:$RASA_PORT/webhooks/webchat/demo"
wait -n "${pids[@]}"
