"""How the options form shows a value and reads it back: pure conversions, tested without a UI."""

from __future__ import annotations

import re
from typing import Any

from core.jsontext import SAFE_INT
from core.spec.option_fields import OptionField

_DIGITS = r"[0-9](?:_?[0-9])*"
_NUMBER = re.compile(rf"[+-]?({_DIGITS}(\.({_DIGITS})?)?|\.{_DIGITS})([eE][+-]?{_DIGITS})?")
"""A number as Python and pydantic write one (1_000, 900.0, 9e2): whatever the check would read
as a whole number, this reads first, so the draft never keeps such text."""


def whole_number_or_text(text: Any) -> int | str | None:
    """What a person typed where a whole number goes: the number when it is a whole one
    (written 900, 900.0 or 9e2), None when nothing was typed, else the text as typed, which the
    request check then calls wrong beside the field. A browser's number field does worse: it
    turned 5,000 nines into 0 and 1e3 into 1 without a word."""
    typed = str(text if text is not None else "").strip()
    if not typed:
        return None
    if _NUMBER.fullmatch(typed) and len(typed) <= 32:
        number = float(typed)  # exact for every whole number up to SAFE_INT
        if number.is_integer() and abs(number) <= SAFE_INT:
            return int(number)
    return typed


def whole_number_text(value: Any) -> str:
    """A whole number (or text kept as typed) as a text field shows it."""
    return "" if value is None else str(value)


def fits(field: OptionField, value: Any) -> bool:
    """Whether a form widget can show value; a value that does not is shown as text instead."""
    if value is None:
        return True
    if field.kind == "int":  # text kept as typed stays in its field, with the check's error
        whole = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= SAFE_INT
        return whole or isinstance(value, str)
    if field.kind == "list":
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
    return isinstance(value, str)


def option_to_widget(kind: str, value: Any) -> Any:
    if kind == "int":
        return whole_number_text(value)
    if kind == "list":
        return ", ".join(value) if isinstance(value, list) else (value or "")
    if kind == "choice":
        return value or ""
    return value if value is not None else ("" if kind == "text" else None)


def option_from_widget(kind: str, value: Any) -> Any:
    if kind == "int":
        return whole_number_or_text(value)
    if kind == "list":
        return [part.strip() for part in str(value or "").split(",") if part.strip()]
    if kind == "text":
        return str(value or "").strip()
    return value
