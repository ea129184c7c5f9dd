"""How the options form shows a value and reads it back: pure conversions, tested without a UI."""

from __future__ import annotations

from typing import Any

from core.jsontext import SAFE_INT
from core.spec.option_fields import OptionField


def fits(field: OptionField, value: Any) -> bool:
    """Whether a form widget can show value; a value that does not is shown as text instead."""
    if value is None:
        return True
    if field.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= SAFE_INT
    if field.kind == "list":
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
    return isinstance(value, str)


def option_to_widget(kind: str, value: Any) -> Any:
    if kind == "list":
        return ", ".join(value) if isinstance(value, list) else (value or "")
    if kind == "choice":
        return value or ""
    return value if value is not None else ("" if kind == "text" else None)


def option_from_widget(kind: str, value: Any) -> Any:
    if kind == "list":
        return [part.strip() for part in str(value or "").split(",") if part.strip()]
    if kind == "text":
        return str(value or "").strip()
    return value
