"""End-to-end fixtures: `streamlit run app.py` on a free localhost port, and Debian's Chromium.

The server's log goes to a file, printed when a test fails; tests wait on /_stcore/health and on
elements with playwright's `expect`, never on fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    data_dir: Path


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling the health endpoint, not waiting for the page
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


@contextmanager
def running_app(tmp: Path, **extra_env: str) -> Iterator[Server]:
    """`streamlit run app.py` with a clean AWS environment plus extra_env, until the block ends."""
    port = free_port()
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
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",  # no reruns from edits elsewhere in the tree mid-test
        "none",
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield Server(url, log, tmp / "data")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real app on its embedded local endpoint (no AWS credentials at all)."""
    with running_app(tmp_path_factory.mktemp("e2e")) as server:
        yield server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    server = item.funcargs.get("app_server") if hasattr(item, "funcargs") else None
    if report.failed and server is not None and server.log.exists():
        report.sections.append(("streamlit server log", server.log.read_text()[-20000:]))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium from PATH: playwright cannot download its own browser here."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not on PATH; scripts/test.sh installs it.")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


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


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
