"""TEMPORARY stand-in until the importer lands."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError, Problem


@dataclass
class ImportResult:
    kind: str
    api: dict[str, Any]
    repairs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = "request"


def import_text(text: str) -> ImportResult:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NeoConfigError(f"Not JSON: {exc.msg}") from None
    if not isinstance(value, dict):
        raise NeoConfigError("Not an object")
    kind = "request" if "OutputConfig" in value else "output_config"
    return ImportResult(kind, value)
