"""The default name of a compilation job: unique, and one the API accepts."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

_RANDOM_END = re.compile(r"-\d{8}-\d{6}-[0-9a-f]{10}$")
"""The time and random part default_job_name ends with."""


_HINT_LENGTH = 20


def default_job_name(hint: str = "") -> str:
    """A unique, API-valid default name: neo-<hint>-<UTC time>-<random>, the hint's words
    joined by single hyphens and cut after a whole word ("linux / arm64 / nvidia" made
    neo-linux--arm64--nvid-...)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^a-z0-9]+", "-", hint.lower()).strip("-")
    if len(safe) > _HINT_LENGTH:
        head = safe[: _HINT_LENGTH + 1]
        safe = head.rsplit("-", 1)[0] if "-" in head else safe[:_HINT_LENGTH]
    parts = ["neo", safe, stamp, uuid.uuid4().hex[:10]]
    return "-".join(p for p in parts if p)


def fleet_base(job_name: str) -> str:
    """A fleet's default base name from the draft's job name: a default name without its time
    and random part (each target's name gets its own), a name the user gave as it is."""
    return _RANDOM_END.sub("", job_name)[:40]
