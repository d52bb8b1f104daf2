# Shared settings for the run and test scripts (sourced, not executed).
VENV=.venv
export RASA_PORT="${RASA_PORT:-5005}"
export ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:$ACTIONS_PORT/webhook}"
export SHARED_DIR="${SHARED_DIR:-$(cd .. && pwd)/shared}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=3
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning}"
# Tracker store (endpoints.yml): SQLite file by default.
export TRACKER_DIALECT="${TRACKER_DIALECT:-sqlite}"
export TRACKER_URL="${TRACKER_URL:-}"
export TRACKER_DB="${TRACKER_DB:-$(pwd)/var/tracker.db}"
export TRACKER_USER="${TRACKER_USER:-}"
export TRACKER_PASSWORD="${TRACKER_PASSWORD:-}"
