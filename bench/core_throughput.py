"""Core throughput: requests validated and rendered per second, against ParamValidator alone.

Two figures for our side: each request seen for the first time (the memos emptied before every
round, so all the work is done), and the same requests again (what every rerun of an unchanged
draft pays: `check_request` and `render.renderings` reuse their results by content).
Run: .venv/bin/python -m bench.core_throughput [ROUNDS]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from botocore.validate import ParamValidator

from bench._common import bench_draft, ms
from core.interchange import render
from core.jobs.fleet import plan, target_keys
from core.jsontext import ContentMemo
from core.spec import service
from core.spec.request import check_request


def requests() -> list[dict]:
    base = bench_draft()
    members, _ = plan(base, [key for key, _ in target_keys()], "bench")
    return [m.request for m in members]


def validate_and_render(api: dict) -> None:
    request, _ = check_request(api)
    assert request is not None
    render.renderings(request.to_api())


def timed(rounds: int, sample: list[dict], work: Callable[[dict], None], *, cold: bool) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        if cold:
            ContentMemo.clear_all()
        for api in sample:
            work(api)
    return time.perf_counter() - start


def main(rounds: int = 20) -> None:
    sample = requests()
    shape = service.create_operation().input_shape
    validator = ParamValidator()
    total = rounds * len(sample)

    baseline = timed(rounds, sample, lambda api: validator.validate(api, shape), cold=False)
    first = timed(rounds, sample, validate_and_render, cold=True)
    validate_and_render(sample[0])  # warm the memos for every request
    for api in sample:
        validate_and_render(api)
    again = timed(rounds, sample, validate_and_render, cold=False)

    print(f"requests: {len(sample)} distinct (every preset and device) x {rounds} rounds")
    print(
        f"botocore ParamValidator alone: {total / baseline:,.0f} requests/s "
        f"({ms(baseline / total)} each)"
    )
    for what, took in (("seen for the first time", first), ("seen again (a rerun)", again)):
        print(
            f"core validate + render (5 formats), {what}: {total / took:,.0f} requests/s "
            f"({ms(took / total)} each), {took / baseline:.1f}x ParamValidator's time"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
