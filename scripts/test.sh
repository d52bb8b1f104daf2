#!/usr/bin/env bash
# Run every test: data validation, unit tests, the NLU evaluation and the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
"$VENV/bin/python" -m pytest "$@"
