"""Input shapes (DataInputConfig): the form each framework expects, checked before the server."""

from __future__ import annotations

import json
from typing import Any

from core.knowledge.frameworks import DEFAULT, FrameworkFacts, framework_facts
from core.spec.base import api_json
from core.spec.service import limit

Shape = list[int]
DEFAULT_CONVENTION = DEFAULT


def convention(framework: str | None) -> FrameworkFacts:
    """How a framework wants its input shapes written (frameworks.toml, with its sources)."""
    return framework_facts(framework)


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


def data_input_json(value: Any) -> str:
    """The DataInputConfig string: spaced as usual, compact only when spacing breaks the limit."""
    return api_json(value, limit("InputConfig.DataInputConfig").max)
