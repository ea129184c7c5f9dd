"""AppTest fixtures: the real app.py, with its store in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.aws.connection import clear_shared_clients

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NEO_CONFIGURATOR_DATA", str(tmp_path))
    monkeypatch.setenv("NEO_LOCAL", "1")
    st.cache_resource.clear()
    clear_shared_clients()  # event hooks a test put on a shared client never reach the next
    yield tmp_path
    st.cache_resource.clear()
    clear_shared_clients()


@pytest.fixture
def new_app(data_dir: Path) -> Callable[..., AppTest]:
    """Starts a fresh browser session (an AppTest) on the app, optionally with query params."""

    def start(**query: str) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=30)
        for key, value in query.items():
            app.query_params[key] = value
        return app.run()

    return start
