"""The default name of a compilation job: unique, and one the API accepts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def default_job_name(hint: str = "") -> str:
    """A unique, API-valid default name: neo-<hint>-<UTC time>-<random>."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in hint.lower()).strip("-")
    parts = ["neo", safe[:20], stamp, uuid.uuid4().hex[:10]]
    return "-".join(p for p in parts if p).replace("--", "-")
