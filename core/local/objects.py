"""The local endpoint's S3, read and written in-process (moto's S3 backend, no HTTP).

The compiler backend reads the model and writes the artifact here, and `persist` copies the
objects to disk: both act for the endpoint itself, so they skip the HTTP layer and its guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from moto.s3.exceptions import MissingBucket
from moto.s3.models import FakeKey, S3Backend, s3_backends

from core.local import ACCOUNT_ID

PARTITION = "aws"
"""moto keeps one S3 backend per partition (its old name for it was "global")."""


class ObjectProblem(Exception):
    """An S3 object cannot be read or written; the message is the sentence to show."""


def backend() -> S3Backend:
    return s3_backends[ACCOUNT_ID][PARTITION]


def split_uri(uri: str) -> tuple[str, str]:
    """(bucket, key) of s3://bucket/key; the key may be a prefix or empty."""
    if not uri.startswith("s3://"):
        raise ObjectProblem(f"{uri} is not an s3:// address; the local endpoint has only S3.")
    bucket, _, key = uri[5:].partition("/")
    return bucket, key


def _found(uri: str) -> FakeKey:
    bucket, key = split_uri(uri)
    try:
        found = backend().get_object(bucket, key) if key else None
    except MissingBucket:
        raise ObjectProblem(
            f"The model {uri} cannot be read: the local endpoint's S3 has no bucket "
            f"'{bucket}'. Upload the model there first."
        ) from None
    if found is None:
        raise ObjectProblem(
            f"The model {uri} cannot be read: the local endpoint's S3 has no such object in "
            f"bucket '{bucket}'. Upload the model there first."
        )
    return found


def read(uri: str) -> bytes:
    """The object's bytes, or ObjectProblem saying what is missing."""
    return bytes(_found(uri).value)


def unreadable(uri: str) -> str | None:
    """Why the model at uri cannot be read (None when it can), without reading it."""
    try:
        _found(uri)
    except ObjectProblem as exc:
        return str(exc)
    return None


def write(uri: str, data: bytes, metadata: dict[str, str] | None = None) -> FakeKey:
    """Stores data at uri; ObjectProblem when the bucket does not exist (as on AWS)."""
    bucket, key = split_uri(uri)
    try:
        stored = backend().put_object(bucket, key, data)
    except MissingBucket:
        raise ObjectProblem(
            f"The compiled model cannot be written to {uri}: the local endpoint's S3 has no "
            f"bucket '{bucket}'. Create it (or upload the model to it) first."
        ) from None
    if metadata:
        stored.set_metadata(dict(metadata))
    return stored


def buckets() -> Iterator[Any]:
    """The FakeBucket of every bucket, in creation order."""
    yield from list(backend().buckets.values())


def latest_keys(bucket: Any) -> Iterator[tuple[str, FakeKey]]:
    """(name, key) of each object's current version (delete markers and parts left out)."""
    for name, key in list(bucket.keys.items()):
        if isinstance(key, FakeKey):
            yield name, key


def restore_bucket(name: str, region: str) -> None:
    if name not in backend().buckets:
        backend().create_bucket(name, region)
