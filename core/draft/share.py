"""Share a draft as a link: the draft compressed into a URL-safe token, and back."""

from __future__ import annotations

import base64
import json
import zlib

from pydantic import ValidationError

from core.draft.model import Draft
from core.errors import NeoConfigError

MAX_TOKEN_CHARS = 8000


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


def from_token(token: str) -> Draft:
    """The draft a share token describes; NeoConfigError when the token is damaged."""
    if len(token) > MAX_TOKEN_CHARS:
        raise NeoConfigError("The shared draft link is too long to be one this app made.")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(zlib.decompressobj().decompress(packed, 1_000_000))
        return Draft.model_validate(data)
    except (ValueError, zlib.error, ValidationError, TypeError, RecursionError):
        raise NeoConfigError("The shared draft link is damaged; ask for a new one.") from None
