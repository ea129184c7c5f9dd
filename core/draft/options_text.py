"""CompilerOptions typed as JSON in the wizard: read into the form's values, or why not."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from core.errors import NeoConfigError
from core.jsontext import finite, loads_last, read_json, scrub
from core.spec.catalog import devices
from core.spec.option_fields import option_fields
from core.spec.options import MAX_OPTION_DEPTH, PAST_FLOAT, CompilerOptionsBase, nesting_depth

TOO_DEEP = (
    f"Options nest lists or objects more than {MAX_OPTION_DEPTH} levels deep; no target's do."
)


def options_example(model: type[CompilerOptionsBase]) -> str:
    """A CompilerOptions JSON value for hints: the required keys with their examples."""
    fields = [f for f in option_fields(model) if f.example is not None]
    if model.takes_string:
        return json.dumps(fields[0].example if fields else "--verbose 1")
    chosen = [f for f in fields if f.required] or fields[:1]
    if not chosen:
        return "{}" if model.family == "none" else '{"option": "value"}'
    return json.dumps({f.key: f.example for f in chosen}, ensure_ascii=False)


def parse_options_text(
    text: str, model_for: Callable[[Any], type[CompilerOptionsBase]]
) -> tuple[dict[str, Any] | None, str | None]:
    """(options, None) from JSON typed for a target's options, or (None, a sentence why not);
    model_for(value) is the target's options model for what was typed (a device may take a
    flag string or an object)."""
    if not text.strip():
        return {}, None
    try:  # as Import reads them: JSON, the documentation's Python-style quoting, or JSON a
        # shell stripped of its quotes
        value, _ = read_json(
            text,
            "CompilerOptions",
            lenient=True,
            bare_words=True,
            decimals_as_text=True,
            last_of_repeated=True,  # as Import keeps them (the request check warns)
        )
    except NeoConfigError as exc:
        return None, exc.message
    if nesting_depth(value) > MAX_OPTION_DEPTH:
        return None, TOO_DEEP
    if not finite(value):  # 1e400: the draft cannot hold it (it would be sent as Infinity)
        return None, f"CompilerOptions {PAST_FLOAT}"
    value, _ = scrub(value)
    model = model_for(value)
    values = model.form_values(value)
    if values is not None:
        return values, None
    if model.takes_string:
        return None, (
            f"Write the Neuron compiler flags as one JSON string, like {options_example(model)}."
        )
    if isinstance(value, str):  # the API text's INFERENTIA form, for another target
        flagged = ", ".join(d.value for d in devices() if d.options == "neuron")
        return None, (
            f"Compiler flags as one string are the form of the Neuron targets ({flagged}) "
            f"only; for this target write a JSON object, like {options_example(model)}."
        )
    return None, f"Write a JSON object, like {options_example(model)}."


def keys_given_twice(text: str) -> tuple[str, ...]:
    """The keys options typed as JSON name twice (the last value is the one applied), so the
    box can say which value it kept; () for text that is not JSON."""
    try:
        return loads_last(text)[1]
    except (ValueError, RecursionError):
        return ()
