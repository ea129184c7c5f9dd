#!/usr/bin/env bash
# Sets up and starts the app on http://127.0.0.1:8501. With no AWS credentials in the standard
# chain, the app talks to its embedded local SageMaker endpoint (a simulation, labelled as such).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# No file watcher: it would watch every file under here, .venv's included (one visit overflowed
# inotify's queue 187 times); to reload on edits while developing, add
# --server.fileWatcherType auto.
exec .venv/bin/streamlit run app.py --server.fileWatcherType none "$@"
