"""Input shapes (DataInputConfig): the form each framework expects, checked before the server."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

Shape = list[int]


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


def parse_shapes(text: str, framework: str | None) -> dict[str, Shape] | list[Shape]:
    """Parses and checks a DataInputConfig string; raises ShapeError with a sentence."""
    conv = convention(framework)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ShapeError(
            f"Input shapes are not valid JSON ({exc.msg}, at character {exc.pos}); "
            f"write them like {conv.example or DEFAULT_CONVENTION.example}."
        ) from None
    if isinstance(value, dict):
        if not value:
            raise ShapeError(
                "Input shapes name no input; give at least one, like "
                + (conv.example or "{}")
                + "."
            )
        for name, dims in value.items():
            if not name.strip():
                raise ShapeError("An input name is empty.")
            _check_dims(name, dims)
        return value
    if isinstance(value, list):
        if not conv.list_form:
            raise ShapeError(
                f"{framework or 'This framework'} needs named inputs, like {conv.example}; "
                "only PyTorch accepts a plain list of shapes."
            )
        if not value or not all(isinstance(item, list) for item in value):
            raise ShapeError(
                "A list of shapes holds one list of sizes per input, like [[1, 3, 224, 224]]."
            )
        for index, dims in enumerate(value):
            _check_dims(f"input {index}", dims)
        return value
    raise ShapeError(
        f"Input shapes must be a JSON object like {conv.example or DEFAULT_CONVENTION.example}."
    )


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
