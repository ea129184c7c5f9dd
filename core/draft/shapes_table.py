"""The wizard's shapes table: DataInputConfig text to rows of (input name, sizes) and back.

Pure conversions, so the editor's behaviour is tested without Streamlit.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any, Literal

from core.errors import NeoConfigError, Problem
from core.jsontext import bare_words_quoted, literal_json, read_json
from core.spec.shapes import convention

NAME, SHAPE = "Input name", "Shape"
"""The columns of the wizard's shapes table."""


def shape_form(text: str) -> Literal["named", "list"] | None:
    """Whether a DataInputConfig text holds named inputs or a list; None when it holds neither."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # bad syntax, or past 4,300 digits
        return None
    if isinstance(value, dict):
        return "named"
    return "list" if isinstance(value, list) else None


def _dims_text(dims: Any) -> str:
    if isinstance(dims, list):
        return ", ".join("null" if d is None else str(d) for d in dims)
    return dims if isinstance(dims, str) else json.dumps(dims)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object's (name, value) pairs in order, a name given twice kept twice."""


def shapes_to_rows(text: str) -> list[dict[str, str]]:
    """Table rows (input name, sizes) for a DataInputConfig text; none when it is unreadable."""
    try:
        value = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):  # bad syntax, or past 4,300 digits
        return []
    if isinstance(value, _Pairs):
        return [{NAME: name, SHAPE: _dims_text(dims)} for name, dims in value]
    if isinstance(value, list):
        return [{NAME: "", SHAPE: _dims_text(dims)} for dims in value]
    return []


_SIZE = re.compile(rf"-?\d{{1,{sys.get_int_max_str_digits() or 4300}}}")
"""A size as the JSON box reads one: any whole number Python reads (a size past what the API
holds is read, and the check says so, as it does for the same text in the JSON box)."""


def _parse_dims(text: str) -> list[int | None] | str:
    """Sizes written "1, 3, 224, 224" (brackets allowed); text that is not is kept as typed."""
    inner = text.strip().removeprefix("[").removesuffix("]")
    parts = [p.strip() for p in re.split(r"[,\s]+", inner) if p.strip()]
    if parts and all(p == "null" or _SIZE.fullmatch(p) for p in parts):
        return [None if p == "null" else int(p) for p in parts]
    return text.strip()


def rows_to_shapes(rows: list[dict[str, Any]], as_list: bool) -> str:
    """DataInputConfig text from table rows; a cell that is no list of sizes is kept as typed.

    Keeping what was typed (a name twice, "1, x") puts it in the draft, where the check says
    what is wrong, instead of dropping the row.
    """
    entries: list[tuple[str, list[int | None] | str]] = []
    for row in rows:
        name = str(row.get(NAME) or "").strip()
        dims = str(row.get(SHAPE) or "").strip()
        if name or dims:
            entries.append((name, _parse_dims(dims)))
    if not entries:
        return ""
    if as_list:
        return json.dumps([dims for _, dims in entries])
    return "{" + ", ".join(f"{json.dumps(n)}: {json.dumps(d)}" for n, d in entries) + "}"


def convert_shapes(text: str, *, to_list: bool, names: Sequence[str] = ()) -> str:
    """Named inputs to a list of shapes (in order), or a list to inputs named by `names` (the
    names the list was made from, when it still has as many shapes) or input0, input1..."""
    form = shape_form(text)
    if form is None or (form == "list") == to_list:
        return text
    value = json.loads(text, object_pairs_hook=_Pairs)
    if to_list:
        return json.dumps([dims for _, dims in value])
    if len(names) != len(value) or len(set(names)) != len(names):
        names = [f"input{index}" for index in range(len(value))]
    return json.dumps(dict(zip(names, value, strict=True)), ensure_ascii=False)


def switch_form(text: str, to_list: bool, names: Sequence[str]) -> tuple[str, list[str]]:
    """The shapes in the other form, and the names to keep for a list: those of the named
    shapes it was made from, given back (and let go) when it becomes named inputs again."""
    if to_list and shape_form(text) == "named":
        names = input_names(text)
    return convert_shapes(text, to_list=to_list, names=names), list(names) if to_list else []


def input_names(text: str) -> list[str]:
    """The input names of named shapes, in order ([] for a list or unreadable text)."""
    try:
        value = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):  # bad syntax, or past 4,300 digits
        return []
    return [name for name, _ in value] if isinstance(value, _Pairs) else []


def typed_shapes(text: str) -> str:
    """Shapes as typed in the JSON box, rewritten as JSON when written as the documentation
    writes them (Python-style quotes) or with names that lost their quotes, as Import reads
    them (a name given twice stays twice, for the check to warn about); anything else is kept
    as typed, for the check to explain."""
    stripped = text.strip()
    if not stripped:
        return ""
    try:
        value, python_style = read_json(stripped, "Input shapes", lenient=True, bare_words=True)
    except NeoConfigError:  # a name given twice without quotes is refused there; kept here
        return bare_words_quoted(stripped) or stripped
    if python_style and isinstance(value, (dict, list)):
        return literal_json(stripped) or bare_words_quoted(stripped) or json.dumps(value)
    return stripped


def carried_over(shapes: str, written_for: str, framework: str) -> Problem | None:
    """A warning when the shapes were written for another framework than the one chosen (none
    when the chosen one takes no shapes: shapes/not-needed says to remove them)."""
    if not shapes.strip() or not written_for or written_for == framework:
        return None
    if not convention(framework).needed:
        return None
    before, after = convention(written_for).layout, convention(framework).layout
    layouts = (
        f" ({written_for} wants {before}, {framework} wants {after})"
        if before and after and before != after
        else ""
    )
    return Problem(
        "InputConfig.DataInputConfig",
        f"These input shapes were written for {written_for}; check them for {framework}{layouts}.",
        "warning",
    )
