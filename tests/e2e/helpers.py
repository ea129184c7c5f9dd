"""What the end-to-end tests share: the app served by `streamlit run`, and a person's moves.

Test modules import from here, never from each other; fixtures live in conftest.py.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.protobuf.message import DecodeError
from playwright.sync_api import Locator, Page, Position, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    data_dir: Path
    pid: int = 0
    """The server process, for benchmarks that read its CPU time and memory from /proc."""


class _PortTaken(RuntimeError):
    """The server ended because its port was taken between free_port() and its bind."""


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(errors="replace")
            if "is not available" in text:
                raise _PortTaken(text)
            raise RuntimeError(f"streamlit exited early:\n{text}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling the health endpoint, not waiting for the page
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


def _serve(
    command: list[str], env: dict[str, str], log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """The server, healthy, on a free port; started again on another when its port was taken
    between free_port() and its bind (by the other worker's test, or its moto endpoint)."""
    for _ in range(3):
        port = free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*command, "--server.port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process, log)
        except _PortTaken:
            continue
        except BaseException:
            process.kill()
            raise
        return process, url
    raise RuntimeError(f"no free port after three tries:\n{log.read_text()}")


@contextmanager
def running_app(tmp: Path, **extra_env: str) -> Iterator[Server]:
    """`streamlit run app.py` with a clean AWS environment plus extra_env, until the block ends."""
    log = tmp / "streamlit.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.pop("NEO_LOCAL", None)
    env.update(
        NEO_CONFIGURATOR_DATA=str(tmp / "data"),
        NEO_SANDBOX_COMPILE_SECONDS="2",
        AWS_CONFIG_FILE=str(tmp / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp / "no-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        **extra_env,
    )
    script = env.pop("NEO_APP_FILE", "app.py")  # the benchmarks serve a baseline page this way
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",  # no reruns from edits elsewhere in the tree mid-test
        "none",
    ]
    process, url = _serve(command, env, log)
    try:
        yield Server(url, log, tmp / "data", process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def settle(page: Any) -> None:
    """Waits until the app's script run has finished, so no stale elements are on the page."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    page.locator('[data-stale="true"]').first.wait_for(state="detached")


def act(page: Any, action: Any, check: Any, attempts: int = 3) -> None:
    """Does an action until check() (playwright expects) passes.

    A click can land on an element Streamlit is replacing during a rerun and be lost; the
    result, not a sleep, says when it took effect.
    """
    for attempt in range(attempts):
        settle(page)
        action()
        try:
            check()
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def choose(page: Page, label: str, option: str, attempts: int = 3) -> None:
    """Picks an option of a Streamlit selectbox as a person would, opening the list again when
    a rerun closed it before the click (a polling fragment, a fresh server's late-loaded code)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    for attempt in range(attempts):
        settle(page)
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5000)
            settle(page)
            expect(box).to_have_value(option)
            return
        except (AssertionError, PlaywrightTimeoutError):
            if attempt == attempts - 1:
                raise


def fill(page: Page, label: str, value: str) -> None:
    """Types into a Streamlit text field and commits it, as a person pressing Enter would."""
    settle(page)
    field = page.get_by_role("textbox", name=label, exact=True)
    field.fill(value)
    field.press("Enter")
    expect(field).to_have_value(value)
    settle(page)


FIRST_PAGE_MS = 30000
"""The first page of a fresh server imports the app's modules: it may take this long."""


def step_heading(page: Page, name: str, timeout: float | None = None) -> None:
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=timeout)


def click(page: Page, name: str) -> None:
    settle(page)
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def next_step(page: Page, name: str) -> None:
    """Next, until the step's heading shows (a click lost in a rerun is made again)."""
    button = page.get_by_role("button", name="Next", exact=True)
    act(page, button.click, lambda: step_heading(page, name))


def back_step(page: Page, name: str) -> None:
    button = page.get_by_role("button", name="Back", exact=True)
    act(page, button.click, lambda: step_heading(page, name))


def preview(page: Page):
    return page.get_by_test_id("stCode").first


def local_endpoint_url(page: Page) -> str:
    """The simulation's address, as the sidebar shows it to the user."""
    label = page.get_by_test_id("stSidebar").get_by_text("Local simulation (moto) at")
    expect(label).to_be_visible()
    text = label.inner_text()  # a code span: the address as it is, nothing invisible in it
    match = re.search(r"http://127\.0\.0\.1:\d+", text)
    assert match, text
    return match.group(0)


def fill_job(page: Page, preset: str) -> str:
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    fill(page, "Model artifact (S3 URI) *", "s3://my-bucket/model.tar.gz")
    example = page.get_by_role("button", name="Use the example shape")
    act(page, example.click, lambda: expect(example).to_have_count(0, timeout=5000))
    expect(page.get_by_text("DataInputConfig is required")).to_have_count(0)
    next_step(page, "Target")
    act(
        page,
        page.get_by_role("button", name=f"Use {preset}").click,
        lambda: expect(page.get_by_text("in use")).to_be_visible(timeout=5000),
    )
    next_step(page, "Compiler options")
    next_step(page, "Output and job")
    fill(page, "S3 output location *", "s3://my-bucket/compiled/")
    fill(page, "IAM role ARN *", "arn:aws:iam::123456789012:role/SageMakerRole")
    name = page.get_by_role("textbox", name="Job name *", exact=True).input_value()
    next_step(page, "Review")
    expect(page.get_by_text("This request is valid.")).to_be_visible()
    return name


PAGE_TITLES = {
    "Configure": "Configure a compilation job",
    "Fleet": "Fleet compilation",
    "Jobs": "Compilation jobs",
    "Drafts": "Drafts",
    "Settings": "Settings",
}
"""Sidebar entry -> the page's own title, which proves the navigation happened."""


def go_to(page: Page, entry: str) -> None:
    """Opens a page from the sidebar and waits for its title, so the HTML read next is its own."""
    link = page.get_by_test_id("stSidebarNav").get_by_text(entry, exact=True)
    title = page.get_by_role("heading", name=PAGE_TITLES[entry], exact=True)
    act(page, link.click, lambda: expect(title).to_be_visible(timeout=10000))
    settle(page)


# st.data_editor tables: a canvas (glide-data-grid), edited as Streamlit's own e2e tests do it,
# by clicking at a cell's computed position and typing with the keyboard.

ROW_HEIGHT_PX = 35
"""Height of a data editor's header row and of each of its rows (Streamlit's useTableSizer)."""
ROW_MARKER_WIDTH_PX = 30
"""Width of the row marker column a dynamic editor (num_rows="dynamic") shows on the left."""
EDITOR_MS = 3000
"""How long a key press waits for a cell editor before the editor is opened again."""


def _running(payload: str | bytes) -> bool | None:
    """From a frame the server sends: whether a script run is going on (None: not said)."""
    if isinstance(payload, str):
        return None
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except DecodeError:
        return None
    if message.WhichOneof("type") != "session_status_changed":
        return None
    return message.session_status_changed.script_is_running


def _run_over(payload: str | bytes) -> bool:
    """Whether a frame the server sends says that no script run is going on any more."""
    return _running(payload) is False


def _asks_for_a_run(payload: str | bytes) -> bool:
    """Whether a frame the browser sends asks for a script run (a widget changed)."""
    if isinstance(payload, str):
        return False
    message = BackMsg()
    try:
        message.ParseFromString(payload)
    except DecodeError:
        return False
    return message.WhichOneof("type") == "rerun_script"


class ScriptRuns:
    """A page's script runs, as its websocket says them: to act only when none is under way.

    `settle` reads the page, which cannot tell a run asked for and not started from no run;
    a data editor sends its edit 150 ms after the cell is committed, and an edit made while a
    run is under way can be lost when that run's table arrives. Made before page.goto, it
    follows the page's websocket (a reload opens another).
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.socket: WebSocket | None = None
        self.busy = True
        page.on("websocket", self._connected)

    def _connected(self, socket: WebSocket) -> None:
        self.socket, self.busy = socket, True
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if _asks_for_a_run(payload):
            self.busy = True

    def _received(self, payload: str | bytes) -> None:
        running = _running(payload)
        if running is not None:
            self.busy = running

    def idle(self, timeout: float = 15000) -> None:
        """Waits until no script run is asked for or under way, and the page has settled."""
        assert self.socket is not None, "ScriptRuns(page) is made before page.goto"
        while self.busy:
            with self.socket.expect_event("framereceived", timeout=timeout):
                pass
        settle(self.page)

    def after(self, action: Any, timeout: float = 15000) -> None:
        """Does action (once no run is under way), then waits for the run it starts to end."""
        self.idle(timeout)
        assert self.socket is not None
        with self.socket.expect_event("framereceived", predicate=_run_over, timeout=timeout):
            action()
        self.idle(timeout)


@dataclass
class DataEditor:
    """A dynamic st.data_editor (num_rows="dynamic") on the page; rows and columns count from 0."""

    table: Locator
    runs: ScriptRuns

    def rows(self) -> Locator:
        """Its data rows, from the accessible table glide-data-grid keeps in sync."""
        return self.table.locator("table tbody tr")

    def cell(self, row: int, column: int) -> Locator:
        """A cell's text (column 0 is the first after the row markers)."""
        return self.table.get_by_test_id(f"glide-cell-{column + 1}-{row}")

    def add_row(self) -> None:
        """Presses the "Add row" toolbar button; waits for the row and the run it starts.

        The toolbar shows on hover, above the table, where it can overlap what is above (the
        tab list above the shapes table takes its clicks): the button is pressed by keyboard.
        """
        self.runs.idle()
        count = self.rows().count()
        self.table.hover()
        button = self.table.get_by_role("button", name="Add row")
        self.runs.after(lambda: button.press("Enter"))
        expect(self.rows()).to_have_count(count + 1)

    def edit(self, row: int, column: int, text: str) -> None:
        """Types text into a cell, commits it with Enter and waits for the run it starts.

        The first column is clicked at its computed position (rows are ROW_HEIGHT_PX high, under
        a header as high); the arrow keys reach the others, whose widths follow their content.
        The grid moves the focus to its accessible copy of the selected cell a moment after the
        cell editor opens, so the keys go to the editor's textarea by locator. Enter commits the
        value the editor holds in its state, drawn in a copy beside the textarea: the typing is
        done again (after Escape, which closes the editor uncommitted) until that copy shows it.
        """
        for attempt in range(3):
            editor = self._type(row, column, text)
            try:
                self.runs.after(functools.partial(editor.press, "Enter"))
                break
            except PlaywrightTimeoutError:
                # no run followed Enter: the grid lost the edit (a table drawn anew under the
                # editor, on a loaded machine); the cell says whether it holds the text
                if attempt == 2 or self.cell(row, column).inner_text() == text:
                    raise
        expect(self.cell(row, column)).to_have_text(text)

    def _type(self, row: int, column: int, text: str) -> Locator:
        """Opens the cell's editor and types text until the editor holds it; its textarea."""
        page = self.table.page
        self.runs.idle()
        self.table.scroll_into_view_if_needed()
        position: Position = {
            "x": ROW_MARKER_WIDTH_PX + 15,
            "y": ROW_HEIGHT_PX * (row + 1) + ROW_HEIGHT_PX / 2,
        }
        overlay = page.get_by_test_id("portal").locator(".gdg-clip-region")
        editor = overlay.locator("textarea")
        held = overlay.locator(".gdg-growing-entry > div")
        for attempt in range(3):
            if editor.count():
                with suppress(PlaywrightTimeoutError):  # gone already
                    editor.press("Escape", timeout=EDITOR_MS)
            self.table.click(position=position)
            for _ in range(column):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            try:
                expect(editor).to_be_visible()
                # short timeouts: an editor the grid redraws is detached for good, not for a
                # moment, and is opened again rather than waited for
                editor.press("ControlOrMeta+a", timeout=EDITOR_MS)
                editor.press_sequentially(text, timeout=EDITOR_MS)
                expect(held).to_have_text(text, timeout=EDITOR_MS)
                break
            except (AssertionError, PlaywrightTimeoutError):
                if attempt == 2:
                    raise
        return editor
