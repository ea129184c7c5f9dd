"""End-to-end fixtures: `streamlit run app.py` on a free localhost port, and Debian's Chromium.

The server's log goes to a file, printed when a test fails; tests wait on /_stcore/health and on
elements with playwright's `expect`, never on fixed sleeps.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from bench.ws_client import run_async, visit
from tests.e2e.helpers import CHROMIUM_ARGS, ROOT, Server, running_app

os.environ.setdefault("NEO_LOCAL_ENDPOINT_KEY", "E2E" + secrets.token_urlsafe(24))
"""The app under test and this test process share its local endpoint's key, so a test can look
at the jobs the app created (the endpoint answers no other key)."""

ARTIFACTS = ROOT / "test-artifacts"

expect.set_options(timeout=10_000)
"""Every `expect` may wait 10 s, not playwright's 5: on a loaded machine (parallel workers, other
jobs) a run can take seconds. A passing check returns as soon as it holds, so this costs a
passing run nothing; what the app must do fast is measured in bench/, not here."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real app on its embedded local endpoint (no AWS credentials at all)."""
    with running_app(tmp_path_factory.mktemp("e2e")) as server:
        run_async(visit(server.url, clicks=0))  # a fresh server's first page imports the app:
        yield server  # done here, so no test's first wait pays for it (seconds on a busy machine)


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


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
