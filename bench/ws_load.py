"""Websocket load: N tabs stepping through the Configure wizard at once vs a minimal
`st.navigation` page (`minimal_nav_app.py`: a button, a text input, a code block).

Each (page, N) gets a fresh `streamlit run` server (so one phase's sessions cannot slow the next)
and one warm-up visit. Then N tabs load the page (HTTP GET, websocket, first run) and each clicks
`CLICKS` times as fast as the server answers: Next until Next is disabled, then Back, and so on
(the minimal page only has Next). Reported per interaction: the server's CPU time (utime + stime
of its process over the click phase, divided by the clicks), p50/p95 latency from sending the
click to the run's `script_finished`, and the server's peak RSS while the tabs were open.
Run: .venv/bin/python -m bench.ws_load [CLICKS_ALONE] [CLICKS_CONCURRENT] [N ...]
     [--no-post-script-gc]  (both servers without Streamlit's gc.collect(2) after every run)
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit

from bench._common import summary
from bench.ws_client import RssSampler, ServerProcess, Tab, serve

PAGES = {
    "Configure": ("app.py", {"NEO_LOCAL": "1"}),
    "minimal": ("bench/minimal_nav_app.py", {}),
}
WARM_UP_CLICKS = 8
NO_POST_SCRIPT_GC = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}


@dataclass
class Figures:
    page: str
    sessions: int
    clicks: int
    cpu_per_click: float
    p50: float
    p95: float
    first_load_p50: float
    peak_rss_mib: float
    bytes_per_click: float
    messages_per_click: float


async def _visit(url: str, clicks: int) -> None:
    tab = Tab(url)
    await tab.open()
    for _ in range(clicks):
        await tab.walk()
    await tab.close()


async def _load(server: ServerProcess, page: str, sessions: int, clicks: int) -> Figures:
    tabs = [Tab(server.url) for _ in range(sessions)]
    latencies: list[float] = []
    sent = messages = 0

    async def clicking(tab: Tab) -> None:
        nonlocal sent, messages
        for _ in range(clicks):
            run = await tab.walk()
            latencies.append(run.seconds)
            sent += run.payload_bytes
            messages += run.messages

    with RssSampler(server) as rss:
        loads = await asyncio.gather(*(tab.open() for tab in tabs))
        before = server.cpu_seconds()
        await asyncio.gather(*(clicking(tab) for tab in tabs))
        cpu = server.cpu_seconds() - before
        await asyncio.gather(*(tab.close() for tab in tabs))
    p50, p95 = summary(latencies)
    first_load, _ = summary([run.seconds for run in loads])
    total = sessions * clicks
    return Figures(
        page,
        sessions,
        clicks,
        cpu / total,
        p50,
        p95,
        first_load,
        rss.peak_kib / 1024,
        sent / total,
        messages / total,
    )


def measure(page: str, sessions: int, clicks: int, extra_env: dict[str, str]) -> Figures:
    script, env = PAGES[page]
    directory = Path(tempfile.mkdtemp(prefix="neo-ws-"))
    with serve(script, directory, **env, **extra_env) as server:
        asyncio.run(_visit(server.url, WARM_UP_CLICKS))
        return asyncio.run(_load(server, page, sessions, clicks))


def _machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    load = Path("/proc/loadavg").read_text().split()[:3]
    return (
        f"{len(os.sched_getaffinity(0))} CPUs ({model}), {memory:.0f} GiB, "
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"load average {' '.join(load)}"
    )


def main(
    clicks_alone: int = 30,
    clicks_concurrent: int = 8,
    counts: tuple[int, ...] = (),
    extra_env: dict[str, str] | None = None,
) -> None:
    counts = counts or (1, 10, 20)
    print(_machine(), "; server env:", extra_env or "as configured")
    results: dict[tuple[str, int], Figures] = {}
    for sessions in counts:
        clicks = clicks_alone if sessions == 1 else clicks_concurrent
        for page in PAGES:
            figures = measure(page, sessions, clicks, extra_env or {})
            results[page, sessions] = figures
            print(
                f"{page:<9} N={sessions:<2} {sessions * clicks:>4} clicks: "
                f"CPU {figures.cpu_per_click * 1000:6.1f} ms/click, "
                f"p50 {figures.p50 * 1000:7.1f} ms, p95 {figures.p95 * 1000:7.1f} ms, "
                f"first load p50 {figures.first_load_p50 * 1000:7.1f} ms, "
                f"peak RSS {figures.peak_rss_mib:5.0f} MiB, "
                f"{figures.messages_per_click:4.0f} messages, "
                f"{figures.bytes_per_click / 1024:5.1f} KiB sent/click",
                flush=True,
            )
    print(
        "\n| N | clicks | Configure CPU/click | minimal | ratio | Configure p50 / p95 | "
        "minimal p50 / p95 | ratio p50 | peak RSS Configure / minimal |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for sessions in counts:
        ours, base = results["Configure", sessions], results["minimal", sessions]
        print(
            f"| {sessions} | {sessions * ours.clicks} | {ours.cpu_per_click * 1000:.0f} ms | "
            f"{base.cpu_per_click * 1000:.0f} ms | "
            f"{ours.cpu_per_click / max(base.cpu_per_click, 1e-9):.1f}x | "
            f"{ours.p50 * 1000:.0f} / {ours.p95 * 1000:.0f} ms | "
            f"{base.p50 * 1000:.0f} / {base.p95 * 1000:.0f} ms | {ours.p50 / base.p50:.1f}x | "
            f"{ours.peak_rss_mib:.0f} / {base.peak_rss_mib:.0f} MiB |"
        )


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:] if not arg.startswith("--")]
    alone = numbers[0] if numbers else 30
    concurrent = numbers[1] if len(numbers) > 1 else 8
    gc_off = "--no-post-script-gc" in sys.argv
    main(alone, concurrent, tuple(numbers[2:]), NO_POST_SCRIPT_GC if gc_off else None)
