"""Process-wide tuning of the server (not per user): what the app's heap costs every run.

Streamlit collects garbage after every script run (`gc.collect(2)`, its `runner.postScriptGC`),
which walks every object the process holds: ~200,000 here, most of them modules and
botocore's service model loaded once at start. Freezing the heap once the app has loaded moves
those into the permanent generation, out of every later walk; objects made afterwards (each
session's) are collected as before. Measured in bench/README.md ("Websocket load").
"""

from __future__ import annotations

import gc
import threading

_frozen = False
_lock = threading.Lock()


def freeze_startup_heap() -> None:
    """Once per process, after the first complete run: collect, then freeze what is left."""
    global _frozen
    with _lock:
        if _frozen:
            return
        gc.collect()
        gc.freeze()
        _frozen = True
