"""Tiny ONNX and TFLite models built in the test itself, and requests that point at them."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import flatbuffers
import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

CNN_SHAPE = [1, 3, 32, 32]
NHWC = [1, 8, 8, 3]


def request(
    output_config: dict[str, Any], framework: str = "ONNX", shapes: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A CreateCompilationJob request as boto3 takes it (JSON strings inside)."""
    config: dict[str, Any] = {"S3Uri": "s3://bucket/model.tar.gz", "Framework": framework}
    if shapes is not None:
        config["DataInputConfig"] = json.dumps(shapes)
    return {
        "CompilationJobName": "local-test",
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputConfig": config,
        "OutputConfig": {"S3OutputLocation": "s3://bucket/out/", **output_config},
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }


def _cnn_nodes(data: str) -> tuple[list[Any], list[Any]]:
    rng = np.random.default_rng(0)
    weights = [
        numpy_helper.from_array(rng.standard_normal((8, 3, 3, 3)).astype(np.float32), "W"),
        numpy_helper.from_array(rng.standard_normal(8).astype(np.float32), "B"),
        numpy_helper.from_array(rng.standard_normal((10, 8)).astype(np.float32), "G"),
    ]
    nodes = [
        helper.make_node("Conv", [data, "W", "B"], ["conv"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv"], ["relu"]),
        helper.make_node("GlobalAveragePool", ["relu"], ["pool"]),
        helper.make_node("Flatten", ["pool"], ["flat"]),
        helper.make_node("Gemm", ["flat", "G"], ["logits"], transB=1),
    ]
    return nodes, weights


def _save(
    path: Path, nodes: list[Any], inputs: list[Any], outputs: list[Any], init: list[Any]
) -> Path:
    graph = helper.make_graph(nodes, "test", inputs, outputs, init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    save(model, str(path))
    return path


def onnx_cnn(path: Path, batch: int | str = 1) -> Path:
    """Conv, Relu, GlobalAveragePool, Gemm on data [batch, 3, 32, 32]; "N" makes batch dynamic."""
    nodes, init = _cnn_nodes("data")
    data = helper.make_tensor_value_info("data", TensorProto.FLOAT, [batch, 3, 32, 32])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [batch, 10])
    return _save(path, nodes, [data], [out], init)


def onnx_two_inputs(path: Path) -> Path:
    """The CNN's logits times a second input, scale [1, 10]."""
    nodes, init = _cnn_nodes("image")
    nodes.append(helper.make_node("Mul", ["logits", "scale"], ["scaled"]))
    inputs = [
        helper.make_tensor_value_info("image", TensorProto.FLOAT, CNN_SHAPE),
        helper.make_tensor_value_info("scale", TensorProto.FLOAT, [1, 10]),
    ]
    out = helper.make_tensor_value_info("scaled", TensorProto.FLOAT, [1, 10])
    return _save(path, nodes, inputs, [out], init)


def onnx_one_op(path: Path, op: str, shapes: list[list[int]]) -> Path:
    """One node of type `op` over inputs x0, x1...: for importer failures."""
    names = [f"x{i}" for i in range(len(shapes))]
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
        for n, s in zip(names, shapes, strict=True)
    ]
    out = helper.make_tensor_value_info("y", TensorProto.FLOAT, shapes[0])
    return _save(path, [helper.make_node(op, names, ["y"])], inputs, [out], [])


def _fb(name: str) -> Any:
    """A tflite builder submodule (the package's __init__ re-exports only the classes)."""
    return importlib.import_module(f"tflite.{name}")


def _vector(b: flatbuffers.Builder, start: Any, items: list[Any], prepend: Any) -> Any:
    start(b, len(items))
    for item in reversed(items):
        prepend(item)
    return b.EndVector()


def tflite_model(path: Path, op: str = "RELU", shape: list[int] = NHWC) -> Path:
    """A one-operator TFLite model: RELU (input -> out) or ADD (a + b -> out), float32 NHWC."""
    b = flatbuffers.Builder(1024)
    tensor, subgraph, operator = _fb("Tensor"), _fb("SubGraph"), _fb("Operator")
    model, opcode, buffer = _fb("Model"), _fb("OperatorCode"), _fb("Buffer")
    code = getattr(_fb("BuiltinOperator").BuiltinOperator, op)
    names = ["input", "out"] if op == "RELU" else ["a", "b", "out"]
    tensors = []
    for name in names:
        label = b.CreateString(name)
        dims = _vector(b, tensor.StartShapeVector, shape, b.PrependInt32)
        tensor.Start(b)
        tensor.AddShape(b, dims)
        tensor.AddType(b, _fb("TensorType").TensorType.FLOAT32)
        tensor.AddBuffer(b, 0)
        tensor.AddName(b, label)
        tensors.append(tensor.End(b))
    ins, outs = list(range(len(names) - 1)), [len(names) - 1]
    op_in = _vector(b, operator.StartInputsVector, ins, b.PrependInt32)
    op_out = _vector(b, operator.StartOutputsVector, outs, b.PrependInt32)
    operator.Start(b)
    operator.AddOpcodeIndex(b, 0)
    operator.AddInputs(b, op_in)
    operator.AddOutputs(b, op_out)
    the_op = operator.End(b)
    all_tensors = _vector(b, subgraph.StartTensorsVector, tensors, b.PrependUOffsetTRelative)
    sg_in = _vector(b, subgraph.StartInputsVector, ins, b.PrependInt32)
    sg_out = _vector(b, subgraph.StartOutputsVector, outs, b.PrependInt32)
    ops = _vector(b, subgraph.StartOperatorsVector, [the_op], b.PrependUOffsetTRelative)
    subgraph.Start(b)
    subgraph.AddTensors(b, all_tensors)
    subgraph.AddInputs(b, sg_in)
    subgraph.AddOutputs(b, sg_out)
    subgraph.AddOperators(b, ops)
    graph = subgraph.End(b)
    opcode.Start(b)
    opcode.AddBuiltinCode(b, code)
    opcode.AddDeprecatedBuiltinCode(b, code)
    opcode.AddVersion(b, 1)
    the_code = opcode.End(b)
    buffer.Start(b)
    empty = buffer.End(b)
    codes = _vector(b, model.StartOperatorCodesVector, [the_code], b.PrependUOffsetTRelative)
    graphs = _vector(b, model.StartSubgraphsVector, [graph], b.PrependUOffsetTRelative)
    buffers = _vector(b, model.StartBuffersVector, [empty], b.PrependUOffsetTRelative)
    model.Start(b)
    model.AddVersion(b, 3)
    model.AddOperatorCodes(b, codes)
    model.AddSubgraphs(b, graphs)
    model.AddBuffers(b, buffers)
    b.Finish(model.End(b), file_identifier=b"TFL3")
    path.write_bytes(bytes(b.Output()))
    return path
