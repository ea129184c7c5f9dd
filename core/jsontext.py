"""JSON text from users: one place that reads it, so every parse fails the same, explained way."""

from __future__ import annotations

import json
from typing import Any

SAFE_INT = 2**53 - 1
"""The largest whole number a browser holds exactly (JavaScript's safe integer)."""


class DuplicateKeyError(ValueError):
    """A JSON object that names one key twice: json.loads would silently keep the last."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def loads_unique(text: str) -> Any:
    """json.loads that refuses an object naming a key twice, instead of losing a value."""
    return json.loads(text, object_pairs_hook=_unique_pairs)


def scrub(value: Any) -> tuple[Any, bool]:
    """value with lone surrogates (valid JSON escapes, but not Unicode, so no page can show
    them) replaced by '?', and whether any was."""
    changed = False

    def clean(item: Any) -> Any:
        nonlocal changed
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                changed = True
                return item.encode("utf-8", "replace").decode("utf-8")
            return item
        if isinstance(item, dict):
            return {clean(k): clean(v) for k, v in item.items()}
        if isinstance(item, list):
            return [clean(element) for element in item]
        return item

    return clean(value), changed
