"""The rules.toml selectors that read the CompilerOptions value alone (rules.toml's header says
what each means): a table from selector to reader, so `core.spec.rules` asks one dict look-up
instead of walking its selectors.

Each reader takes the options value (an object, Neuron's flag string, or None), the selector's
wanted value, and `compared`, where it puts the values a message names ({value}).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from core.errors import quote

Reader = Callable[[Any, Any, dict[str, Any]], bool]


def _as_object(options: Any) -> dict[str, Any] | None:
    """The options as an object (Neuron's flag string is read as the key "flags")."""
    given = {"flags": options} if isinstance(options, str) else options
    return given if isinstance(given, dict) else None


def _named(compared: dict[str, Any], held: list[Any], shown: Callable[[Any], str] = quote) -> bool:
    if held:
        compared.update(value=", ".join(shown(item) for item in held))
    return bool(held)


def _list_at(options: Any, key: str, *, bare: bool) -> list[Any]:
    flags = options.get(key) if isinstance(options, dict) else None
    if bare and isinstance(flags, str):
        return [flags]
    return flags if isinstance(flags, list) else []  # a target without mattr takes any


def _unsigned_flag(options: Any, wanted: Any, compared: dict[str, Any]) -> bool:
    flags = _list_at(options, wanted, bare=False)
    return _named(  # an empty flag is options_empty's to name
        compared, [f for f in flags if isinstance(f, str) and f.strip()[:1] not in ("", "+", "-")]
    )


def _flag(options: Any, wanted: Any, compared: dict[str, Any]) -> bool:
    flags = _list_at(options, wanted["key"], bare=True)
    return _named(
        compared, [f for f in flags if isinstance(f, str) and f.strip() in wanted["flags"]]
    )


def _not_matching(options: Any, wanted: Any, compared: dict[str, Any]) -> bool:
    given = _as_object(options) or {}
    key = next((key for key in wanted["keys"] if key in given), None)
    value = given[key] if key is not None else None
    text = value if isinstance(value, str) or value is None else json.dumps(value)
    if text is None or not text.strip() or re.fullmatch(wanted["pattern"], text, re.DOTALL):
        return False  # blank text is options_empty's to name
    compared.update(value=quote(value), option=key)
    return True


def _blank(value: Any) -> bool:
    """Blank text, an empty list, or a list holding blank text (None is a key not given)."""
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list) and (
        not value or any(isinstance(item, str) and not item.strip() for item in value)
    )


def _empty(options: Any, wanted: Any, compared: dict[str, Any]) -> bool:
    given = _as_object(options) or {}
    empty = [name for name in wanted if _blank(given.get(name))]
    if isinstance(options, str):
        return _named(compared, ["its flag string"] if empty else [], str)
    return _named(compared, empty, str)


def _spellings(name: str | list[str]) -> list[str]:
    """A key, or a list of its spellings (["gpu-code", "gpu_code"]), as the list."""
    return [name] if isinstance(name, str) else name


def _missing(options: Any, wanted: Any, compared: dict[str, Any]) -> bool:
    if not isinstance(options, dict):
        return False
    return _named(compared, [group[0] for group in wanted if options.keys().isdisjoint(group)], str)


READERS: dict[str, Reader] = {
    "options_present": lambda options, wanted, _: (options is not None) == wanted,
    "options_object": lambda options, wanted, _: isinstance(options, dict) == wanted,
    "option_given": lambda options, wanted, _: (
        isinstance(options, dict) and any(name in options for name in wanted)
    ),
    "options_all_given": lambda options, wanted, _: (
        isinstance(options, dict)
        and all(not options.keys().isdisjoint(_spellings(name)) for name in wanted)
    ),
    "option_unsigned_flag": _unsigned_flag,
    "option_flag": _flag,
    "option_not_matching": _not_matching,
    "options_empty": _empty,
    "options_missing": _missing,
}
