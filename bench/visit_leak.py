"""Per-visit leak: does a server that stays up get slower with every visitor?

One `streamlit run app.py` (local endpoint). A probe tab steps through the wizard `CLICKS` times
and the server's CPU for those clicks is read from /proc; then `VISITS` visitors come and go
(load the page, step a few times, close the tab), and the probe is repeated, `ROUNDS` times.
A server without a per-visit leak gives the same CPU per probe and a flat RSS after the first
rounds; one with a leak climbs with the visits.
Run: .venv/bin/python -m bench.visit_leak [ROUNDS] [VISITS] [CLICKS]
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.ws_client import ServerProcess, probe, serve, visit

VISIT_CLICKS = 3
CONCURRENT_VISITS = 4
"""Visitors overlap a little, as they do on a shared server; the probe runs alone."""


@dataclass
class Probe:
    visits: int
    cpu_seconds: float
    rss_mib: float


async def visits(url: str, count: int) -> None:
    """`count` visits, `CONCURRENT_VISITS` at a time."""
    pending = list(range(count))
    while pending:
        batch, pending = pending[:CONCURRENT_VISITS], pending[CONCURRENT_VISITS:]
        await asyncio.gather(*(visit(url, VISIT_CLICKS) for _ in batch))


async def run_rounds(
    server: ServerProcess, rounds: int, per_round: int, clicks: int
) -> list[Probe]:
    await visit(server.url)  # the first visit imports everything; not part of any figure
    probes = [Probe(0, await probe(server, clicks), server.memory_kib() / 1024)]
    for index in range(1, rounds + 1):
        await visits(server.url, per_round)
        gc.collect()  # the client's own garbage only; the server is another process
        probes.append(
            Probe(index * per_round, await probe(server, clicks), server.memory_kib() / 1024)
        )
    return probes


def main(rounds: int = 3, per_round: int = 20, clicks: int = 30) -> list[Probe]:
    with serve("app.py", Path(tempfile.mkdtemp(prefix="neo-leak-")), NEO_LOCAL="1") as server:
        probes = asyncio.run(run_rounds(server, rounds, per_round, clicks))
    for item in probes:
        print(
            f"after {item.visits:>3} visits: {clicks} clicks cost {item.cpu_seconds:.2f} s of "
            f"server CPU ({item.cpu_seconds / clicks * 1000:.0f} ms each), "
            f"RSS {item.rss_mib:.0f} MiB"
        )
    return probes


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
