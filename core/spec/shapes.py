"""Input shapes (DataInputConfig): every form the documentation gives, checked before the server.

The forms (API reference, InputConfig.DataInputConfig,
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InputConfig.html, and the developer
guide's "Prepare Model for Compilation",
https://docs.aws.amazon.com/sagemaker/latest/dg/neo-compilation-preparing-model.html):

- named shapes, {"data": [1, 3, 224, 224]}, for every framework that takes shapes;
- a list of shapes, [[1, 3, 224, 224]], for PyTorch;
- per-input objects, {"input_1": {"shape": [...], "default_shape": [...], "type": "Image",
  "bias": [...], "scale": 0.0078}}, whose shape may hold ranges ("1..10") or list several shapes
  (Core ML's converter), and the list of such objects without names ([{"shape": [...],
  "dtype": "float32"}], Core ML from PyTorch, PyTorch 2.0 and later).

The structure is checked here (a shape that is no list of numbers is refused); which form suits
which target, and values no page shows (a null or 0 size, an empty name), are for the documented
rules: `features` names them and rules.toml warns where no page documents them.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.jsontext import finite, loads_last
from core.knowledge.frameworks import DEFAULT, FrameworkFacts, framework_facts
from core.spec.base import api_json
from core.spec.service import limit

Shape = list[int]
DEFAULT_CONVENTION = DEFAULT

OBJECT_KEYS = ("shape", "default_shape", "type", "bias", "scale", "dtype")
"""The keys an input object may hold (Core ML's converter parameters and PyTorch's dtype)."""
INPUT_TYPES = ("Image", "Tensor")
_CACHED_UP_TO = limit("InputConfig.DataInputConfig").max or 0
"""Texts past the API's limit are parsed every time, not kept."""
_RANGE = re.compile(r"([0-9]+)\.\.(-1|[0-9]+)")


def convention(framework: str | None) -> FrameworkFacts:
    """How a framework wants its input shapes written (frameworks.toml, with its sources)."""
    return framework_facts(framework)


class ShapeError(ValueError):
    """An input-shape document that does not fit its framework; the text is for people. kind
    (json, named, coreml, form) is the part of the documentation it departs from: rules.toml's
    [[model_check]] rows cite each as input_shapes.<kind>."""

    def __init__(self, message: str, kind: str = "form") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class InputShape:
    """One input: its name (None in the list forms) and a fixed shape when one is known."""

    name: str | None
    fixed: tuple[int, ...] | None
    """The plain shape, or an object's default_shape or single fixed shape (for layout hints)."""


def _unseen(char: str) -> bool:
    """A character that shows as nothing (a zero-width space, a control character): pasted
    from a web page with a name, never typed."""
    return unicodedata.category(char) in ("Cc", "Cf")


@dataclass(frozen=True)
class Shapes:
    """A parsed DataInputConfig: its inputs and the forms it uses."""

    inputs: tuple[InputShape, ...]
    features: frozenset[str]
    """Forms used beyond named plain shapes: list, objects, ranges, enumerated, default_shape,
    type, bias, scale, dtype, unknown_keys, unneeded (shapes for a framework that takes none,
    left unread), and the odd values scalar (an input's shape []), dynamic, not_whole,
    not_positive, oversized (sizes),
    empty_name, hidden_in_name (a space at an end of an input's name, or a character that
    does not show), image_unscaled (an Image input without bias or scale) and dtype_unnamed (a dtype
    that is no type name); rules.toml's shape_features selector reads them."""
    duplicate_keys: tuple[str, ...] = ()
    """Keys an object of the text named twice (input names or an input's keys): the last value
    was read."""
    coreml_faults: tuple[str, ...] = ()
    """Input objects' type, bias or scale not in the reference's Core ML forms, each a clause:
    rules.toml's shapes/coreml-object-forms refuses them for Core ML, where they are
    documented; elsewhere the reference is silent on these keys (shapes/coreml-converter-
    parameters warns)."""


def _check_dims(
    name: str, dims: Any, features: set[str], ranges: bool = False, what: str = "shape"
) -> bool:
    """Checks one shape; True when it holds a range ("1..10"), which only objects may.

    A size that is no number at all is refused. The sizes the documentation never shows (it
    gives whole numbers of at least 1) but never forbids, null, 224.0, 0 or -1, are features
    (dynamic, not_whole, not_positive) that rules.toml warns about; the local compile, which
    needs fixed sizes, refuses them there."""
    if not isinstance(dims, list):
        raise ShapeError(f"The {what} of '{name}' must be a list of sizes, like [1, 3, 224, 224].")
    if not dims:  # a scalar input (or an empty enumerated or default shape): the reference is
        # silent (rules.toml's shapes/scalar warns)
        features.add("scalar")
        return False
    ranged = False
    for dim in dims:
        if dim is None:
            features.add("dynamic")
        elif isinstance(dim, str) and (low := _range_low(dim)) is not None:
            if low < 1:  # "0..10": a size of 0, which the reference never shows nor forbids
                features.add("not_positive")
            if not ranges:
                raise ShapeError(
                    f"The {what} of '{name}' has the range {json.dumps(dim)}; a range belongs "
                    'in an input object\'s "shape", like {"shape": ["1..10", 224, 224, 3]} '
                    "(Core ML).",
                    "coreml",
                )
            ranged = True
        elif not _is_number(dim):
            hint = ' or a range like "1..10"' if ranges else ""
            kind = (
                "a list" if isinstance(dim, list) else "an object" if isinstance(dim, dict) else ""
            )
            has = f"{kind} as a size ({json.dumps(dim)})" if kind else json.dumps(dim)
            raise ShapeError(
                f"The {what} of '{name}' has {has}; every size is a finite number, like 224{hint}."
            )
        elif not isinstance(dim, int):
            features.add("not_whole")
            if math.isinf(dim):  # 1e400: a number JSON allows, past what any size is
                features.add("oversized" if dim > 0 else "not_positive")
        elif dim < 1:
            features.add("not_positive")
    if math.prod(d for d in dims if type(d) is int and d >= 1) > INT32_MAX:
        features.add("oversized")
    return ranged


INT32_MAX = 2**31 - 1
"""The most values one input's shape may hold before it is called a likely typo: compilers index
a tensor's elements with 32-bit integers, and such an input would be 8 GB of float32."""


def _fixed(dims: Any) -> tuple[int, ...] | None:
    """A shape of whole sizes of at least 1, for the layout hints and the model check."""
    if isinstance(dims, list) and all(
        isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in dims
    ):
        return tuple(dims)
    return None


def _range_low(text: str) -> int | None:
    """A range's lower bound ("1..10" -> 1; "1..-1" has no upper one), None for anything else
    (an upper bound below the lower, or below 1, bounds nothing)."""
    found = _RANGE.fullmatch(text)
    if not found:
        return None
    low, high = int(found[1]), int(found[2])
    return low if high == -1 or high >= max(low, 1) else None


def _is_number(value: Any) -> bool:
    """A JSON number: 1e400 is one (Python reads it as infinity; JSON allows it), NaN none
    (its token is no JSON, and refused before). Never math.isfinite on an int: one of 309
    digits overflows a float."""
    if isinstance(value, float):
        return not math.isnan(value)
    return isinstance(value, int) and not isinstance(value, bool)


def _object(name: str, spec: dict[str, Any], features: set[str], faults: list[str]) -> InputShape:
    """One input object (Core ML's converter parameters, PyTorch's dtype)."""
    features.add("objects")
    if "shape" not in spec:
        raise ShapeError(
            f"The input '{name}' gives no shape; write it like {{\"shape\": [1, 3, 224, 224]}}."
        )
    if any(key not in OBJECT_KEYS for key in spec):
        features.add("unknown_keys")
    shape = spec["shape"]
    fixed: tuple[int, ...] | None = None
    if isinstance(shape, list) and shape and all(isinstance(item, list) for item in shape):
        features.add("enumerated")
        for index, dims in enumerate(shape):
            if _check_dims(name, dims, features, ranges=True, what=f"shape {index}"):
                features.add("range_placed")
        fixed = _fixed(shape[0])
    elif _check_dims(name, shape, features, ranges=True):
        features.add("ranges")
    else:
        fixed = _fixed(shape)
    if "default_shape" in spec:
        features.add("default_shape")
        if _check_dims(name, spec["default_shape"], features, ranges=True, what="default_shape"):
            features.add("range_placed")
        fixed = _fixed(spec["default_shape"])
    if "type" in spec:
        features.add("type")
        if spec["type"] == "Image" and not ("bias" in spec and "scale" in spec):
            features.add("image_unscaled")  # rules.toml's shapes/image-without-bias-scale
        if spec["type"] not in INPUT_TYPES:
            given = json.dumps(spec["type"])
            faults.append(f"the type of '{name}' is Image or Tensor, not {given}")
    if "bias" in spec:
        features.add("bias")
        bias = spec["bias"]
        if not isinstance(bias, list) or not bias or not all(_is_number(b) for b in bias):
            faults.append(f"the bias of '{name}' is a list of numbers, like [-1, -1, -1]")
    if "scale" in spec:
        features.add("scale")
        if not _is_number(spec["scale"]):
            faults.append(f"the scale of '{name}' is a number, like 0.007843137255")
    if "dtype" in spec:
        features.add("dtype")
        if not isinstance(spec["dtype"], str) or not spec["dtype"].strip():
            features.add("dtype_unnamed")  # rules.toml's shapes/dtype-not-text warns
    return InputShape(name, fixed)


def _one_input(
    name: str, spec: Any, features: set[str], faults: list[str], named: bool
) -> InputShape:
    if isinstance(spec, dict):
        shape = _object(name, spec, features, faults)
        return shape if named else InputShape(None, shape.fixed)
    _check_dims(name, spec, features)
    return InputShape(name if named else None, _fixed(spec))


def parse_shapes(text: str, framework: str | None) -> Shapes:
    """Parses and checks a DataInputConfig string; raises ShapeError with a sentence.

    A request's validation, its rules and its layout hints read the same shapes: a text within
    the API's limit is parsed once (the result is frozen, so it can be shared)."""
    if len(text) > _CACHED_UP_TO:
        return _parse_shapes(text, framework)
    return _parse_shapes_cached(text, framework, convention(framework))


def _constant_token(text: str) -> str | None:
    """NaN, Infinity or -Infinity where the text writes one (read again, only when the value
    holds such a number: JSON's 1e400 is read as an infinity too)."""
    found: list[str] = []

    def constant(name: str) -> float:
        found.append(name)
        return 0.0

    json.loads(text, parse_constant=constant)
    return found[0] if found else None


def _parse_shapes(text: str, framework: str | None) -> Shapes:
    conv = convention(framework)
    if not conv.needed:  # "not needed" is not "refused": what is written is sent, and
        return Shapes((), frozenset({"unneeded"}))  # rules.toml's shapes/not-needed warns
    example = conv.example or DEFAULT_CONVENTION.example
    try:
        value, twice = loads_last(text)  # rules.toml's shapes/duplicate-key warns
    except RecursionError:
        raise ShapeError("Input shapes are nested too deeply to be shapes.", "json") from None
    except json.JSONDecodeError as exc:
        raise ShapeError(
            f"Input shapes are not valid JSON ({exc.msg}, at line {exc.lineno}, column "
            f"{exc.colno}); write them like {example}.",
            "json",
        ) from None
    except ValueError:  # Python's limit on the digits of an integer
        raise ShapeError(
            "Input shapes hold a number with more digits than any size has.", "json"
        ) from None
    if not finite(value) and (token := _constant_token(text)):  # not 1e400, which is JSON
        raise ShapeError(
            f"Input shapes hold {token}, which is not JSON (Python's reader takes it); "
            f"write them like {example}.",
            "json",
        )
    features: set[str] = set()
    faults: list[str] = []  # Core ML's object forms, refused for Core ML only
    if isinstance(value, dict):
        if not value:
            raise ShapeError(f"Input shapes name no input; give at least one, like {example}.")
        inputs = []
        for name, spec in value.items():
            if not name.strip():
                features.add("empty_name")  # rules.toml's shapes/empty-name warns
            elif name != name.strip() or any(_unseen(c) for c in name):
                features.add("hidden_in_name")  # rules.toml's shapes/name-hidden-characters
            inputs.append(_one_input(name, spec, features, faults, named=True))
        return Shapes(tuple(inputs), frozenset(features), twice, tuple(faults))
    if isinstance(value, list):
        if not conv.list_form:
            raise ShapeError(
                f"{framework or 'This framework'} needs named inputs, like {example}; "
                "only PyTorch accepts a plain list of shapes.",
                "named",
            )
        if not value or not all(isinstance(item, list | dict) for item in value):
            raise ShapeError(
                "A list of shapes holds one list of sizes per input, like [[1, 3, 224, 224]], "
                'or one object per input, like [{"shape": [1, 3, 224, 224]}].'
            )
        features.add("list")
        inputs = [
            _one_input(f"input {index}", spec, features, faults, named=False)
            for index, spec in enumerate(value)
        ]
        return Shapes(tuple(inputs), frozenset(features), twice, tuple(faults))
    raise ShapeError(f"Input shapes must be a JSON object like {example}.")


def layout_warnings(shapes: Shapes, framework: str | None) -> list[str]:
    """Hints for the NHWC/NCHW mix-ups users trip on most (Keras wants NCHW for NHWC models)."""
    conv = convention(framework)
    hints: list[str] = []
    for index, item in enumerate(shapes.inputs):
        dims = list(item.fixed or ())
        if len(dims) != 4:
            continue
        name = item.name if item.name is not None else index
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


@lru_cache(maxsize=128)
def _parse_shapes_cached(text: str, framework: str | None, _conv: FrameworkFacts) -> Shapes:
    """_parse_shapes, kept by text and by the framework's conventions as they stand (a reload
    of frameworks.toml that changes them parses anew)."""
    return _parse_shapes(text, framework)
