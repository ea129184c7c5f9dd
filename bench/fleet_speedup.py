"""Fleet speed-up: concurrent vs one-at-a-time submission against the local endpoint.

Each CreateCompilationJob call gets extra latency (as a real region's round trip would add).
Run: .venv/bin/python -m bench.fleet_speedup [LATENCY_MS] [WORKERS]
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench._common import bench_draft
from core.aws.client import NeoClient
from core.aws.connection import local_connection
from core.jobs.fleet import plan, submit
from core.jobs.store import Store
from core.knowledge.presets import presets
from core.spec import service


def timed_fleet(keys: list[str], workers: int, latency: float) -> float:
    client = NeoClient.from_connection(local_connection())

    def slow(**_: Any) -> None:
        time.sleep(latency)

    client.client.meta.events.register("before-send.sagemaker.CreateCompilationJob", slow)
    store = Store(Path(tempfile.mkdtemp(prefix="neo-bench-")) / "s.sqlite3")
    base = bench_draft()
    members, problems = plan(base, keys, f"bench-{uuid.uuid4().hex[:6]}")
    assert not problems, problems
    start = time.perf_counter()
    outcomes = list(submit(client, store, members, "bench", workers=workers))
    elapsed = time.perf_counter() - start
    assert all(o.ok for o in outcomes)
    return elapsed


def main(latency_ms: float = 100.0, workers: int = 8) -> None:
    latency = latency_ms / 1000
    fleets = {
        "all presets": [f"preset:{p.id}" for p in presets()],
        "every TargetDevice": [f"device:{d}" for d in service.target_devices()],
    }
    print(f"added latency per CreateCompilationJob: {latency_ms:g} ms; pool of {workers}")
    for title, keys in fleets.items():
        serial = timed_fleet(keys, 1, latency)
        concurrent = timed_fleet(keys, workers, latency)
        print(
            f"{title} (N={len(keys)}): one at a time {serial:.2f} s, "
            f"concurrent {concurrent:.2f} s, speed-up {serial / concurrent:.1f}x"
        )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        float(arguments[0]) if arguments else 100.0, int(arguments[1]) if len(arguments) > 1 else 8
    )
