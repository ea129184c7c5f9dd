"""Small statistics shared by the benchmarks."""

from __future__ import annotations

import statistics


def summary(samples: list[float]) -> tuple[float, float]:
    """(median, p95) of a list of durations."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def ms(value: float) -> str:
    if value < 0.001:
        return f"{value * 1_000_000:.0f} µs"
    return f"{value * 1000:.1f} ms"
