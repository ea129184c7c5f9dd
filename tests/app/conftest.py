"""AppTest fixtures: the real app.py, with its store in a temporary folder."""

from __future__ import annotations

import os
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


@pytest.fixture
def aws_home(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No AWS_* variables and empty AWS config files of the test's own (the app stays local);
    a test writes the profiles it needs into `config`."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    home = tmp_path / "aws-home"
    home.mkdir()
    (home / "config").write_text("")
    (home / "credentials").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("HOME", str(home))
    return home
