"""Rerun overhead: server-side time of one Configure-page interaction vs an empty script.

The issue's baseline is an empty Streamlit script (a rerun with nothing in it: Streamlit's own
cost per interaction); a script with one text input, typed into the same way, is shown as a
second baseline (the cost of a widget round trip). All three run in AppTest in the same
process, interleaved, so the machine's state is shared.
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
EMPTY_SCRIPT = ""
ONE_INPUT_SCRIPT = "import streamlit as st\nst.text_input('x', key='x')"


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(runs: int = 60) -> None:
    os.environ.setdefault("NEO_CONFIGURATOR_DATA", tempfile.mkdtemp(prefix="neo-bench-"))
    os.environ.setdefault("NEO_LOCAL", "1")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    empty = AppTest.from_string(EMPTY_SCRIPT).run()
    one_input = AppTest.from_string(ONE_INPUT_SCRIPT).run()
    times: dict[str, list[float]] = {"app": [], "empty": [], "one input": []}
    for index in range(runs):
        value = f"s3://bucket/model-{index}.tar.gz"
        field = next(w for w in app.text_input if (w.key or "").startswith("cfg_model_s3@"))
        times["app"].append(_timed(field.input(value).run))
        times["empty"].append(_timed(empty.run))
        times["one input"].append(_timed(one_input.text_input(key="x").input(value).run))
    app_median, app_p95 = summary(times["app"])
    print(f"runs: {runs} interactions each (typing a model S3 URI; the empty script just reruns)")
    print(f"Configure page:       median {ms(app_median)}, p95 {ms(app_p95)}")
    for label in ("empty", "one input"):
        median, p95 = summary(times[label])
        title = "empty script:" if label == "empty" else "one-input script:"
        print(
            f"{title:<21} median {ms(median)}, p95 {ms(p95)}  ->  ratio median "
            f"{app_median / median:.1f}x, p95 {app_p95 / p95:.1f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
