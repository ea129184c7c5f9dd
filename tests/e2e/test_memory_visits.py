"""A server that stays up does not get slower with every visitor (issue 11, "Speed").

Streamlit keeps a closed tab's session for its reconnect TTL (120 s) and collects the whole heap
after every script run (`runner.postScriptGC`), so whatever a visit leaves in its session is paid
for by every later run of every session. A boto3 client per session (some 4,700 objects, about
0.9 MiB) made 100 visits cost ~85 MiB and each later interaction about 2.1-2.4x as expensive.

The test drives `streamlit run app.py` (local endpoint, loopback only) over its websocket as tabs
do (`bench.ws_client`): a probe tab's wizard steps are measured in server CPU time from /proc,
then 100 visits come and go (load the page, one step, close), all within the TTL, and the probe
is repeated. It compares the server with itself (no figure of absolute speed): memory growth
over the visits and the ratio of CPU per interaction after the visits to before.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.ws_client import ServerProcess, Tab, run_async, serve

VISITS = 100
CONCURRENT = 4
PROBE_CLICKS = 6
MAX_GROWTH_MIB = 25.0
"""100 retained sessions may cost this much RSS in all: each keeps Streamlit's own session state
(~400 objects, ~0.1 MiB); with a client each, 100 visits took ~85 MiB."""
MAX_CPU_RATIO = 1.6
"""CPU per interaction after the visits / before: 0.9-1.2 with small sessions, 2.1-2.4x with a
client per session (the post-run collection walks every object the sessions keep)."""


async def _probe(server: ServerProcess) -> float:
    """Server CPU seconds per wizard step of one tab (its page load not counted)."""
    tab = Tab(server.url)
    await tab.open()
    before = server.cpu_seconds()
    for _ in range(PROBE_CLICKS):
        await tab.walk()
    spent = server.cpu_seconds() - before
    await tab.close()
    return spent / PROBE_CLICKS


async def _visit(url: str) -> None:
    tab = Tab(url)
    await tab.open()
    await tab.walk()
    await tab.close()


async def _scenario(server: ServerProcess) -> dict[str, float]:
    await _visit(server.url)  # imports, first service model load: not part of any figure
    first_cpu = max([await _probe(server), await _probe(server)])
    first_rss = server.memory_kib() / 1024
    for start in range(0, VISITS, CONCURRENT):
        await asyncio.gather(*(_visit(server.url) for _ in range(min(CONCURRENT, VISITS - start))))
    last_rss = server.memory_kib() / 1024
    last_cpu = min([await _probe(server), await _probe(server)])
    return {
        "first_cpu_ms": first_cpu * 1000,
        "last_cpu_ms": last_cpu * 1000,
        "first_rss_mib": first_rss,
        "last_rss_mib": last_rss,
    }


def test_a_hundred_visits_leave_memory_and_cpu_per_interaction_where_they_were(
    tmp_path: Path,
) -> None:
    with serve("app.py", tmp_path, NEO_LOCAL="1") as server:
        figures = run_async(asyncio.wait_for(_scenario(server), timeout=240))
    report = (
        f"CPU per step {figures['first_cpu_ms']:.0f} ms -> {figures['last_cpu_ms']:.0f} ms, "
        f"RSS {figures['first_rss_mib']:.0f} MiB -> {figures['last_rss_mib']:.0f} MiB "
        f"after {VISITS} visits"
    )
    print(report)
    assert figures["last_rss_mib"] - figures["first_rss_mib"] <= MAX_GROWTH_MIB, report
    assert figures["last_cpu_ms"] <= MAX_CPU_RATIO * figures["first_cpu_ms"], report
