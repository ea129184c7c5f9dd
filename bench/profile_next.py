"""Where a wizard step's server CPU goes: py-spy on `streamlit run` while one tab clicks.

For the Configure page and the minimal `st.navigation` page, a fresh server gets a warm-up visit,
then py-spy samples it (threads holding the GIL only, so samples are Python CPU work) while a tab
clicks `CLICKS` times (Next, Back from the last step). Each sample is put in one bucket: the
post-run `gc.collect(2)` Streamlit does after every run (`runner.postScriptGC`), the script body
(split by the app function that was running and by whether the time was in our code, in
Streamlit's element calls or in a library), the rerun's widget and session-state handling, and
the forward-message path (hashing, serialising, sending). Needs py-spy (`pip install py-spy`,
measuring only; as root or with ptrace allowed).
Run: .venv/bin/python -m bench.profile_next [CLICKS] [--no-post-script-gc]
"""

from __future__ import annotations

import asyncio
import collections
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ws_client import probe, serve, visit
from bench.ws_load import PAGES

PROJECT = ("app.py", "configure.py", "ui/", "core/", "minimal_nav_app.py")
FORWARD = (
    "_enqueue_forward_msg",
    "write_forward_msg",
    "serialize_forward_msg",
    "populate_hash_if_needed",
    "StarletteSessionClient._sender",
    "ForwardMsgQueue",
    "_send_message",
)
RERUN = ("on_script_will_rerun", "_call_callbacks", "request_rerun", "handle_backmsg")
TOP = 14


def _frames(stack: str) -> list[str]:
    return stack.split(";")


def _is_project(frame: str) -> bool:
    where = frame[frame.rfind("(") + 1 :]
    return where.startswith(PROJECT) and "site-packages" not in where


def bucket(stack: str) -> tuple[str, str | None]:
    """(bucket, detail) of one sampled stack (root first)."""
    frames = _frames(stack)
    names = " ".join(frames)
    if frames[-1].startswith("ScriptRunner._on_script_finished"):
        return "post-run gc.collect(2) (runner.postScriptGC)", None
    if any(key in names for key in FORWARD):
        inner = next((key for key in reversed(FORWARD) if key in names), "")
        return "forward messages: hash, serialise, queue, send", inner
    project = [index for index, frame in enumerate(frames) if _is_project(frame)]
    if project:
        deepest = frames[project[-1]]
        below = frames[project[-1] + 1 :]
        owner = "our code"
        if below:
            first = below[0]
            owner = "Streamlit element calls" if "streamlit/" in first else "libraries"
            if owner == "libraries":
                library = first[first.rfind("(") + 1 : -1].split("/")[0].split(":")[0]
                owner = f"libraries ({library})"
        # the app function two levels under the page: which part of the page paid
        named = [
            frames[i].split(" (")[0]
            for i in project
            if frames[i].split(" (")[0] not in ("<module>",)
        ]
        part = named[0] if named else deepest.split(" (")[0]
        return f"script body: {owner}", part
    if any(key in names for key in RERUN):
        return "rerun request, widget states, callbacks", None
    if "_on_script_finished" in names or "on_script_finished" in names:
        return "after the run: session state, stale widgets", None
    if "ScriptRunner" in names:
        return "script runner (Streamlit, outside the script)", frames[-1].split(" (")[0]
    return "server: event loop, websocket, other threads", frames[-1].split(" (")[0]


def profile(page: str, clicks: int, extra_env: dict[str, str]) -> None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    script, env = PAGES[page]
    out = Path(tempfile.mkdtemp(prefix="neo-prof-"))
    with serve(script, out, **env, **extra_env) as server:
        asyncio.run(visit(server.url, 8))  # warm-up
        raw = out / "profile.raw"
        sampler = subprocess.Popen(
            [
                *(spy, "record", "--pid", str(server.pid), "--gil", "--rate", "250"),
                *("--format", "raw", "--output", str(raw), "--nonblocking"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)  # py-spy attaches
        cpu = asyncio.run(probe(server, clicks))
        sampler.send_signal(signal.SIGINT)
        sampler.wait(timeout=60)
    buckets: collections.Counter[str] = collections.Counter()
    details: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        name, detail = bucket(stack)
        buckets[name] += samples
        total += samples
        if detail:
            details[name][detail] += samples
    print(f"\n{page}: {clicks} clicks, server CPU {cpu * 1000 / clicks:.1f} ms per click")
    print(f"  {total} samples holding the GIL")
    for name, samples in buckets.most_common():
        share = samples / total
        print(f"  {share:6.1%}  ~{share * cpu * 1000 / clicks:5.1f} ms/click  {name}")
        for detail, inner in details[name].most_common(TOP if "script" in name else 4):
            print(f"            {inner / total:6.1%}  {detail}")


def main(clicks: int = 30, post_script_gc: bool = True) -> None:
    extra = {} if post_script_gc else {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
    for page in PAGES:
        profile(page, clicks, extra)


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    main(int(arguments[0]) if arguments else 30, "--no-post-script-gc" not in sys.argv)
