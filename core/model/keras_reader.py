"""Keras .h5: the root attribute `model_config` is the model's JSON; its InputLayers are inputs.

Only the root attributes are read, never the weight datasets. They are read by h5py in a child
process: libhdf5 can crash (segfault) or spin on a damaged file, and an upload must not take
the app down with it. The shapes are the model's own, channels last (NHWC); Neo wants the Keras
DataInputConfig written NCHW, which `check.fill_data_input_config` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from core.errors import NeoConfigError
from core.model.common import infer_layout
from core.model.types import Dim, ModelInfo, ModelInput

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
TIMEOUT_SECONDS = 15
MEMORY_LIMIT = 2 << 30
_ATTRS = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
import h5py
out = {}
with h5py.File(sys.argv[1], "r") as handle:
    for key in ("model_config", "keras_version", "backend"):
        if key in handle.attrs:
            value = handle.attrs[key]
            out[key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
json.dump(out, sys.stdout)
"""


def is_hdf5(head: bytes) -> bool:
    return head.startswith(HDF5_MAGIC)


def read_keras(path: Path, file: str = "") -> ModelInfo:
    """The InputLayers of a Keras HDF5 model file."""
    file = file or path.name
    attrs = _root_attributes(path, file)
    raw = attrs.get("model_config")
    version, backend = attrs.get("keras_version", ""), attrs.get("backend", "")
    if raw is None:
        raise NeoConfigError(
            f"{file} has no model_config attribute: it holds weights only (save_weights), "
            "not a whole Keras model; save it with model.save('model.h5')."
        )
    try:
        config = json.loads(raw)
        inputs, how = _inputs(config)  # a model as a Sequential's first layer is read in turn
    except json.JSONDecodeError:
        raise NeoConfigError(f"{file}'s model_config is not valid JSON.") from None
    except RecursionError:
        raise NeoConfigError(
            f"{file}'s model_config is nested too deeply to be a Keras model's."
        ) from None
    if not inputs:
        raise NeoConfigError(f"{file}'s model_config declares no input layer.")
    notes = [
        "Keras models are channels last (NHWC); Neo wants their DataInputConfig channels "
        "first (NCHW), e.g. [1,3,224,224] for a [N,224,224,3] input."
    ]
    if any(i.dynamic_dims for i in inputs):
        notes.append("A null dimension (the batch) is dynamic: give it a size.")
    if how != "InputLayer":
        notes.append(how)
    sources = {
        "inputs": f"{file}: attribute model_config, InputLayer entries",
        "shapes": "InputLayer config batch_input_shape (batch_shape in Keras 3)",
        "framework_version": "attribute keras_version",
    }
    if backend:
        sources["backend"] = backend
    return ModelInfo(
        framework="KERAS",
        inputs=tuple(inputs),
        framework_version=version,
        file=file,
        sources=sources,
        notes=tuple(notes),
    )


def _root_attributes(path: Path, file: str) -> dict[str, str]:
    """model_config, keras_version and backend, read by h5py in a child process."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", _ATTRS, str(path), str(MEMORY_LIMIT)],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise NeoConfigError(
            f"{file} took over {TIMEOUT_SECONDS} s to open; it is not a usable Keras .h5 file."
        ) from None
    if done.returncode < 0:
        raise NeoConfigError(f"{file} is a damaged HDF5 file (it crashed the HDF5 reader).")
    if done.returncode != 0:
        raise NeoConfigError(f"{file} is not a readable HDF5 (Keras .h5) file.")
    try:
        attrs = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise NeoConfigError(f"{file} could not be read as a Keras .h5 file.") from None
    return {str(k): str(v) for k, v in attrs.items()} if isinstance(attrs, dict) else {}


def _inputs(config: Any) -> tuple[list[ModelInput], str]:
    """InputLayers in the order of `input_layers`; a Sequential's first layer when there is none."""
    if not isinstance(config, dict):
        return [], ""
    body = config.get("config")
    layers: list[Any] = []
    order: list[str] = []
    if isinstance(body, dict):
        layers = body.get("layers") or []
        order = [str(e[0]) for e in body.get("input_layers") or [] if isinstance(e, list) and e]
    elif isinstance(body, list):  # Keras 1/2.0 Sequential: config is the layer list
        layers = body
    layers = [layer for layer in layers if isinstance(layer, dict)]
    found: dict[str, ModelInput] = {}
    for layer in layers:
        if layer.get("class_name") == "InputLayer":
            item = _from_layer(layer, str(_cfg(layer).get("name") or layer.get("name") or ""))
            found[item.name] = item
    if found:
        ordered = [found[n] for n in order if n in found]
        return ordered + [i for n, i in found.items() if n not in order], "InputLayer"
    return _sequential_input(layers, body if isinstance(body, dict) else {})


_MODELS = frozenset({"Model", "Functional", "Sequential"})
"""Layer classes that are models themselves: a Sequential may start with one (a pretrained
base for transfer learning)."""


def _sequential_input(
    layers: list[dict[str, Any]], body: dict[str, Any]
) -> tuple[list[ModelInput], str]:
    """A Sequential's one input, which Keras 2.2.4's get_config leaves out (its `layers` omit
    the InputLayer it makes): named after the first layer, its shape that layer's; for a model
    as the first layer, that model's first input's shape; for a model built with
    `build(input_shape)`, the model's own name and that shape."""
    first = layers[0] if layers else {}
    name = f"{_cfg(first).get('name') or first.get('name') or 'input'}_input"
    how = (
        f"A Sequential model without an InputLayer: its input is named after the first layer "
        f"({name}), as Keras names it."
    )
    if "batch_input_shape" in _cfg(first) or "batch_shape" in _cfg(first):
        return [_from_layer(first, name)], how
    if first.get("class_name") in _MODELS:
        inner, _ = _inputs(first)
        if inner:
            return [ModelInput(name, inner[0].shape, inner[0].dtype, inner[0].layout)], how
    built = body.get("build_input_shape")
    if isinstance(built, list) and body.get("name"):
        name = f"{body['name']}_input"
        how = f"A Sequential model built for a shape: its input is named after the model ({name})."
        return [_from_layer({"config": {"batch_input_shape": built}}, name)], how
    return [], ""


def _cfg(layer: dict[str, Any]) -> dict[str, Any]:
    cfg = layer.get("config")
    return cfg if isinstance(cfg, dict) else {}


def _from_layer(layer: dict[str, Any], name: str) -> ModelInput:
    cfg = _cfg(layer)
    raw = cfg.get("batch_input_shape", cfg.get("batch_shape"))
    shape: tuple[Dim, ...] | None = None
    if isinstance(raw, list):
        shape = tuple(
            d if isinstance(d, int) and not isinstance(d, bool) and d >= 1 else None for d in raw
        )
    dtype = cfg.get("dtype")
    if isinstance(dtype, dict):  # Keras 3 DTypePolicy
        dtype = _cfg(dtype).get("name")
    return ModelInput(name, shape, str(dtype or ""), infer_layout(shape))
