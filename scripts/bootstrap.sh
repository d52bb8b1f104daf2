#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the exact locked dependencies.
# Idempotent: does nothing when .venv already matches requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed-$(sha256sum requirements.lock | cut -c1-16)"

find_python310() {
  local candidate
  for candidate in python3.10 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 \
      /usr/local/bin/python3.10 /usr/bin/python3.10; do
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [ -f "$STAMP" ] && "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  exit 0
fi

if ! PY310=$(find_python310); then
  echo "error: Python 3.10 is required (Rasa 3.6 does not run on 3.11 or newer) and was not found." >&2
  echo "Install it, for example: 'apt-get install python3.10 python3.10-venv' or 'pyenv install 3.10'," >&2
  echo "then run this command again." >&2
  exit 1
fi

echo "Setting up $VENV with $PY310 ..."
rm -rf "$VENV"
"$PY310" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade "pip<24" wheel
"$VENV/bin/python" -m pip install --quiet -r requirements.lock
"$VENV/bin/python" -m pip check
touch "$STAMP"
echo "$VENV is ready."
