"""What the benchmarks share: statistics and the draft they build requests from."""

from __future__ import annotations

import statistics

from core.draft.model import Draft


def summary(samples: list[float]) -> tuple[float, float]:
    """(median, p95) of a list of durations."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def ms(value: float) -> str:
    if value < 0.001:
        return f"{value * 1_000_000:.0f} µs"
    return f"{value * 1000:.1f} ms"


def bench_draft() -> Draft:
    """A complete draft (model, shapes, output, role) whose target the benchmarks vary."""
    return Draft(
        model_s3_uri="s3://bucket/model.tar.gz",
        framework="TENSORFLOW",
        input_shapes='{"input": [1, 224, 224, 3]}',
        output_s3="s3://bucket/out/",
        role_arn="arn:aws:iam::123456789012:role/SageMakerRole",
    )
