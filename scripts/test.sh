#!/usr/bin/env bash
# Sets up and runs every test: lint, import contracts, types, unit, app (AppTest) and end-to-end
# (Chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
# Debian packages the tests use: chromium (end to end), the aarch64 and armv7 cross linkers and
# `file` (local compiles are linked for the board and their ELF machine is checked).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 || missing+=(gcc-arm-linux-gnueabihf)
command -v file >/dev/null 2>&1 || missing+=(file)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 "$@"
