"""Rerun overhead: server-side time of one Configure-page interaction vs an empty script.

Both run in AppTest in the same process, alternating, so the machine's state is shared.
Run: .venv/bin/python -m bench.rerun_overhead [RUNS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench._common import ms, summary

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int = 60) -> None:
    os.environ.setdefault("NEO_CONFIGURATOR_DATA", tempfile.mkdtemp(prefix="neo-bench-"))
    os.environ.setdefault("NEO_LOCAL", "1")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    empty = AppTest.from_string("import streamlit as st\nst.text_input('x', key='x')").run()
    app_times: list[float] = []
    empty_times: list[float] = []
    for index in range(runs):
        value = f"s3://bucket/model-{index}.tar.gz"
        field = app.text_input(key="cfg_model_s3").input(value)
        start = time.perf_counter()
        field.run()
        app_times.append(time.perf_counter() - start)
        field = empty.text_input(key="x").input(value)
        start = time.perf_counter()
        field.run()
        empty_times.append(time.perf_counter() - start)
    app_median, app_p95 = summary(app_times)
    empty_median, empty_p95 = summary(empty_times)
    print(f"runs: {runs} interactions each (typing a model S3 URI)")
    print(f"Configure page: median {ms(app_median)}, p95 {ms(app_p95)}")
    print(f"empty script:   median {ms(empty_median)}, p95 {ms(empty_p95)}")
    print(f"ratio: median {app_median / empty_median:.1f}x, p95 {app_p95 / empty_p95:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
