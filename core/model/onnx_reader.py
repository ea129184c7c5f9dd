"""ONNX: the graph's inputs are `graph.input` minus the names in `graph.initializer`.

Weights sit inside the same ModelProto (or in external files, which are never opened), so a
file is walked field by field and only a skeleton (inputs, initializer names, opsets) is handed
to `onnx.load_model_from_string`: memory stays flat whatever the file's size.
"""

from __future__ import annotations

from pathlib import Path

import onnx

from core.errors import NeoConfigError
from core.model.common import DEFAULT_LIMITS, Limits, Readable, infer_layout, size_text
from core.model.protowire import (
    LEN,
    VARINT,
    Reader,
    field_bytes,
    field_varint,
    read_field,
    readable_as,
    walk,
)
from core.model.types import Dim, ModelInfo, ModelInput

# onnx.proto (installed onnx 1.23.2): ModelProto ir_version=1 producer_name=2
# producer_version=3 domain=4 model_version=5 graph=7 opset_import=8; GraphProto name=2
# initializer=5 input=11 sparse_initializer=15; TensorProto name=8; SparseTensorProto values=1.
_MODEL_KEEP = {1, 2, 3, 4, 5, 8}
_GRAPH, _G_NAME, _G_INIT, _G_INPUT, _G_SPARSE = 7, 2, 5, 11, 15
_T_NAME, _SPARSE_VALUES = 8, 1

ELEM_TYPES = {
    1: "float32",
    2: "uint8",
    3: "int8",
    4: "uint16",
    5: "int16",
    6: "int32",
    7: "int64",
    8: "string",
    9: "bool",
    10: "float16",
    11: "float64",
    12: "uint32",
    13: "uint64",
    14: "complex64",
    15: "complex128",
    16: "bfloat16",
}


def skeleton(stream: Readable, size: int = -1, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A ModelProto holding only what the inputs need, read from a stream in one pass."""
    reader = Reader(stream, size)
    cap = limits.max_text_bytes
    out: list[bytes] = []
    for number, wire, value in walk(reader, None):
        if number in _MODEL_KEEP and wire == VARINT:
            out.append(field_varint(number, value))
        elif number in _MODEL_KEEP and wire == LEN:
            out.append(field_bytes(number, read_field(reader, value, cap, "An ONNX header field")))
        elif number == _GRAPH and wire == LEN:
            out.append(field_bytes(_GRAPH, _graph_skeleton(reader, reader.pos + value, cap)))
    return b"".join(out)


def _graph_skeleton(reader: Reader, end: int, cap: int) -> bytes:
    out: list[bytes] = []
    kept = 0
    for number, wire, value in walk(reader, end):
        if wire != LEN:
            continue
        if number in (_G_INPUT, _G_NAME):
            out.append(field_bytes(number, read_field(reader, value, cap, "An ONNX graph input")))
        elif number == _G_INIT:
            out.append(field_bytes(_G_INIT, field_bytes(_T_NAME, _tensor_name(reader, value))))
        elif number == _G_SPARSE:
            name = b""
            for inner, inner_wire, length in walk(reader, reader.pos + value):
                if inner == _SPARSE_VALUES and inner_wire == LEN:
                    name = _tensor_name(reader, length)
            values = field_bytes(_SPARSE_VALUES, field_bytes(_T_NAME, name))
            out.append(field_bytes(_G_SPARSE, values))
        else:
            continue
        kept += len(out[-1])
        if kept > cap:
            raise NeoConfigError(
                f"The ONNX graph's inputs and names take over {size_text(cap)}; refusing."
            )
    return b"".join(out)


def _tensor_name(reader: Reader, length: int) -> bytes:
    """The name of a TensorProto, its data (raw_data, float_data...) skipped unread."""
    name = b""
    for number, wire, value in walk(reader, reader.pos + length):
        if number == _T_NAME and wire == LEN:
            name = read_field(reader, value, 1 << 16, "An initializer's name")
    return name


def read_onnx_stream(
    stream: Readable, file: str, size: int = -1, limits: Limits = DEFAULT_LIMITS
) -> ModelInfo:
    """The inputs of an ONNX model read from a stream (a tar member, an S3 body, a file)."""
    with readable_as(file, "ONNX model"):
        model = onnx.load_model_from_string(skeleton(stream, size, limits))
    return info_from_model(model, file)


def read_onnx(path: Path, limits: Limits = DEFAULT_LIMITS) -> ModelInfo:
    """The inputs of an ONNX file on disk; external weight files are never opened."""
    with path.open("rb") as handle:
        return read_onnx_stream(handle, path.name, path.stat().st_size, limits)


def info_from_model(model: onnx.ModelProto, file: str) -> ModelInfo:
    """ModelInfo from a (full or skeleton) ModelProto."""
    if not model.HasField("graph"):
        raise NeoConfigError(f"{file} holds no ONNX graph; it is not an ONNX model.")
    graph = model.graph
    weights = {t.name for t in graph.initializer} | {
        s.values.name for s in graph.sparse_initializer
    }
    inputs = []
    for value in graph.input:
        if value.name in weights:
            continue
        inputs.append(_input(value))
    opsets = ", ".join(
        f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import if o.version
    )
    notes = []
    if not inputs:
        notes.append("The graph declares no inputs besides its weights.")
    if any(i.dynamic_dims for i in inputs):
        notes.append("Dimensions with a name (dim_param) or none are dynamic: give them sizes.")
    sources = {
        "inputs": f"{file}: graph.input minus graph.initializer",
        "shapes": "type.tensor_type.shape (dim_value fixed, dim_param dynamic)",
        "dtypes": "type.tensor_type.elem_type",
        "opset": opsets or "none declared",
        "ir_version": str(model.ir_version),
    }
    if model.producer_name:
        sources["producer"] = f"{model.producer_name} {model.producer_version}".strip()
    return ModelInfo(
        framework="ONNX",
        inputs=tuple(inputs),
        file=file,
        sources=sources,
        notes=tuple(notes),
    )


def _input(value: onnx.ValueInfoProto) -> ModelInput:
    tensor = value.type.tensor_type
    shape: tuple[Dim, ...] | None = None
    if value.type.HasField("tensor_type") and tensor.HasField("shape"):
        dims: list[Dim] = []
        for dim in tensor.shape.dim:
            if dim.HasField("dim_value") and dim.dim_value > 0:
                dims.append(int(dim.dim_value))
            elif dim.HasField("dim_param") and dim.dim_param:
                dims.append(dim.dim_param)
            else:
                dims.append(None)
        shape = tuple(dims)
    dtype = ELEM_TYPES.get(tensor.elem_type, "")
    if not dtype and tensor.elem_type in onnx.TensorProto.DataType.values():
        dtype = onnx.TensorProto.DataType.Name(tensor.elem_type).lower()
    return ModelInput(value.name, shape, dtype, infer_layout(shape))
