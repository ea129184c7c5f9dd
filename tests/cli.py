"""`python -m core ...` run as a user's shell or a CI pipeline runs it: its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_core(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """The command line's exit code, standard output and standard error."""
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )
