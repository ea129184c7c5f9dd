"""TensorFlow: a SavedModel's `serving_default` signature, or a frozen graph's Placeholders.

saved_model.pb and frozen .pb files carry the graph (and, frozen, the weights as constants)
in the same message as the signature, so both are walked field by field (core.model.protowire)
and only the signatures, or the Placeholder nodes' dtype and shape attributes, are kept.
"""

from __future__ import annotations

from typing import Any

from core.errors import NeoConfigError
from core.model.common import DEFAULT_LIMITS, Limits, Readable, infer_layout
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
from core.model.tf_protos import DTYPES, message_class
from core.model.types import Dim, ModelInfo, ModelInput

SIGNATURE = "serving_default"
_PLACEHOLDERS = ("Placeholder",)


def read_saved_model_stream(
    stream: Readable, file: str, size: int = -1, limits: Limits = DEFAULT_LIMITS
) -> ModelInfo:
    """The serving_default inputs of a saved_model.pb, read in one pass."""
    cap = limits.max_text_bytes
    out: list[bytes] = []
    with readable_as(file, "SavedModel"):
        reader = Reader(stream, size)
        for number, wire, value in walk(reader, None):
            if number == 1 and wire == VARINT:
                out.append(field_varint(1, value))
            elif number == 2 and wire == LEN:
                out.append(field_bytes(2, _meta_graph(reader, reader.pos + value, cap)))
        saved = message_class("SavedModel").FromString(b"".join(out))
    return _from_saved_model(saved, file)


def _meta_graph(reader: Reader, end: int, cap: int) -> bytes:
    """A MetaGraphDef of meta_info_def (tags, version) and signature_def; the graph skipped."""
    out: list[bytes] = []
    for number, wire, value in walk(reader, end):
        if number == 1 and wire == LEN:
            info = []
            for inner, inner_wire, length in walk(reader, reader.pos + value):
                if inner in (4, 5) and inner_wire == LEN:
                    info.append(field_bytes(inner, read_field(reader, length, cap, "A tag")))
            out.append(field_bytes(1, b"".join(info)))
        elif number == 5 and wire == LEN:
            out.append(field_bytes(5, read_field(reader, value, cap, "A SignatureDef")))
    return b"".join(out)


def _from_saved_model(saved: Any, file: str) -> ModelInfo:
    graphs = list(saved.meta_graphs)
    if not graphs:
        raise NeoConfigError(f"{file} holds no MetaGraph; it is not a SavedModel.")
    serving = [g for g in graphs if "serve" in g.meta_info_def.tags] or graphs
    chosen = next((g for g in serving if SIGNATURE in g.signature_def), None)
    notes: list[str] = []
    if chosen is None:
        keys = sorted({k for g in graphs for k in g.signature_def})
        if not keys:
            raise NeoConfigError(f"{file} has no signature; export it with a serving signature.")
        chosen = next(g for g in graphs if keys[0] in g.signature_def)
        notes.append(f"No serving_default signature; read '{keys[0]}' (of {', '.join(keys)}).")
        key = keys[0]
    else:
        key = SIGNATURE
    signature = chosen.signature_def[key]
    inputs = []
    for name in sorted(signature.inputs):
        info = signature.inputs[name]
        shape = _shape(info.tensor_shape) if info.HasField("tensor_shape") else None
        tensor = info.name
        aliases = tuple(a for a in (tensor, tensor.removesuffix(":0")) if a and a != name)
        inputs.append(
            ModelInput(
                name,
                shape,
                DTYPES.get(info.dtype, ""),
                infer_layout(shape),
                tuple(dict.fromkeys(aliases)),
            )
        )
    if any(i.dynamic_dims or i.shape is None for i in inputs):
        notes.append("Dimensions of -1 (or an unknown rank) are dynamic: give them sizes.")
    version = chosen.meta_info_def.tensorflow_version
    sources = {
        "inputs": f"{file}: signature_def['{key}'].inputs (keys; tensor names are aliases)",
        "shapes": "TensorInfo.tensor_shape (-1 or unknown_rank dynamic)",
        "dtypes": "TensorInfo.dtype",
        "tags": ", ".join(chosen.meta_info_def.tags) or "none",
    }
    if version:
        sources["framework_version"] = "meta_info_def.tensorflow_version"
    return ModelInfo(
        "TENSORFLOW", tuple(inputs), version, file=file, sources=sources, notes=tuple(notes)
    )


def _shape(proto: Any) -> tuple[Dim, ...] | None:
    if proto.unknown_rank:
        return None
    return tuple(d.size if d.size >= 1 else (d.name or None) for d in proto.dim)


def read_frozen_graph_stream(
    stream: Readable, file: str, size: int = -1, limits: Limits = DEFAULT_LIMITS
) -> ModelInfo:
    """The Placeholder nodes of a frozen GraphDef, constants skipped unread."""
    cap = limits.max_text_bytes
    nodes: list[bytes] = []
    with readable_as(file, "TensorFlow graph"):
        reader = Reader(stream, size)
        for number, wire, value in walk(reader, None):
            if number == 1 and wire == LEN:
                node = _node(reader, reader.pos + value, cap)
                if node is not None:
                    nodes.append(field_bytes(1, node))
        graph = message_class("GraphDef").FromString(b"".join(nodes))
    inputs = []
    for node in graph.node:
        shape = _shape(node.attr["shape"].shape) if node.attr["shape"].HasField("shape") else None
        dtype = DTYPES.get(node.attr["dtype"].type, "")
        inputs.append(ModelInput(node.name, shape, dtype, infer_layout(shape), (node.name + ":0",)))
    if not inputs:
        raise NeoConfigError(f"{file} has no Placeholder node; it is not a frozen inference graph.")
    notes = ["A frozen graph: inputs are its Placeholder nodes."]
    if any(i.dynamic_dims or i.shape is None for i in inputs):
        notes.append("Dimensions of -1 (or no shape attribute) are dynamic: give them sizes.")
    sources = {
        "inputs": f"{file}: GraphDef nodes with op Placeholder",
        "shapes": "the node's shape attribute",
        "dtypes": "the node's dtype attribute",
    }
    return ModelInfo("TENSORFLOW", tuple(inputs), file=file, sources=sources, notes=tuple(notes))


def _node(reader: Reader, end: int, cap: int) -> bytes | None:
    """A Placeholder NodeDef's name, op and dtype/shape attrs; None for any other node."""
    name = op = b""
    attrs: list[bytes] = []
    for number, wire, value in walk(reader, end):
        if number in (1, 2) and wire == LEN:
            text = read_field(reader, value, 1 << 16, "A node name")
            name, op = (text, op) if number == 1 else (name, text)
        elif number == 5 and wire == LEN:
            entry = _attr(reader, reader.pos + value, cap)
            if entry is not None:
                attrs.append(field_bytes(5, entry))
    if op.decode("utf-8", "replace") not in _PLACEHOLDERS:
        return None
    return field_bytes(1, name) + field_bytes(2, op) + b"".join(attrs)


def _attr(reader: Reader, end: int, cap: int) -> bytes | None:
    """A map entry of attr kept only for the keys dtype and shape (a Const's value is skipped)."""
    key = b""
    value = None
    for number, wire, length in walk(reader, end):
        if number == 1 and wire == LEN:
            key = read_field(reader, length, 1 << 12, "An attribute name")
        elif number == 2 and wire == LEN and key in (b"dtype", b"shape"):
            value = read_field(reader, length, cap, "An attribute")
    if value is None or key not in (b"dtype", b"shape"):
        return None
    return field_bytes(1, key) + field_bytes(2, value)
