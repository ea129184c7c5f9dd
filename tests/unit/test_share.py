"""Share links: bounded, idempotent, and never a traceback (issue 12)."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from core.draft.model import Draft
from core.draft.share import MAX_DRAFT_BYTES, MAX_TOKEN_CHARS, from_token, shared_id, to_token
from core.errors import NeoConfigError


def token_of(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def test_a_link_that_expands_past_the_bound_is_refused_with_a_sentence() -> None:
    """A 1.6 KB link of repeated text expands past 64 KB: refused, nothing decoded past it."""
    huge = json.dumps({"name": "x" * (MAX_DRAFT_BYTES * 4)}).encode()
    token = token_of(huge)
    assert len(token) < MAX_TOKEN_CHARS
    with pytest.raises(NeoConfigError, match="expands to more than 64 KB"):
        from_token(token)


def test_the_same_link_gives_the_same_draft_id() -> None:
    """Opening one link twice names one draft, so the store keeps one copy."""
    token = to_token(Draft(model_s3_uri="s3://b/m.tar.gz"))
    assert from_token(token).id == from_token(token).id == shared_id(token)
    other = to_token(Draft(model_s3_uri="s3://b/other.tar.gz"))
    assert from_token(other).id != from_token(token).id


@pytest.mark.parametrize(
    "raw",
    [
        b'{"max_runtime": ' + b"9" * 5000 + b"}",
        b'{"max_runtime": NaN}',
        b'{"name": "a", "name": "b"}',
        b"[" * 10000,
        b"\xff\xfe not utf-8",
    ],
    ids=["5000-digit number", "NaN", "key twice", "deep nesting", "not UTF-8"],
)
def test_a_damaged_link_is_a_sentence(raw: bytes) -> None:
    """Whatever a link decodes to, the answer is a sentence, not an exception of Python's."""
    with pytest.raises(NeoConfigError, match="damaged"):
        from_token(token_of(raw))
