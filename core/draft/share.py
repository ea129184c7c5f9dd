"""Share a draft as a link: the draft compressed into a URL-safe token, and back."""

from __future__ import annotations

import base64
import hashlib
import json
import zlib

from pydantic import ValidationError

from core.draft.model import Draft
from core.errors import NeoConfigError
from core.jsontext import read_json

MAX_TOKEN_CHARS = 8000
MAX_DRAFT_BYTES = 64 * 1024
"""What a token may expand to: a whole draft at its fields' API limits is well under this."""


def to_token(draft: Draft) -> str:
    """A URL-safe token that reproduces the draft (compressed JSON, no secrets in it)."""
    data = draft.model_dump(exclude={"id", "step"})
    packed = zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def share_link(base_url: str, draft: Draft) -> str | None:
    """The address that opens a copy of draft, or None when the app would refuse its token.

    Any query or fragment of base_url (such as ?draft=<id>) is dropped: the link carries only
    the token, since a second '?' would hide it inside the draft parameter.
    """
    token = to_token(draft)
    if len(token) > MAX_TOKEN_CHARS:
        return None
    base = base_url.split("#", 1)[0].split("?", 1)[0]
    return f"{base}?d={token}"


def shared_id(token: str) -> str:
    """The id a shared link's draft gets: the same link opened twice is one draft, not two."""
    return "s" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:11]


def from_token(token: str) -> Draft:
    """The draft a share token describes (its id from the token); NeoConfigError with a
    sentence when the token is too long, expands too far, or is damaged."""
    if len(token) > MAX_TOKEN_CHARS:
        raise NeoConfigError("The shared draft link is too long to be one this app made.")
    damaged = "The shared draft link is damaged; ask for a new one."
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, MAX_DRAFT_BYTES)
    except (ValueError, zlib.error):
        raise NeoConfigError(damaged) from None
    if inflater.unconsumed_tail:
        raise NeoConfigError(
            f"The shared draft link expands to more than {MAX_DRAFT_BYTES // 1024} KB, which no "
            "draft this app shares does; it was not opened."
        )
    try:
        data, _ = read_json(text.decode("utf-8"), "The shared draft")
        draft = Draft.model_validate(data)
    except (NeoConfigError, UnicodeDecodeError, ValidationError, TypeError, RecursionError):
        raise NeoConfigError(damaged) from None
    draft.id = shared_id(token)
    return draft
