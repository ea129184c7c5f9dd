#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements (runtime, or dev with "dev"). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
req=requirements.txt
[ "${1:-}" = "dev" ] && req=requirements-dev.txt
stamp=".venv/.installed-$(sha1sum "$req" requirements.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  touch "$stamp"
fi
