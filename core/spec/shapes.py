"""Input shapes (DataInputConfig): the form each framework expects, checked before the server."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

Shape = list[int]
NAME, SHAPE = "Input name", "Shape"
"""The columns of the wizard's shapes table."""


@dataclass(frozen=True)
class ShapeConvention:
    """How a framework wants its input shapes written, with the developer guide's example."""

    layout: str
    example: str
    named: bool = True
    list_form: bool = False
    needed: bool = True


CONVENTIONS: dict[str, ShapeConvention] = {
    "TENSORFLOW": ShapeConvention("NHWC", '{"input": [1, 224, 224, 3]}'),
    "TFLITE": ShapeConvention("NHWC", '{"input": [1, 224, 224, 3]}'),
    "KERAS": ShapeConvention("NCHW", '{"input_1": [1, 3, 224, 224]}'),
    "MXNET": ShapeConvention("NCHW", '{"data": [1, 3, 224, 224]}'),
    "ONNX": ShapeConvention("NCHW", '{"data": [1, 3, 224, 224]}'),
    "DARKNET": ShapeConvention("NCHW", '{"data": [1, 3, 224, 224]}'),
    "PYTORCH": ShapeConvention("NCHW", '{"input0": [1, 3, 224, 224]}', list_form=True),
    "XGBOOST": ShapeConvention("", "", named=False, needed=False),
    "SKLEARN": ShapeConvention("", "", named=False, needed=False),
}
DEFAULT_CONVENTION = ShapeConvention("NCHW", '{"data": [1, 3, 224, 224]}')


def convention(framework: str | None) -> ShapeConvention:
    return CONVENTIONS.get(framework or "", DEFAULT_CONVENTION)


class ShapeError(ValueError):
    """An input-shape document that does not fit its framework; the text is for people."""


def _check_dims(name: str, dims: Any) -> Shape:
    if not isinstance(dims, list) or not dims:
        raise ShapeError(
            f"The shape of '{name}' must be a non-empty list of sizes, like [1, 3, 224, 224]."
        )
    for dim in dims:
        if dim is None:
            raise ShapeError(
                f"The shape of '{name}' has a dynamic (null) dimension; "
                "Neo needs a fixed size for each."
            )
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
            raise ShapeError(
                f"The shape of '{name}' has '{dim}'; "
                "every size must be a whole number of at least 1."
            )
    return dims


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    for name in names:
        if names.count(name) > 1:
            raise ShapeError(f"The input '{name}' is named twice; give each input its own name.")
    return dict(pairs)


def parse_shapes(text: str, framework: str | None) -> dict[str, Shape] | list[Shape]:
    """Parses and checks a DataInputConfig string; raises ShapeError with a sentence."""
    conv = convention(framework)
    example = conv.example or DEFAULT_CONVENTION.example
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise ShapeError("Input shapes are nested too deeply to be shapes.") from None
    except json.JSONDecodeError as exc:
        if not conv.needed:
            raise ShapeError(_not_needed(framework)) from None
        raise ShapeError(
            f"Input shapes are not valid JSON ({exc.msg}, at character {exc.pos}); "
            f"write them like {example}."
        ) from None
    if not conv.needed and not (isinstance(value, dict) and value):
        raise ShapeError(_not_needed(framework))
    if isinstance(value, dict):
        if not value:
            raise ShapeError(f"Input shapes name no input; give at least one, like {example}.")
        for name, dims in value.items():
            if not name.strip():
                raise ShapeError("An input name is empty.")
            _check_dims(name, dims)
        return value
    if isinstance(value, list):
        if not conv.list_form:
            raise ShapeError(
                f"{framework or 'This framework'} needs named inputs, like {example}; "
                "only PyTorch accepts a plain list of shapes."
            )
        if not value or not all(isinstance(item, list) for item in value):
            raise ShapeError(
                "A list of shapes holds one list of sizes per input, like [[1, 3, 224, 224]]."
            )
        for index, dims in enumerate(value):
            _check_dims(f"input {index}", dims)
        return value
    raise ShapeError(f"Input shapes must be a JSON object like {example}.")


def _not_needed(framework: str | None) -> str:
    return f"{framework} takes no input shapes; remove DataInputConfig."


# ---- the wizard's table form ---------------------------------------------------------------------


def shape_form(text: str) -> Literal["named", "list"] | None:
    """Whether a DataInputConfig text holds named inputs or a list; None when it holds neither."""
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
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
    except (json.JSONDecodeError, RecursionError):
        return []
    if isinstance(value, _Pairs):
        return [{NAME: name, SHAPE: _dims_text(dims)} for name, dims in value]
    if isinstance(value, list):
        return [{NAME: "", SHAPE: _dims_text(dims)} for dims in value]
    return []


def _parse_dims(text: str) -> list[int | None] | str:
    """Sizes written "1, 3, 224, 224" (brackets allowed); text that is not is kept as typed."""
    inner = text.strip().removeprefix("[").removesuffix("]")
    parts = [p.strip() for p in re.split(r"[,\s]+", inner) if p.strip()]
    if parts and all(p == "null" or re.fullmatch(r"-?\d{1,18}", p) for p in parts):
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


def convert_shapes(text: str, *, to_list: bool) -> str:
    """Named inputs to a list of shapes (in order), or a list to inputs named input0, input1..."""
    form = shape_form(text)
    if form is None or (form == "list") == to_list:
        return text
    value = json.loads(text, object_pairs_hook=_Pairs)
    if to_list:
        return json.dumps([dims for _, dims in value])
    return json.dumps({f"input{index}": dims for index, dims in enumerate(value)})


def layout_warnings(shapes: dict[str, Shape] | list[Shape], framework: str | None) -> list[str]:
    """Hints for the NHWC/NCHW mix-ups users trip on most (Keras wants NCHW for NHWC models)."""
    conv = convention(framework)
    items = shapes.items() if isinstance(shapes, dict) else enumerate(shapes)
    hints: list[str] = []
    for name, dims in items:
        if len(dims) != 4:
            continue
        looks_nhwc = dims[3] in (1, 3) and dims[1] not in (1, 3)
        looks_nchw = dims[1] in (1, 3) and dims[3] not in (1, 3)
        if conv.layout == "NCHW" and looks_nhwc:
            extra = ", even though Keras models themselves are NHWC" if framework == "KERAS" else ""
            hints.append(
                f"Input '{name}' {dims} looks channel-last (NHWC); {framework} wants NCHW{extra}."
            )
        elif conv.layout == "NHWC" and looks_nchw:
            hints.append(
                f"Input '{name}' {dims} looks channel-first (NCHW); {framework} wants NHWC."
            )
    return hints
