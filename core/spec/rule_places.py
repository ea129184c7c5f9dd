"""Where a rule that holds is found: the request fields its `field` selectors match (one
finding for each value), the undocumented option keys, or the request as a whole.

The `field` selectors (rules.toml's header lists them) read the request as the API takes it,
plain dicts and lists, so they also judge a request that does not validate yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from core.errors import quote
from core.knowledge.aliases import option_keys_in_text
from core.spec.problems import safe_key


def _at(value: Any, parts: list[str]) -> Iterator[tuple[int | None, Any]]:
    """The values at a dotted path; "Tags[]" walks every item (yielding its index). The API
    value is plain dicts and lists (what JSON and boto3 hold)."""
    for depth, head in enumerate(parts):
        if head.endswith("[]"):
            items = value.get(head[:-2]) if isinstance(value, dict) else None
            for index, item in enumerate(items if isinstance(items, list) else []):
                for _, found in _at(item, parts[depth + 1 :]):
                    yield index, found
            return
        if not isinstance(value, dict) or head not in value:
            return
        value = value[head]
    yield None, value


def _number(value: Any) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _field_contexts(when: Mapping[str, Any], api: dict[str, Any]) -> list[dict[str, Any]]:
    matched: list[dict[str, Any]] = []
    other = None
    if "below_field" in when:
        other = _number(next((v for _, v in _at(api, when["below_field"].split("."))), None))
    earlier: set[Any] = set()  # the request may not validate yet: any number of values, so a
    # set; a value that cannot be hashed (a list where text belongs) has its own error
    for index, value in _at(api, when["field"].split(".")):
        number = _number(value)
        text = value if isinstance(value, str) else None
        holds = (
            ("above" in when and number is not None and number > when["above"])
            or (other is not None and number is not None and number < other)
            or (when.get("repeated") and _seen(value, earlier))
            or (
                "contains" in when and text is not None and any(p in text for p in when["contains"])
            )
            or (
                "not_matching" in when
                and text is not None
                and not re.fullmatch(when["not_matching"], text)
            )
            or ("starts_with" in when and text is not None and _starts(text, when))
        )
        if holds:  # quoted only then: a raw value may be nested past what repr can print
            shown = value if number is not None and abs(number) < 10**18 else quote(value)
            limit = when.get("above", quote(other) if other is not None else None)
            matched.append({"value": shown, "limit": limit, "index": index})
    return matched


def _seen(value: Any, earlier: set[Any]) -> bool:
    try:
        if value in earlier:
            return True
        earlier.add(value)
    except TypeError:
        pass
    return False


def _starts(text: str, when: Mapping[str, Any]) -> bool:
    prefix = when["starts_with"]
    if when.get("ignore_case"):
        text, prefix = text.casefold(), prefix.casefold()
    return text.startswith(prefix)


def _spelled(key: str, api_key: str | None) -> str:
    """How the reference spells an undocumented key, when it is one of the target's keys."""
    if not api_key:
        return ""
    where = option_keys_in_text().get(key)
    if where:  # gpu_code: the text names it so, so "not given" alone read as a contradiction
        return (
            f"; its text writes {quote(key)} in {where}, but every example writes "
            f"{quote(api_key)}, and which one SageMaker reads is not documented"
        )
    return f"; it spells this one {quote(api_key)}"


def places(
    when: Mapping[str, Any], api: dict[str, Any], undocumented: tuple[tuple[str, str | None], ...]
) -> list[dict[str, Any]]:
    """Where a rule that holds is found: once per matching field value, once per undocumented
    option, or once for the request."""
    if "field" in when:
        return _field_contexts(when, api)
    if when.get("options_undocumented"):
        return [
            {
                "key": quote(key) if any(c in key for c in ".[]") else safe_key(key),
                "value": quote(key),
                "spelled": _spelled(key, api_key),
            }
            for key, api_key in undocumented
        ]
    return [{}]
