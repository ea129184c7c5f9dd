"""TFLite: subgraph 0's input tensors (and the SignatureDefs' input keys when present).

A .tflite file is one flatbuffer whose weights are buffers inside it; mapping the file
(mmap) lets the flatbuffer accessors touch only the few pages that hold the tensor table.
"""

from __future__ import annotations

import contextlib
import importlib
import mmap
import struct
from pathlib import Path
from typing import Any

from core.errors import NeoConfigError
from core.model.common import infer_layout
from core.model.types import Dim, ModelInfo, ModelInput

_TYPES = {
    0: "float32",
    1: "float16",
    2: "int32",
    3: "uint8",
    4: "int64",
    5: "string",
    6: "bool",
    7: "int16",
    8: "complex64",
    9: "int8",
    10: "float64",
    11: "complex128",
    12: "uint64",
    13: "resource",
    14: "variant",
    15: "uint32",
    16: "uint16",
    17: "int4",
    18: "bfloat16",
}
"""tflite.TensorType (schema.fbs)."""

IDENTIFIER = b"TFL3"
MAX_INPUTS = 10_000


def is_tflite(head: bytes) -> bool:
    """The flatbuffer file identifier sits at bytes 4..8."""
    return head[4:8] == IDENTIFIER


def read_tflite(path: Path, file: str = "") -> ModelInfo:
    """The inputs of a .tflite file on disk, read through a read-only memory map."""
    file = file or path.name
    with path.open("rb") as handle:
        if path.stat().st_size < 8:
            raise NeoConfigError(f"{file} is too short to be a TFLite model.")
        buf = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            return read_tflite_buffer(buf, file)
        finally:
            with contextlib.suppress(BufferError):  # a view still alive: GC frees it later
                buf.close()


def read_tflite_buffer(buf: Any, file: str) -> ModelInfo:
    """The inputs of a TFLite flatbuffer held in `buf` (bytes or a memory map)."""
    if not is_tflite(bytes(buf[:8])):
        raise NeoConfigError(f"{file} is not a TFLite model (no TFL3 identifier).")
    model_cls = importlib.import_module("tflite.Model").Model
    try:
        model = model_cls.GetRootAs(buf, 0)
        if model.SubgraphsLength() < 1:
            raise NeoConfigError(f"{file} holds no subgraph; it is not a usable TFLite model.")
        graph = model.Subgraphs(0)
        if max(graph.InputsLength(), model.SignatureDefsLength()) > MAX_INPUTS:
            raise NeoConfigError(f"{file} claims over {MAX_INPUTS} inputs; it is damaged.")
        inputs = [_input(graph, int(graph.Inputs(i))) for i in range(graph.InputsLength())]
        signatures = _signatures(model, graph)
        version = int(model.Version())
    except NeoConfigError:
        raise
    except (
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        UnicodeDecodeError,
        struct.error,
    ):
        raise NeoConfigError(
            f"{file} is not a readable TFLite model (a damaged flatbuffer)."
        ) from None
    by_tensor = {name: key for key, name in signatures}
    named = []
    for item in inputs:  # the tensor name is what TVM's from_tflite keys shapes by
        key = by_tensor.get(item.name)
        named.append(
            ModelInput(item.name, item.shape, item.dtype, item.layout, (key,))
            if key and key != item.name
            else item
        )
    sources = {
        "inputs": f"{file}: subgraphs[0].inputs -> tensors[i].name",
        "shapes": "tensors[i].shape_signature (-1 dynamic), else tensors[i].shape",
        "dtypes": "tensors[i].type",
        "schema_version": str(version),
    }
    notes = []
    if signatures:
        sources["aliases"] = "signature_defs[0].inputs keys (the tensor name is the input's name)"
    if any(i.dynamic_dims for i in named):
        notes.append("Dimensions of -1 in shape_signature are dynamic: give them sizes.")
    return ModelInfo("TFLITE", tuple(named), file=file, sources=sources, notes=tuple(notes))


def _input(graph: Any, index: int) -> ModelInput:
    tensor = graph.Tensors(index)
    name = (tensor.Name() or b"").decode("utf-8")
    signature = [int(d) for d in _vector(tensor, "ShapeSignature")]
    dims_source = signature or [int(d) for d in _vector(tensor, "Shape")]
    shape: tuple[Dim, ...] = tuple(d if d >= 1 else None for d in dims_source)
    return ModelInput(name, shape, _TYPES.get(int(tensor.Type()), ""), infer_layout(shape))


def _vector(tensor: Any, field: str) -> list[int]:
    length = int(getattr(tensor, field + "Length")())
    if length > 64:
        raise ValueError("a tensor of over 64 dimensions")
    get = getattr(tensor, field)
    return [int(get(j)) for j in range(length)]


def _signatures(model: Any, graph: Any) -> list[tuple[str, str]]:
    """(signature input key, tensor name) of the first SignatureDef on subgraph 0."""
    pairs: list[tuple[str, str]] = []
    for s in range(model.SignatureDefsLength()):
        signature = model.SignatureDefs(s)
        if int(signature.SubgraphIndex()) != 0:
            continue
        for i in range(min(signature.InputsLength(), MAX_INPUTS)):
            item = signature.Inputs(i)
            tensor = graph.Tensors(int(item.TensorIndex()))
            pairs.append(
                ((item.Name() or b"").decode("utf-8"), (tensor.Name() or b"").decode("utf-8"))
            )
        break
    return pairs
