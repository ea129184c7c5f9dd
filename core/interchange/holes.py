"""Values a snippet names but this app cannot know: a call's result (`get_execution_role()`), a
shell variable, a CloudFormation `!Ref`. Readers keep them as markers, so every other value
survives; `take_holes` then takes each out and names where it comes from, as a problem."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.errors import quote
from core.interchange.log import ImportLog

MISSING: Any = object()
"""What take_holes returns for a value that was a hole: the member is left out."""


@dataclass(frozen=True)
class Unresolved:
    """A value that comes from something this app does not run or cannot see.

    `origin` is that something as written (source text, cut short); `sentence`, when given,
    replaces the usual "<field> comes from 'origin': fill it in."
    """

    origin: str
    sentence: str | None = None


@dataclass(frozen=True)
class JsonText:
    """json.dumps(value) of a value that still holds holes: dumped once they are taken out."""

    value: Any


def cut(text: str, limit: int = 60) -> str:
    """Source text for a sentence: one line, cut short."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cloudformation(value: dict[Any, Any]) -> Unresolved | None:
    """{"Ref": "Role"} or {"Fn::GetAtt": [...]} (CloudFormation's long form): not a value here."""
    if len(value) != 1:
        return None
    [(key, inner)] = value.items()
    if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")):
        return Unresolved(cut(f"{key}: {quote(inner)}"))
    return None


def label(path: str) -> str:
    return path.rsplit(".", 1)[-1] or "The value"


def has_holes(value: Any) -> bool:
    if isinstance(value, (Unresolved, JsonText)):
        return True
    if isinstance(value, dict):
        return _cloudformation(value) is not None or any(has_holes(v) for v in value.values())
    if isinstance(value, list):
        return any(has_holes(item) for item in value)
    return False


def take_holes(value: Any, path: str, log: ImportLog) -> Any:
    """value without its holes, each said as a problem at its path; MISSING if value was one."""
    if isinstance(value, dict):
        value = _cloudformation(value) or value
    if isinstance(value, Unresolved):
        said = (value.sentence or "{label} comes from {origin}: fill it in.").replace(
            "{origin}", quote(value.origin)
        )
        log.problem(path, said.replace("{label}", label(path)))
        return MISSING
    if isinstance(value, JsonText):
        inner = take_holes(value.value, path, log)
        return MISSING if inner is MISSING else json.dumps(inner)
    if isinstance(value, dict):
        kept: dict[Any, Any] = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            cleaned = take_holes(item, where, log)
            if cleaned is not MISSING:
                kept[key] = cleaned
        return kept
    if isinstance(value, list):
        items = (take_holes(item, f"{path}[{i}]", log) for i, item in enumerate(value))
        return [item for item in items if item is not MISSING]
    return value
