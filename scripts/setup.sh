#!/usr/bin/env bash
# Set up a development checkout: virtualenv, Python packages, the PDF font, browser assets, translations.
# Idempotent; `make setup` runs it when a requirements file changes. Needs Python 3.11 and network access
# to PyPI and the npm registry (or their mirrors: PIP_INDEX_URL, NPM_CONFIG_REGISTRY).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "setup: $PYTHON not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11 ...'" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "setup: warning: $("$PYTHON" --version) is not Python 3.11, the version this project supports" >&2
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-fonts.txt
.venv/bin/python scripts/fetch_vendor.py

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "setup: note: Debian's chromium is not installed, so the browser tests will be skipped here" \
       "(apt-get install chromium). .ci/run installs it and never skips them." >&2
fi
echo "setup: ready"
