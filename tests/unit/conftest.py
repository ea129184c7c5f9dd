"""Fixtures the core tests share: an empty store and a draft ready to fan out to a fleet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from core.aws.client import NeoClient
from core.draft.model import Draft
from core.jobs.store import Store
from tests.clients import sagemaker_client


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store of this test's own, so job records never leak between tests."""
    return Store(tmp_path / "store.sqlite3")


@pytest.fixture
def base_draft(valid_request: dict[str, Any]) -> Draft:
    """A valid request whose model (TensorFlow, NHWC shapes) every target in the catalog takes."""
    draft = Draft.from_api(valid_request)
    draft.framework, draft.input_shapes = "TENSORFLOW", '{"input": [1, 224, 224, 3]}'
    return draft


@pytest.fixture
def stubbed() -> Iterator[tuple[NeoClient, Stubber]]:
    """A real botocore client with a Stubber; teardown checks no stubbed answer went unused."""
    client = sagemaker_client()
    with Stubber(client) as stubber:
        yield NeoClient(client), stubber
        stubber.assert_no_pending_responses()
