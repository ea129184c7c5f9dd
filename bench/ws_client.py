"""A browser's conversation with `streamlit run`, without the browser: HTTP GET, then the
websocket `/_stcore/stream` with Streamlit's own protobufs, and the server process's CPU and RSS.

What a tab does and this client does too: it loads the page over HTTP, opens the websocket with
the `streamlit` subprotocol, asks for the first run (`BackMsg.rerun_script` with the URL's query
string), follows the page it is on (`navigation`), the URL the script sets (`page_info_changed`)
and the large elements it has cached (`cached_message_hashes`), and clicks a button by sending a
rerun whose widget states hold that button's trigger (its id is read from the last run's deltas).
What it leaves out: the values of the other widgets, which a browser echoes on every rerun and the
server keeps anyway when they are absent (a few hundred bytes compared to a dict).
Used by `bench.ws_load` and by tests/e2e/test_memory_visits.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
import time
import urllib.request
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.helpers import running_app

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
T = TypeVar("T")
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
HTTP_PATHS = ("/", "/_stcore/health", "/_stcore/host-config")
"""What a tab fetches from the server before it opens the websocket (static files aside)."""


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: the caller's thread may already run an event loop
    (pytest-playwright's sync API keeps one on the main thread)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


# ---- the server process -------------------------------------------------------------------------
@dataclass
class ServerProcess:
    url: str
    pid: int
    log: Path

    def cpu_seconds(self) -> float:
        """utime + stime of the server process so far (all its threads), from /proc."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def memory_kib(self, name: str = "VmRSS") -> int:
        """A line of /proc/<pid>/status in KiB: VmRSS (now) or VmHWM (peak since start)."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
        raise KeyError(name)


@contextmanager
def serve(script: str, data_dir: Path, **extra_env: str) -> Iterator[ServerProcess]:
    """`streamlit run script` on a free loopback port with no AWS environment, until the block
    ends: the end-to-end tests' server (tests/e2e/helpers.running_app), with its process id."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with running_app(data_dir, NEO_APP_FILE=script, **extra_env) as server:
        yield ServerProcess(server.url, server.pid, server.log)


class RssSampler:
    """The server's largest VmRSS while the block runs, sampled every `interval` seconds."""

    def __init__(self, server: ServerProcess, interval: float = 0.02) -> None:
        self.server, self.interval, self.peak_kib = server, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.peak_kib = max(self.peak_kib, self.server.memory_kib())
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_kib = max(self.peak_kib, self.server.memory_kib())


# ---- a tab --------------------------------------------------------------------------------------
class ScriptError(RuntimeError):
    """The run showed an exception element: the page is broken, so its timings mean nothing."""


@dataclass
class Run:
    """One script run as the tab saw it: how long it took and what it drew."""

    seconds: float
    messages: int = 0
    payload_bytes: int = 0
    buttons: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """Button label -> (widget id, disabled)."""
    exceptions: list[str] = field(default_factory=list)


class Tab:
    """One browser tab on the app: a websocket session that loads the page and clicks buttons."""

    def __init__(self, url: str, query_string: str = "") -> None:
        self.url = url
        self.query_string = query_string
        self.page_script_hash = ""
        self.cached_hashes: set[str] = set()
        self.last: Run | None = None
        self.direction = "Next"
        self._ws: websockets.ClientConnection | None = None

    async def open(self) -> Run:
        """What a browser does on navigation: GET the page, open the stream, ask for a run."""
        await asyncio.to_thread(_http_get, self.url)
        stream = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self._ws = await websockets.connect(
            stream, subprotocols=[websockets.Subprotocol("streamlit")], max_size=None
        )
        return await self._rerun(BackMsg())

    async def click(self, label: str) -> Run:
        """Clicks the button with this label (as drawn by the last run) and waits for the run."""
        assert self.last is not None, "open() the tab first"
        widget_id, disabled = self.last.buttons[label]
        if disabled:
            raise ValueError(f"{label!r} is disabled")
        back = BackMsg()
        trigger = back.rerun_script.widget_states.widgets.add()
        trigger.id = widget_id
        trigger.trigger_value = True
        return await self._rerun(back)

    def can_click(self, label: str) -> bool:
        return (
            self.last is not None and label in self.last.buttons and not self.last.buttons[label][1]
        )

    async def walk(self) -> Run:
        """One wizard step: Next, or Back once Next is disabled (and Next again at the start)."""
        if not self.can_click(self.direction):
            self.direction = "Back" if self.direction == "Next" else "Next"
        return await self.click(self.direction)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def _rerun(self, back: BackMsg) -> Run:
        assert self._ws is not None
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(sorted(self.cached_hashes))
        start = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        run = Run(0.0)
        while True:
            data = await self._ws.recv()
            assert isinstance(data, bytes)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            run.messages += 1
            run.payload_bytes += len(data)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._read_delta(msg, run)
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "script_finished" and msg.script_finished != EARLY_FOR_RERUN:
                run.seconds = time.perf_counter() - start
                self.last = run
                if run.exceptions:
                    raise ScriptError("; ".join(run.exceptions))
                return run
            if msg.metadata.cacheable and msg.hash:
                self.cached_hashes.add(msg.hash)

    @staticmethod
    def _read_delta(msg: ForwardMsg, run: Run) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "button":
            run.buttons[element.button.label] = (element.button.id, element.button.disabled)
        elif kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")


def _http_get(url: str) -> None:
    for path in HTTP_PATHS:
        with urllib.request.urlopen(url + path, timeout=30) as answer:
            answer.read()


async def probe(server: ServerProcess, clicks: int) -> float:
    """Server CPU seconds for one tab's `clicks` wizard steps (its page load not counted)."""
    tab = Tab(server.url)
    await tab.open()
    before = server.cpu_seconds()
    for _ in range(clicks):
        await tab.walk()
    spent = server.cpu_seconds() - before
    await tab.close()
    return spent


async def visit(url: str, clicks: int) -> None:
    """A visitor: opens the page, takes `clicks` wizard steps and closes the tab."""
    tab = Tab(url)
    await tab.open()
    for _ in range(clicks):
        await tab.walk()
    await tab.close()
