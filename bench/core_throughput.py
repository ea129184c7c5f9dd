"""Core throughput: requests validated and rendered per second, against ParamValidator alone.

Run: .venv/bin/python -m bench.core_throughput [ROUNDS]
"""

from __future__ import annotations

import sys
import time

from botocore.validate import ParamValidator

from bench._common import bench_draft, ms
from core.interchange import render
from core.jobs.fleet import plan, target_keys
from core.spec import service
from core.spec.request import check_request


def requests() -> list[dict]:
    base = bench_draft()
    members, _ = plan(base, [key for key, _ in target_keys()], "bench")
    return [m.request for m in members]


def main(rounds: int = 20) -> None:
    sample = requests()
    shape = service.create_operation().input_shape
    validator = ParamValidator()
    total = rounds * len(sample)

    start = time.perf_counter()
    for _ in range(rounds):
        for api in sample:
            validator.validate(api, shape)
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    for _ in range(rounds):
        for api in sample:
            request, _ = check_request(api)
            assert request is not None
            final = request.to_api()
            for renderer in render.RENDERERS.values():
                renderer(final)
    ours = time.perf_counter() - start

    print(f"requests: {len(sample)} distinct (every preset and device) x {rounds} rounds")
    print(
        f"botocore ParamValidator alone: {total / baseline:,.0f} requests/s "
        f"({ms(baseline / total)} each)"
    )
    print(
        f"core validate + render (5 formats): {total / ours:,.0f} requests/s "
        f"({ms(ours / total)} each)"
    )
    print(f"ratio (core time / ParamValidator time): {ours / baseline:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
