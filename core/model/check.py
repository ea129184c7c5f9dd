"""The request's InputConfig against the model itself: names, ranks, layouts, fixed sizes.

`model_problems` compares what DataInputConfig says with what the artifact declares; the
request's own syntax is the request validator's business, so JSON it cannot read yields no
problem here. `fill_data_input_config` writes DataInputConfig from the model, asking (by
raising) for any dynamic size it would otherwise have to guess.
"""

from __future__ import annotations

import json
import math
from typing import Any

from core.errors import NeoConfigError, Problem, Severity, quote
from core.jsontext import literal_json
from core.model.common import dims_text
from core.model.types import Dim, ModelInfo, ModelInput
from core.spec.problems import cite

SHAPES = "InputConfig.DataInputConfig"
FRAMEWORK = "InputConfig.Framework"
POSITIONAL = frozenset({"PYTORCH"})
"""Frameworks whose DataInputConfig names are labels: inputs are matched by position."""

Entry = tuple[str | None, Any, Any]
"""(name or None, shape as given, dtype as given) of one DataInputConfig input."""


def _said(kind: str, path: str, message: str, severity: Severity = "error") -> Problem:
    """A finding of the check, ending in the rules.toml row (model/...) and source behind it."""
    return Problem(path, cite(kind, path, message), severity)


_NHWC_AS_NCHW = (0, 3, 1, 2)
"""The model's (NHWC) dimension at each place of the NCHW shape Neo wants."""


def _written_nchw(item: ModelInput, framework: str | None) -> bool:
    """A Keras image input, which the model stores NHWC and DataInputConfig gives NCHW (the
    preparing-model page: "Keras model artifacts should be uploaded in NHWC ... DataInputConfig
    should be specified in NCHW")."""
    shape = item.shape
    return framework == "KERAS" and shape is not None and len(shape) == 4 and item.layout != "NCHW"


def expected_shape(item: ModelInput, framework: str) -> tuple[Dim, ...] | None:
    """The shape Neo wants for an input: the model's, but NCHW for a Keras (NHWC) image."""
    shape = item.shape
    if shape is not None and _written_nchw(item, framework):
        return tuple(shape[at] for at in _NHWC_AS_NCHW)
    return shape


def written_index(item: ModelInput, framework: str | None, index: int) -> int:
    """Where the model's dimension `index` stands in DataInputConfig (moved for a Keras image)."""
    return _NHWC_AS_NCHW.index(index) if _written_nchw(item, framework) else index


def model_problems(data_input_config: str | None, framework: str, info: ModelInfo) -> list[Problem]:
    """What in DataInputConfig (and Framework) contradicts the model the artifact holds."""
    framework = (framework or "").strip().upper()
    if framework and info.framework and framework != info.framework:
        where = f" ({info.file})" if info.file else ""
        return [
            _said(
                "model_framework",
                FRAMEWORK,
                f"The model is {info.framework}{where}, but Framework is {framework}; "
                f"set Framework to {info.framework}.",
            )
        ]
    framework = framework or info.framework
    entries = given_shapes(data_input_config)
    if not info.inputs or entries is None:
        return []
    if framework in POSITIONAL:
        return _by_position(entries, framework, info)
    if any(name is None for name, _, _ in entries):
        return []  # a list for a framework that needs names: the request validator says so
    return _by_name(entries, framework, info)


def given_shapes(data_input_config: str | None) -> list[Entry] | None:
    """The inputs DataInputConfig gives, in its order; None when it gives none it can read."""
    if not data_input_config or not data_input_config.strip():
        return None
    try:
        return _entries(json.loads(data_input_config))
    except (ValueError, RecursionError):  # bad syntax, or past 4,300 digits
        pass
    as_json = literal_json(data_input_config)  # the guide's own {'data': [1, 3, 224, 224]}
    try:
        return _entries(json.loads(as_json)) if as_json is not None else None
    except (ValueError, RecursionError):
        return None


def _entries(value: Any) -> list[Entry] | None:
    """Named shapes, a list of shapes, PyTorch 2 objects or CoreML per-input objects."""
    if isinstance(value, dict):
        return [(str(k), *_shape_and_dtype(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [(None, *_shape_and_dtype(v)) for v in value]
    return None


def _shape_and_dtype(value: Any) -> tuple[Any, Any]:
    if isinstance(value, dict):
        return value.get("shape"), value.get("dtype")
    return value, None


def _listing(info: ModelInfo, framework: str) -> str:
    return ", ".join(
        f"{quote(i.name)} {dims_text(expected_shape(i, framework))}" for i in info.inputs
    )


def _by_name(entries: list[Entry], framework: str, info: ModelInfo) -> list[Problem]:
    lookup: dict[str, ModelInput] = {}
    for item in info.inputs:
        for alias in (*item.aliases, item.name):
            lookup[alias] = item
    problems: list[Problem] = []
    seen: set[str] = set()
    for given_name, shape, dtype in entries:
        name = given_name or ""
        found = lookup.get(name)
        if found is None and framework == "TENSORFLOW":  # a tensor's name; no other has :0
            found = lookup.get(name.removesuffix(":0"))
        if found is None and framework == "DARKNET" and len(entries) == len(info.inputs) == 1:
            found = info.inputs[0]  # one input, whatever its name: the pages are silent
            problems.append(
                _said(
                    "model_input",
                    SHAPES,
                    f"A Darknet model's one input is named {quote(found.name)} (TVM's Darknet "
                    f"frontend names it so, and the guide's examples do), not {quote(name)}: "
                    "the guide does not say whether another name is taken.",
                    "warning",
                )
            )
        if found is None and name in info.labels:
            continue  # a training label, given as the guide's MXNet examples give it
        if found is None:
            problems.append(
                _said(
                    "model_input",
                    SHAPES,
                    f"The model has no input {quote(name)}; the model's inputs are "
                    f"{_listing(info, framework)}.",
                )
            )
            continue
        seen.add(found.name)
        problems += _compare(name, shape, dtype, found, framework)
    for item in info.inputs:
        if item.name not in seen:
            problems.append(
                _said(
                    "model_input",
                    SHAPES,
                    f"The model's input {quote(item.name)} "
                    f"{dims_text(expected_shape(item, framework))} is missing from "
                    "DataInputConfig.",
                )
            )
    return problems


def _by_position(entries: list[Entry], framework: str, info: ModelInfo) -> list[Problem]:
    problems: list[Problem] = []
    if len(entries) != len(info.inputs):
        problems.append(
            _said(
                "model_input",
                SHAPES,
                f"DataInputConfig gives {len(entries)} input(s), but the model takes "
                f"{len(info.inputs)} ({', '.join(quote(i.name) for i in info.inputs)}); "
                f"{framework} matches them by position.",
            )
        )
    for index, ((name, shape, dtype), item) in enumerate(zip(entries, info.inputs, strict=False)):
        problems += _compare(name or f"input {index}", shape, dtype, item, framework)
    return problems


def _is_size(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _compared(value: Any) -> bool:
    """A size given that is compared with the model's: a finite number, a fraction too (224.5
    where the model fixes 224 only warned as a fraction), but -1, the common mark of a dynamic
    size (0 and below also warn: rules.toml's shapes/size-not-positive)."""
    if isinstance(value, float):  # 1e400 is compared too (an int is never made a float)
        return not math.isnan(value)
    return isinstance(value, int) and not isinstance(value, bool) and value != -1


def _written(shape: list[Any]) -> str:
    """A shape the user gave, as they would write it again: -1 and null as themselves."""
    return json.dumps(shape, separators=(",", ":"))


def _sized(value: Any) -> bool:
    """A size, compared or not: a number, or null (a dynamic size as JSON writes it)."""
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _fits(given: list[Any], expected: tuple[Dim, ...]) -> bool:
    return all(
        not _is_size(e) or not _compared(g) or g == e for g, e in zip(given, expected, strict=True)
    )


def _compare(label: str, shape: Any, dtype: Any, item: ModelInput, framework: str) -> list[Problem]:
    problems: list[Problem] = []
    model_dtype = item.dtype
    if isinstance(dtype, str) and dtype and model_dtype and dtype != model_dtype:
        problems.append(
            _said(
                "model_input",
                SHAPES,
                f"Input {quote(label)} is given dtype {dtype}, but the model's is {model_dtype}.",
                "warning",
            )
        )
    expected = expected_shape(item, framework)
    if expected is None or not isinstance(shape, list) or not all(map(_sized, shape)):
        return problems  # unknown in the model, or not sizes (the request validator says so)
    given: list[Any] = shape  # -1 and null are compared with nothing; the rest still are
    want = dims_text(expected)
    if len(given) != len(expected):
        problems.append(
            _said(
                "model_input",
                SHAPES,
                f"Input {quote(label)} has {len(expected)} dimensions in the model {want}; "
                f"DataInputConfig gives {len(given)} {_written(given)}.",
            )
        )
        return problems
    if _fits(given, expected):
        return problems
    fixed = [g if not _is_size(e) else e for g, e in zip(given, expected, strict=True)]
    if len(given) == 4:
        as_nchw = [given[0], given[3], given[1], given[2]]
        as_nhwc = [given[0], given[2], given[3], given[1]]
        for swapped, gave, wants in ((as_nchw, "NHWC", "NCHW"), (as_nhwc, "NCHW", "NHWC")):
            if _fits(swapped, expected):
                keras = (
                    " (Neo wants Keras shapes channels first although the model is NHWC)"
                    if framework == "KERAS"
                    else ""
                )
                problems.append(
                    _said(
                        "model_layout",
                        SHAPES,
                        f"Input {quote(label)} {_written(given)} is written {gave}, but "
                        f"{framework} takes it {wants} {want}{keras}; write {_written(swapped)}.",
                    )
                )
                return problems
    wrong = [
        f"dimension {i} is {g} where the model fixes {e}"
        for i, (g, e) in enumerate(zip(given, expected, strict=True))
        if _is_size(e) and _compared(g) and g != e
    ]
    problems.append(  # a warning: the pages are silent, and TVM's frontends take the shape
        _said(  # given over the file's (its ONNX, MXNet and Darknet importers do)
            "model_size",
            SHAPES,
            f"Input {quote(label)} {_written(given)}: {'; '.join(wrong)} (model: {want}); "
            "the compiler takes the shape given, so the compile may fail where the model's "
            f"operations need the size it fixes: write {_written(fixed)}, unless you mean it.",
            "warning",
        )
    )
    return problems


# ---- filling DataInputConfig from the model ------------------------------------------------------


def dynamic_questions(info: ModelInfo) -> list[tuple[str, int, str]]:
    """(input name, dimension index, symbol) of each size the user must give.

    The batch (dimension 0 of an input of rank 2 or more) is not asked: `fill_data_input_config`
    takes it as `batch`. An input whose shape the format does not store (TorchScript) is one
    question with index -1 and symbol "shape".
    """
    questions: list[tuple[str, int, str]] = []
    for item in info.inputs:
        if item.shape is None:
            questions.append((item.name, -1, "shape"))
            continue
        for index in item.dynamic_dims:
            if index == 0 and len(item.shape) >= 2:
                continue
            dim = item.shape[index]
            questions.append((item.name, index, dim if isinstance(dim, str) and dim else "?"))
    return questions


def fill_data_input_config(
    info: ModelInfo, dynamic: dict[str, list[int]] | None = None, batch: int = 1
) -> str:
    """DataInputConfig JSON for the model; raises NeoConfigError for a size it would guess.

    `dynamic[name]` is either the input's whole shape, its dynamic sizes in order, or the
    answers to its `dynamic_questions` in order (the batch then comes from `batch`). Indexes
    are the model's own; a Keras image input is written NCHW as Neo wants it.
    """
    if info.framework == "XGBOOST":
        raise NeoConfigError("XGBoost takes no DataInputConfig; leave it out.", SHAPES)
    if not info.inputs:
        raise NeoConfigError("The model declares no inputs to write shapes for.", SHAPES)
    if not _is_size(batch):
        raise NeoConfigError(f"The batch size must be a whole number of at least 1, not {batch}.")
    given = dynamic or {}
    shapes: dict[str, list[int]] = {}
    for item in info.inputs:
        values = next((given[n] for n in (item.name, *item.aliases) if n in given), None)
        shape = _resolve(item, values, batch)
        if _written_nchw(item, info.framework):
            shape = [shape[at] for at in _NHWC_AS_NCHW]
        shapes[item.name] = shape
    return json.dumps(shapes)


def _resolve(item: ModelInput, values: list[int] | None, batch: int) -> list[int]:
    name = quote(item.name)
    if values is not None and not (isinstance(values, list) and all(map(_is_size, values))):
        raise NeoConfigError(f"The sizes for {name} must be whole numbers of at least 1.", SHAPES)
    if item.shape is None:
        if not values:
            raise NeoConfigError(
                f"The model does not store the shape of {name}: give it, like [1, 3, 224, 224].",
                SHAPES,
            )
        return list(values)
    shape, dynamic = item.shape, item.dynamic_dims
    asked = [i for i in dynamic if not (i == 0 and len(shape) >= 2)]
    if values is None:
        if asked:
            i = asked[0]
            raise NeoConfigError(
                f"Input {name} {dims_text(shape)} has a dynamic dimension {i} "
                f"({shape[i] or '?'}); give its size.",
                SHAPES,
            )
        # d is a fixed size wherever i is not dynamic; mypy cannot see that through the set
        return [batch if i in dynamic else int(d) for i, d in enumerate(shape)]  # type: ignore[arg-type]
    if len(values) == len(shape):
        clash = [i for i, d in enumerate(shape) if _is_size(d) and values[i] != d]
        if clash:
            raise NeoConfigError(
                f"The shape given for {name} changes dimension {clash[0]}, which the model "
                f"fixes at {shape[clash[0]]} ({dims_text(shape)}).",
                SHAPES,
            )
        return list(values)
    if len(values) in (len(dynamic), len(asked)):
        fill = dict(zip(dynamic if len(values) == len(dynamic) else asked, values, strict=True))
        # d is a fixed size wherever i is not dynamic; mypy cannot see that through the set
        return [fill.get(i, batch) if i in dynamic else int(d) for i, d in enumerate(shape)]  # type: ignore[arg-type]
    raise NeoConfigError(
        f"Give {len(asked)} size(s) for the dynamic dimensions of {name} {dims_text(shape)}, "
        f"or its whole shape of {len(shape)}.",
        SHAPES,
    )
