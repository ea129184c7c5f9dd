"""A real moto S3 server for the upload, S3 inspection and CLI tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import model_builders as mb
import pytest
from moto.server import ThreadedMotoServer


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on a free local port, for real HTTP uploads and downloads."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint: str) -> Any:
    """A client on the moto server with a bucket named `models`."""
    client = mb.s3_client(s3_endpoint)
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket="models")
    return client
