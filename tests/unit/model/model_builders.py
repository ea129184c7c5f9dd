"""Small models of every format, written with each format's own library (or its byte layout).

The tests build what they read, so nothing large is committed and each layout is explicit.
"""

from __future__ import annotations

import importlib
import io
import json
import struct
import tarfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import flatbuffers
import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper

# ---- ONNX ----------------------------------------------------------------------------------------


def onnx_model(
    inputs: Sequence[tuple[str, Sequence[int | str | None], int]] = (
        ("pixel_values", ("batch", 3, 224, 224), TensorProto.FLOAT),
    ),
    weight_bytes: int = 64,
    opset: int = 17,
) -> onnx.ModelProto:
    """A graph whose inputs are `inputs` plus one initializer also listed as an input."""
    values = [helper.make_tensor_value_info(n, t, list(s)) for n, s, t in inputs]
    count = max(1, weight_bytes // 4)
    weight = helper.make_tensor(
        "weight", TensorProto.FLOAT, [count], np.zeros(count, np.float32).tobytes(), raw=True
    )
    values.append(helper.make_tensor_value_info("weight", TensorProto.FLOAT, [count]))
    out = helper.make_tensor_value_info("out", TensorProto.FLOAT, None)
    node = helper.make_node("Identity", [inputs[0][0]], ["out"])
    graph = helper.make_graph([node], "g", values, [out], initializer=[weight])
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="tests"
    )


def onnx_bytes(**kwargs: Any) -> bytes:
    return onnx_model(**kwargs).SerializeToString()


# ---- TFLite --------------------------------------------------------------------------------------


def _fb(name: str) -> Any:
    return importlib.import_module(f"tflite.{name}")


def tflite_bytes(
    inputs: Sequence[tuple[str, Sequence[int], int]] = (("input", (1, 224, 224, 3), 0),),
    signature_keys: Sequence[str] | None = None,
    weight_bytes: int = 0,
) -> bytes:
    """A TFLite flatbuffer with the given input tensors (shape -1 = dynamic) on subgraph 0.

    Each input is (tensor name, shape signature, tflite.TensorType); `signature_keys` adds a
    SignatureDef mapping those keys to the inputs, `weight_bytes` a buffer of that size.
    """
    tensor_m, subgraph_m, model_m, buffer_m = (
        _fb("Tensor"),
        _fb("SubGraph"),
        _fb("Model"),
        _fb("Buffer"),
    )
    b = flatbuffers.Builder(1024 + weight_bytes)
    data = b.CreateByteVector(bytes(weight_bytes)) if weight_bytes else None
    buffer_m.Start(b)
    empty = buffer_m.End(b)
    buffer_m.Start(b)
    if data is not None:
        buffer_m.AddData(b, data)
    weights = buffer_m.End(b)
    tensors = []
    for name, shape, kind in inputs:
        fb_name = b.CreateString(name)
        fixed = [d if d > 0 else 1 for d in shape]
        tensor_m.StartShapeVector(b, len(fixed))
        for d in reversed(fixed):
            b.PrependInt32(d)
        shape_vec = b.EndVector()
        tensor_m.StartShapeSignatureVector(b, len(shape))
        for d in reversed(shape):
            b.PrependInt32(d)
        signature_vec = b.EndVector()
        tensor_m.Start(b)
        tensor_m.AddShape(b, shape_vec)
        tensor_m.AddShapeSignature(b, signature_vec)
        tensor_m.AddType(b, kind)
        tensor_m.AddName(b, fb_name)
        tensor_m.AddBuffer(b, 1)
        tensors.append(tensor_m.End(b))
    subgraph_m.StartTensorsVector(b, len(tensors))
    for t in reversed(tensors):
        b.PrependUOffsetTRelative(t)
    tensor_vec = b.EndVector()
    subgraph_m.StartInputsVector(b, len(tensors))
    for i in reversed(range(len(tensors))):
        b.PrependInt32(i)
    input_vec = b.EndVector()
    subgraph_m.Start(b)
    subgraph_m.AddTensors(b, tensor_vec)
    subgraph_m.AddInputs(b, input_vec)
    subgraph = subgraph_m.End(b)
    signature_vec = _signature(b, signature_keys) if signature_keys else None
    model_m.StartSubgraphsVector(b, 1)
    b.PrependUOffsetTRelative(subgraph)
    subgraphs = b.EndVector()
    model_m.StartBuffersVector(b, 2)
    b.PrependUOffsetTRelative(weights)
    b.PrependUOffsetTRelative(empty)
    buffers = b.EndVector()
    model_m.Start(b)
    model_m.AddVersion(b, 3)
    model_m.AddSubgraphs(b, subgraphs)
    model_m.AddBuffers(b, buffers)
    if signature_vec is not None:
        model_m.AddSignatureDefs(b, signature_vec)
    b.Finish(model_m.End(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def _signature(b: flatbuffers.Builder, keys: Sequence[str]) -> int:
    map_m, sig_m = _fb("TensorMap"), _fb("SignatureDef")
    maps = []
    for index, key in enumerate(keys):
        name = b.CreateString(key)
        map_m.Start(b)
        map_m.AddName(b, name)
        map_m.AddTensorIndex(b, index)
        maps.append(map_m.End(b))
    sig_m.StartInputsVector(b, len(maps))
    for m in reversed(maps):
        b.PrependUOffsetTRelative(m)
    inputs = b.EndVector()
    key = b.CreateString("serving_default")
    sig_m.Start(b)
    sig_m.AddInputs(b, inputs)
    sig_m.AddSignatureKey(b, key)
    sig_m.AddSubgraphIndex(b, 0)
    signature = sig_m.End(b)
    _fb("Model").StartSignatureDefsVector(b, 1)
    b.PrependUOffsetTRelative(signature)
    return int(b.EndVector())


# ---- Keras .h5 -----------------------------------------------------------------------------------


def keras_h5(
    path: Path,
    inputs: Sequence[tuple[str, Sequence[int | None]]] = (("input_1", (None, 224, 224, 3)),),
    keras_version: str = "2.13.1",
    shape_key: str = "batch_input_shape",
    with_config: bool = True,
) -> Path:
    """A Functional model's HDF5 file: model_config JSON, keras_version, a weights group."""
    layers: list[dict[str, Any]] = [
        {
            "class_name": "InputLayer",
            "name": name,
            "config": {shape_key: list(shape), "dtype": "float32", "name": name},
            "inbound_nodes": [],
        }
        for name, shape in inputs
    ]
    layers.append({"class_name": "Dense", "name": "dense", "config": {"units": 10}})
    config = {
        "class_name": "Functional",
        "config": {
            "name": "model",
            "layers": layers,
            "input_layers": [[name, 0, 0] for name, _ in reversed(inputs)][::-1],
            "output_layers": [["dense", 0, 0]],
        },
    }
    with h5py.File(path, "w") as handle:
        if with_config:
            handle.attrs["model_config"] = json.dumps(config)
        handle.attrs["keras_version"] = keras_version
        handle.attrs["backend"] = "tensorflow"
        handle.create_group("model_weights").create_dataset("kernel", data=np.ones((64, 10)))
    return path


def keras_sequential_h5(path: Path, first: dict[str, Any] | None = None, **extra: Any) -> Path:
    """A Sequential model saved without an InputLayer: the first layer holds the shape (or
    `first`, another first layer; `extra`, more of the Sequential's config)."""
    dense = {"class_name": "Dense", "config": {"name": "dense", "batch_input_shape": [None, 20]}}
    config = {
        "class_name": "Sequential",
        "config": {"name": "sequential", "layers": [first or dense], **extra},
    }
    with h5py.File(path, "w") as handle:
        handle.attrs["model_config"] = json.dumps(config).encode()
        handle.attrs["keras_version"] = b"2.4.0"
    return path


# ---- MXNet ---------------------------------------------------------------------------------------


def mxnet_symbol(
    extra_inputs: Sequence[str] = (), data_shape: str | None = None, loss: str | None = None
) -> bytes:
    """A conv + batchnorm symbol: data (and extra inputs), weights, aux states; with `loss`, a
    loss layer of that op after the conv, fed softmax_label (as save_checkpoint keeps it)."""
    data: dict[str, Any] = {"op": "null", "name": "data", "inputs": []}
    if data_shape:
        data["attrs"] = {"__shape__": data_shape, "__dtype__": "0"}
    nodes = [data] + [{"op": "null", "name": n, "inputs": []} for n in extra_inputs]
    for name in ("conv0_weight", "conv0_bias", "bn0_gamma", "bn0_beta"):
        nodes.append({"op": "null", "name": name, "inputs": []})
    nodes.append({"op": "null", "name": "bn0_moving_mean", "inputs": []})
    nodes.append({"op": "Convolution", "name": "conv0", "inputs": [[0, 0, 0]]})
    if loss:
        nodes.append({"op": "null", "name": "softmax_label", "inputs": []})
        conv, label = len(nodes) - 2, len(nodes) - 1
        nodes.append({"op": loss, "name": "softmax", "inputs": [[conv, 0, 0], [label, 0, 0]]})
    return json.dumps(
        {"nodes": nodes, "arg_nodes": [0], "heads": [[len(nodes) - 1, 0, 0]]}
    ).encode()


def _ndarray_v2(array: np.ndarray) -> bytes:
    """One dense NDArray as MXNet's NDArray::Save writes it (V2 magic, stype, shape, ctx, type)."""
    out = struct.pack("<Ii", 0xF993FAC9, 0)
    out += struct.pack("<i", array.ndim) + struct.pack(f"<{array.ndim}q", *array.shape)
    out += struct.pack("<ii", 1, 0)  # Context: cpu, device 0
    out += struct.pack("<i", 0)  # type flag: float32
    return out + array.astype("<f4").tobytes()


def mxnet_params(names: Sequence[str], array_bytes: int = 256, named: bool = True) -> bytes:
    """An NDArray list file: 0x112, reserved, count, the arrays, then the names."""
    count = max(1, array_bytes // 4)
    rng = np.random.default_rng(0)
    out = struct.pack("<QQQ", 0x112, 0, len(names))
    out += b"".join(_ndarray_v2(rng.random(count, dtype=np.float32)) for _ in names)
    listed = list(names) if named else []
    out += struct.pack("<Q", len(listed))
    for name in listed:
        out += struct.pack("<Q", len(name.encode())) + name.encode()
    return out


MXNET_PARAM_NAMES = (
    "arg:conv0_weight",
    "arg:conv0_bias",
    "arg:bn0_gamma",
    "arg:bn0_beta",
    "aux:bn0_moving_mean",
)

# ---- Darknet -------------------------------------------------------------------------------------

YOLO_CFG = b"""# a YOLO-like network
[net]
# Training
batch=64
subdivisions=16
width=416
height=416
channels=3

[convolutional]
filters=32
size=3
"""

# ---- TorchScript ---------------------------------------------------------------------------------

TORCH_CODE = """class Net(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  conv : __torch__.torch.nn.modules.conv.Conv2d
  def forward(self: __torch__.Net,
    x: Tensor,
    mask: Tensor) -> Tensor:
    conv = self.conv
    return (conv).forward(x, )
"""

CONV_CODE = """class Conv2d(Module):
  __parameters__ = ["weight", ]
  weight : Tensor
  def forward(self: __torch__.torch.nn.modules.conv.Conv2d,
    input: Tensor) -> Tensor:
    return torch._convolution(input, self.weight)
"""


def data_pkl(module: str, name: str) -> bytes:
    """data.pkl's start as torch writes it: PROTO 2, GLOBAL 'module name', NEWOBJ, state."""
    return (
        b"\x80\x02c" + module.encode() + b"\n" + name.encode() + b"\nq\x00)\x81}q\x01(X\x08"
        b"\x00\x00\x00trainingq\x02\x88ub."
    )


def torchscript_zip(
    files: dict[str, str] | None = None,
    root: tuple[str, str] = ("__torch__", "Net"),
    weight_bytes: int = 1024,
    prefix: str = "model",
) -> bytes:
    """A TorchScript archive laid out as torch.jit.save writes it (code/, data.pkl, data/)."""
    files = (
        files
        if files is not None
        else {
            "__torch__.py": TORCH_CODE,
            "__torch__/torch/nn/modules/conv.py": CONV_CODE,
        }
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{prefix}/version", "3\n")
        archive.writestr(f"{prefix}/data.pkl", data_pkl(*root))
        for path, source in files.items():
            archive.writestr(f"{prefix}/code/{path}", source)
            archive.writestr(f"{prefix}/code/{path}.debug_pkl", b"\x80\x02).")
        archive.writestr(f"{prefix}/constants.pkl", b"\x80\x02).")
        archive.writestr(f"{prefix}/data/0", bytes(weight_bytes))
    return out.getvalue()


# ---- TensorFlow ----------------------------------------------------------------------------------


def saved_model_pb(
    inputs: dict[str, tuple[str, int, Sequence[int] | None]] | None = None,
    signature: str = "serving_default",
    graph_bytes: int = 4096,
    tf_version: str = "2.15.0",
) -> bytes:
    """A saved_model.pb written with the dynamic classes, plus a graph_def they do not declare.

    `inputs` maps signature keys to (tensor name, DataType, dims; None = unknown rank).
    """
    from core.model.protowire import field_bytes, field_varint
    from core.model.tf_protos import message_class

    inputs = (
        inputs
        if inputs is not None
        else {"input_1": ("serving_default_input_1:0", 1, (-1, 224, 224, 3))}
    )
    meta = message_class("MetaGraphDef")()
    meta.meta_info_def.tags.append("serve")
    meta.meta_info_def.tensorflow_version = tf_version
    sig = meta.signature_def[signature]
    sig.method_name = "tensorflow/serving/predict"
    for key, (tensor, dtype, dims) in inputs.items():
        info = sig.inputs[key]
        info.name, info.dtype = tensor, dtype
        if dims is None:
            info.tensor_shape.unknown_rank = True
        else:
            for size in dims:
                info.tensor_shape.dim.add().size = size
    sig.outputs["out"].name = "StatefulPartitionedCall:0"
    graph = field_bytes(1, field_bytes(1, b"const") + field_bytes(2, b"Const"))
    graph += field_bytes(1, field_bytes(9, bytes(graph_bytes)))  # an unknown big field
    meta_bytes = field_bytes(2, graph) + meta.SerializeToString()
    return field_varint(1, 1) + field_bytes(2, meta_bytes)


def frozen_graph_pb(const_bytes: int = 4096) -> bytes:
    """A GraphDef: a Placeholder [-1,224,224,3] float32 and a Const holding a big tensor."""
    from core.model.protowire import field_bytes, field_varint

    shape = b"".join(field_bytes(2, field_varint(1, d)) for d in (-1, 224, 224, 3))
    attrs = field_bytes(5, field_bytes(1, b"dtype") + field_bytes(2, field_varint(6, 1)))
    attrs += field_bytes(5, field_bytes(1, b"shape") + field_bytes(2, field_bytes(7, shape)))
    placeholder = field_bytes(1, b"input") + field_bytes(2, b"Placeholder") + attrs
    tensor = field_bytes(8, field_varint(1, 1) + field_bytes(4, bytes(const_bytes)))
    const_attrs = field_bytes(5, field_bytes(1, b"value") + field_bytes(2, tensor))
    const_attrs += field_bytes(5, field_bytes(1, b"dtype") + field_bytes(2, field_varint(6, 1)))
    const = field_bytes(1, b"weights") + field_bytes(2, b"Const") + const_attrs
    return field_bytes(1, const) + field_bytes(1, placeholder) + field_varint(3, 27)


# ---- S3 ------------------------------------------------------------------------------------------


def s3_client(endpoint: str | None, **config: Any) -> Any:
    """A boto3 S3 client with dummy keys (moto and a Stubber ignore them)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(**config) if config else None,
    )


# ---- archives ------------------------------------------------------------------------------------


def tar_gz(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    """A tar (gzip by default) holding regular files named as given."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
