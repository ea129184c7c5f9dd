"""Fixtures shared by every test folder: a valid request and the local endpoint."""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from tests.clients import put_local_object

os.environ.setdefault("NEO_SANDBOX_COMPILE_SECONDS", "1")
_OWNER = "NEO_TESTS_DATA_PID"
if "NEO_CONFIGURATOR_DATA" not in os.environ or os.environ.get(_OWNER, str(os.getpid())) != str(
    os.getpid()
):  # unset, or inherited from the xdist controller: a folder of this process's own
    os.environ["NEO_CONFIGURATOR_DATA"] = _data = tempfile.mkdtemp(prefix="neo-tests-")
    os.environ[_OWNER] = str(os.getpid())
    atexit.register(shutil.rmtree, _data, True)  # registered first, so it runs last
"""Each test process (xdist worker) keeps its data, the local endpoint's included, apart:
one process owns an endpoint folder (the others would run without saving)."""


VALID_REQUEST: dict[str, Any] = {
    "CompilationJobName": "neo-test-job",
    "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
    "InputConfig": {
        "S3Uri": "s3://my-bucket/models/model.tar.gz",
        "Framework": "MXNET",
        "DataInputConfig": '{"data": [1, 3, 224, 224]}',
    },
    "OutputConfig": {"S3OutputLocation": "s3://my-bucket/compiled/", "TargetDevice": "ml_c5"},
    "StoppingCondition": {"MaxRuntimeInSeconds": 900},
}


@pytest.fixture
def valid_request() -> dict[str, Any]:
    """A fresh copy of a request SageMaker accepts, to vary per test."""
    return copy.deepcopy(VALID_REQUEST)


@pytest.fixture(scope="session")
def local_url() -> Iterator[str]:
    """The embedded local endpoint (moto's server with the product's fixes), over real HTTP."""
    from core.local.server import local_endpoint

    yield local_endpoint()


SHARED_MODELS = (VALID_REQUEST["InputConfig"]["S3Uri"], "s3://my-bucket/model.tar.gz")
"""The models the shared request and the AppTests' filled wizard (tests/app/helpers.py) name."""


@pytest.fixture
def local_models(local_url: str) -> str:
    """SHARED_MODELS put in the local endpoint's S3, for tests whose jobs must get past
    STARTING (a job whose model is missing fails there, as on SageMaker); the endpoint's URL."""
    for uri in SHARED_MODELS:
        put_local_object(local_url, uri)
    return local_url
