"""The model file and its graph inputs, checked against DataInputConfig before TVM sees them.

TVM's ONNX importer silently ignores a shape_dict name the graph does not have, and the graph's own
fixed sizes win over the given ones: every name, rank and fixed size is checked here instead.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

from core.errors import NeoConfigError
from core.model.tflite_reader import is_tflite, read_tflite
from core.model.types import Dim

ModelInputs = list[tuple[str, tuple[Dim, ...] | None, str]]
"""(name, shape, dtype); a dim is a size, a symbol (dynamic) or None; shape None: not stored."""

LOCAL_FRAMEWORKS = ("ONNX", "TFLITE")


class InputProblem(Exception):
    """The model or its shapes cannot be compiled; the message is the sentence to show."""


def frameworks_sentence(framework: str) -> str:
    if not framework:  # "not : TVM's frontends..." was read after an import naming none
        return (
            "Local compilation reads ONNX and TFLITE models only, and this request names no "
            "Framework: choose it on the Model step."
        )
    return (
        f"Local compilation reads ONNX and TFLITE models only, not {framework}: TVM's frontends "
        "for those two formats need no training framework, while a PYTORCH model needs torch "
        "installed and TVM 0.27 has no frontend for TENSORFLOW, KERAS, MXNET, DARKNET, XGBOOST "
        "or SKLEARN."
    )


def model_format(path: Path) -> str:
    """ONNX or TFLITE, from the file's content (TFLite's TFL3 identifier) and its name."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if is_tflite(head) or path.suffix.lower() == ".tflite":
        return "TFLITE"
    if path.suffix.lower() == ".onnx":
        return "ONNX"
    raise InputProblem(
        f"{path.name} is neither an ONNX model (.onnx) nor a TFLite model (.tflite) nor a .tar.gz "
        "archive holding one."
    )


def resolve_model(path: Path, workdir: Path) -> Path:
    """The model file itself: the path, or the one model inside a .tar.gz (extracted to workdir)."""
    if not path.is_file():
        raise InputProblem(f"No model file at {path}.")
    if not path.name.lower().endswith((".tar.gz", ".tgz")):
        model_format(path)
        return path
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = [m for m in archive.getmembers() if m.isfile()]
            models = [m for m in members if m.name.lower().endswith((".onnx", ".tflite"))]
            if len(models) != 1:
                names = ", ".join(m.name for m in members[:8]) or "no files"
                count = "no" if not models else f"{len(models)}"
                raise InputProblem(
                    f"{path.name} holds {count} .onnx or .tflite files (it has {names}); "
                    "local compilation needs exactly one."
                )
            workdir.mkdir(parents=True, exist_ok=True)
            archive.extractall(workdir, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InputProblem(f"{path.name} is not a readable .tar.gz archive ({exc}).") from None
    return workdir / models[0].name


def model_inputs(path: Path | str) -> ModelInputs:
    """The graph's inputs as (name, shape, dtype), read by the app's own model readers
    (core.model): ONNX weights are not inputs; shape is None where the file stores none."""
    from core.model.onnx_reader import read_onnx  # onnx costs a second to import: only when read

    path = Path(path)
    fmt = model_format(path)
    try:
        info = read_onnx(path) if fmt == "ONNX" else read_tflite(path)
    except NeoConfigError as exc:
        raise InputProblem(exc.message) from None
    return [(i.name, i.shape, i.dtype) for i in info.inputs]


def _dims(shape: tuple[Dim, ...] | None) -> str:
    if shape is None:
        return "[?]"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"


def describe(inputs: ModelInputs) -> str:
    """e.g. "data [N, 3, 32, 32] float32, mask [1, 8] int64"."""
    return (
        ", ".join(f"{name} {_dims(shape)} {dtype}".rstrip() for name, shape, dtype in inputs)
        or "none"
    )


def _parse_config(text: str | dict[str, Any] | None) -> dict[str, Any]:
    if text in (None, ""):
        return {}
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except json.JSONDecodeError as exc:
        raise InputProblem(f"DataInputConfig is not valid JSON ({exc.msg}).") from None
    if not isinstance(value, dict):
        raise InputProblem(
            "DataInputConfig for ONNX and TFLite is an object of input name to shape, "
            'e.g. {"data": [1, 3, 224, 224]}.'
        )
    return value


def input_shapes(
    inputs: ModelInputs, data_input_config: str | dict[str, Any] | None
) -> dict[str, list[int]]:
    """The shape of every model input, from DataInputConfig where given, else from the model.

    Refuses a name the model does not have, a different rank, a fixed size given differently,
    and a dynamic dimension left without a size.
    """
    given = _parse_config(data_input_config)
    known = {name: (shape, dtype) for name, shape, dtype in inputs}
    real = f"the model's inputs are {describe(inputs)}"
    unknown = [name for name in given if name not in known]
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise InputProblem(f"DataInputConfig names {names}, which the model does not have; {real}.")
    shapes: dict[str, list[int]] = {}
    for name, (shape, _dtype) in known.items():
        if name not in given:
            if shape is None or any(not isinstance(d, int) for d in shape):
                what = "no stored shape" if shape is None else "dynamic dimensions"
                raise InputProblem(
                    f"Input {name!r} has {what} and DataInputConfig gives no shape for it; {real}."
                )
            shapes[name] = [d for d in shape if isinstance(d, int)]
            continue
        want = given[name]
        if not isinstance(want, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in want
        ):
            raise InputProblem(
                f"DataInputConfig gives {name!r} as {json.dumps(want)}; a shape is a list of "
                "positive integers."
            )
        if shape is None:  # the file stores no shape: nothing to hold the given one against
            shapes[name] = list(want)
            continue
        if len(want) != len(shape):
            raise InputProblem(
                f"DataInputConfig gives {name!r} rank {len(want)} ({json.dumps(want)}) but the "
                f"model's {name!r} has rank {len(shape)}; {real}."
            )
        for axis, (have, size) in enumerate(zip(shape, want, strict=True)):
            if isinstance(have, int) and have != size:
                raise InputProblem(
                    f"DataInputConfig gives {name!r} size {size} in dimension {axis} where the "
                    f"model fixes it at {have}; {real}."
                )
        shapes[name] = list(want)
    return shapes
