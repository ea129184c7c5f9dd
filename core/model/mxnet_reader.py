"""MXNet: inputs are the symbol's `null` nodes that the .params file does not hold.

The .params file is an NDArray list (magic 0x112, reserved, array count, the arrays, then the
names: count and length-prefixed strings; MXNet's NDArray::Save). The names come after the
arrays, so only the file's tail is kept: a stream passes through a bounded ring, a file seeks.
"""

from __future__ import annotations

import json
import re
import struct
from collections import deque
from typing import Any

from core.errors import NeoConfigError
from core.model.common import CHUNK, Readable, infer_layout
from core.model.types import Dim, ModelInfo, ModelInput

LIST_MAGIC = 0x112
TAIL_BYTES = 8 << 20
"""The names section is searched in the last 8 MB: 100,000 names of 80 bytes fit."""
_WEIGHT = re.compile(r"_(weight|bias|gamma|beta|moving_mean|moving_var|running_mean|running_var)$")
_DTYPES = {
    0: "float32",
    1: "float64",
    2: "float16",
    3: "uint8",
    4: "int32",
    5: "int8",
    6: "int64",
    7: "bool",
    8: "int16",
    9: "uint16",
    10: "uint32",
    11: "uint64",
    12: "bfloat16",
}


def params_names(stream: Readable, size: int = -1) -> list[str]:
    """The names of a .params file, read from its header and tail only.

    `size` >= 0 says the stream is a seekable file of that size: the tail is reached by seeking.
    Otherwise (a tar member, an S3 body) the stream passes through a ring of the last 8 MB.
    """
    header = stream.read(24)
    if len(header) < 24 or struct.unpack("<Q", header[:8])[0] != LIST_MAGIC:
        raise NeoConfigError("The .params file is not an MXNet NDArray list (wrong magic).")
    count = struct.unpack("<Q", header[16:24])[0]
    if count > 10_000_000:
        raise NeoConfigError("The .params file claims more arrays than any model has.")
    if size >= 0:
        # a file object of known size can seek; the protocol type only promises read
        stream.seek(max(24, size - TAIL_BYTES) - 24, 1)  # type: ignore[attr-defined]
        tail = stream.read(TAIL_BYTES)
    else:
        ring: deque[bytes] = deque()
        kept = 0
        while chunk := stream.read(CHUNK):
            ring.append(chunk)
            kept += len(chunk)
            while kept - len(ring[0]) >= TAIL_BYTES:
                kept -= len(ring.popleft())
        tail = b"".join(ring)[-TAIL_BYTES:]
    names = _names_at_end(tail, count)
    if names is None:
        raise NeoConfigError("The .params file's names could not be found (truncated?).")
    return names


def _names_at_end(tail: bytes, count: int) -> list[str] | None:
    """The names section: `count`, then `count` strings ending exactly at the end of the file."""
    marker = struct.pack("<Q", count)
    at = len(tail)
    while count and (at := tail.rfind(marker, 0, at)) >= 0:
        names = _parse_names(tail, at + 8, count)
        if names is not None:
            return names
    return [] if tail[-8:] == bytes(8) else None  # saved as a list: no names


def _parse_names(tail: bytes, pos: int, count: int) -> list[str] | None:
    names = []
    for _ in range(count):
        if pos + 8 > len(tail):
            return None
        length = struct.unpack_from("<Q", tail, pos)[0]
        pos += 8
        if length > 4096 or pos + length > len(tail):
            return None
        try:
            names.append(tail[pos : pos + length].decode("utf-8"))
        except UnicodeDecodeError:
            return None
        pos += length
    return names if pos == len(tail) else None


def read_symbol(text: str | bytes, file: str, params: list[str] | None = None) -> ModelInfo:
    """Inputs of a `*-symbol.json`; `params` are the .params names (None: no params file)."""
    try:
        graph = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise NeoConfigError(f"{file} is not valid JSON; an MXNet symbol file is.") from None
    except RecursionError:  # valid JSON, maybe, but no symbol file nests so deep
        raise NeoConfigError(f"{file} is nested too deeply to be an MXNet symbol file.") from None
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    if not isinstance(nodes, list):
        raise NeoConfigError(f"{file} has no 'nodes' list; it is not an MXNet symbol file.")
    unnamed = params is not None and not params
    if unnamed:
        params = None  # saved as a plain list: its arrays carry no names to subtract
    held = {n.split(":", 1)[1] for n in params or [] if n.startswith(("arg:", "aux:"))}
    held |= {n for n in params or [] if ":" not in n}
    labels = _labels(nodes)
    inputs = []
    for node in nodes:
        if not isinstance(node, dict) or node.get("op") != "null":
            continue
        name = str(node.get("name", ""))
        if name in held or name in labels or (params is None and _WEIGHT.search(name)):
            continue
        inputs.append(_input(name, node))
    if params is None:
        why = "The .params file holds no names" if unnamed else "No .params file was read"
        how = f"{file}: null nodes whose names do not look like weights ({why.lower()})"
        notes = [
            f"{why}: inputs are the null nodes not named like weights "
            "(_weight, _bias, _gamma, _beta, _moving_mean, _moving_var)."
        ]
    else:
        how = f"{file}: null nodes minus the .params file's arg:/aux: names"
        notes = []
    if any(i.shape is None for i in inputs):
        notes.append("The symbol stores no input shapes (__shape__): give them.")
    for label, loss in labels.items():
        notes.append(
            f"{label}: the training label of the loss output {loss}, which inference does not "
            "feed: not asked (TVM's MXNet frontend drops it)."
        )
    return ModelInfo(
        framework="MXNET",
        inputs=tuple(inputs),
        file=file,
        sources={"inputs": how, "shapes": "node attrs __shape__ when present"},
        notes=tuple(notes),
        labels=tuple(labels),
    )


_LOSS_OUTPUTS = frozenset(
    {
        "SoftmaxOutput",
        "LinearRegressionOutput",
        "LogisticRegressionOutput",
        "MAERegressionOutput",
        "SVMOutput",
    }
)
"""MXNet's loss layers, whose second input is the training label (a checkpoint saved by
Module.save_checkpoint keeps it: softmax_label); at inference they pass their data through."""


def _labels(nodes: list[Any]) -> dict[str, str]:
    """The null nodes fed to a loss layer as its label, and to nothing else, with that layer's
    op (SoftmaxOutput)."""
    fed: dict[int, set[str]] = {}  # node index -> the ops it feeds as a label, or "other"
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("inputs"), list):
            continue
        for place, ref in enumerate(node["inputs"]):
            if isinstance(ref, list) and ref and isinstance(ref[0], int):
                loss = node.get("op") in _LOSS_OUTPUTS and place == 1
                fed.setdefault(ref[0], set()).add(str(node["op"]) if loss else "")
    return {
        str(nodes[index].get("name", "")): ", ".join(sorted(uses))
        for index, uses in fed.items()
        if "" not in uses
        and 0 <= index < len(nodes)
        and isinstance(nodes[index], dict)
        and nodes[index].get("op") == "null"
    }


def _input(name: str, node: dict[str, Any]) -> ModelInput:
    attrs = node.get("attrs") or node.get("attr") or node.get("param") or {}
    attrs = attrs if isinstance(attrs, dict) else {}
    shape: tuple[Dim, ...] | None = None
    raw = attrs.get("__shape__")
    if isinstance(raw, str):
        parts = [p.strip() for p in raw.strip("()[] ").split(",") if p.strip()]
        if all(re.fullmatch(r"-?\d+", p) for p in parts):
            shape = tuple(int(p) if int(p) >= 1 else None for p in parts)
    dtype = ""
    raw_dtype = attrs.get("__dtype__")
    if isinstance(raw_dtype, str) and raw_dtype.isdigit():
        dtype = _DTYPES.get(int(raw_dtype), "")
    return ModelInput(name, shape, dtype, infer_layout(shape))
