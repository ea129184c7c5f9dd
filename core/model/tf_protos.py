"""The few TensorFlow protobuf messages the SavedModel and frozen-graph readers need.

Built at run time from a hand-written descriptor instead of installing TensorFlow (or
tensorboard's copies). Field numbers are TensorFlow's own; unknown fields are skipped by the
parser, so only the fields read are declared:

- tensorflow/core/protobuf/saved_model.proto: SavedModel { int64 saved_model_schema_version = 1;
  repeated MetaGraphDef meta_graphs = 2; }
- tensorflow/core/protobuf/meta_graph.proto: MetaGraphDef { MetaInfoDef meta_info_def = 1;
  map<string, SignatureDef> signature_def = 5; } with MetaInfoDef { repeated string tags = 4;
  string tensorflow_version = 5; }; SignatureDef { map<string, TensorInfo> inputs = 1;
  map<string, TensorInfo> outputs = 2; string method_name = 3; }; TensorInfo { string name = 1;
  DataType dtype = 2; TensorShapeProto tensor_shape = 3; }
- tensorflow/core/framework/tensor_shape.proto: TensorShapeProto { repeated Dim dim = 2;
  bool unknown_rank = 3; } with Dim { int64 size = 1; string name = 2; }
- tensorflow/core/framework/graph.proto and node_def.proto: GraphDef { repeated NodeDef node = 1; },
  NodeDef { string name = 1; string op = 2; map<string, AttrValue> attr = 5; }
- tensorflow/core/framework/attr_value.proto: AttrValue { DataType type = 6;
  TensorShapeProto shape = 7; }
- tensorflow/core/framework/types.proto: DataType values (declared int32 here: same varint).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from google.protobuf import (  # type: ignore[import-untyped]  # protobuf has no type hints
    descriptor_pb2,
    descriptor_pool,
    message_factory,
)

_F = descriptor_pb2.FieldDescriptorProto
_PACKAGE = "neo_configurator.tf"

DTYPES = {
    1: "float32",
    2: "float64",
    3: "int32",
    4: "uint8",
    5: "int16",
    6: "int8",
    7: "string",
    8: "complex64",
    9: "int64",
    10: "bool",
    11: "qint8",
    12: "quint8",
    13: "qint32",
    14: "bfloat16",
    15: "qint16",
    16: "quint16",
    17: "uint16",
    18: "complex128",
    19: "float16",
    20: "resource",
    21: "variant",
    22: "uint32",
    23: "uint64",
}


def _message(
    name: str, fields: list[tuple[str, int, int, int, str]], nested: list[Any] | None = None
) -> descriptor_pb2.DescriptorProto:
    """A message: fields are (name, number, type, label, type name)."""
    message = descriptor_pb2.DescriptorProto(name=name)
    for field_name, number, kind, label, type_name in fields:
        field = message.field.add(name=field_name, number=number, type=kind, label=label)
        if type_name:
            field.type_name = type_name
    for item in nested or []:
        message.nested_type.add().CopyFrom(item)
    return message


def _map_entry(name: str, value_type: str) -> descriptor_pb2.DescriptorProto:
    entry = _message(
        name,
        [
            ("key", 1, _F.TYPE_STRING, _F.LABEL_OPTIONAL, ""),
            ("value", 2, _F.TYPE_MESSAGE, _F.LABEL_OPTIONAL, value_type),
        ],
    )
    entry.options.map_entry = True
    return entry


def _file() -> descriptor_pb2.FileDescriptorProto:
    p = "." + _PACKAGE
    opt, rep = _F.LABEL_OPTIONAL, _F.LABEL_REPEATED
    shape = _message(
        "TensorShapeProto",
        [
            ("dim", 2, _F.TYPE_MESSAGE, rep, f"{p}.TensorShapeProto.Dim"),
            ("unknown_rank", 3, _F.TYPE_BOOL, opt, ""),
        ],
        [
            _message(
                "Dim",
                [("size", 1, _F.TYPE_INT64, opt, ""), ("name", 2, _F.TYPE_STRING, opt, "")],
            )
        ],
    )
    info = _message(
        "TensorInfo",
        [
            ("name", 1, _F.TYPE_STRING, opt, ""),
            ("dtype", 2, _F.TYPE_INT32, opt, ""),
            ("tensor_shape", 3, _F.TYPE_MESSAGE, opt, f"{p}.TensorShapeProto"),
        ],
    )
    signature = _message(
        "SignatureDef",
        [
            ("inputs", 1, _F.TYPE_MESSAGE, rep, f"{p}.SignatureDef.InputsEntry"),
            ("outputs", 2, _F.TYPE_MESSAGE, rep, f"{p}.SignatureDef.OutputsEntry"),
            ("method_name", 3, _F.TYPE_STRING, opt, ""),
        ],
        [
            _map_entry("InputsEntry", f"{p}.TensorInfo"),
            _map_entry("OutputsEntry", f"{p}.TensorInfo"),
        ],
    )
    meta_info = _message(
        "MetaInfoDef",
        [("tags", 4, _F.TYPE_STRING, rep, ""), ("tensorflow_version", 5, _F.TYPE_STRING, opt, "")],
    )
    meta_graph = _message(
        "MetaGraphDef",
        [
            ("meta_info_def", 1, _F.TYPE_MESSAGE, opt, f"{p}.MetaGraphDef.MetaInfoDef"),
            ("signature_def", 5, _F.TYPE_MESSAGE, rep, f"{p}.MetaGraphDef.SignatureDefEntry"),
        ],
        [meta_info, _map_entry("SignatureDefEntry", f"{p}.SignatureDef")],
    )
    saved_model = _message(
        "SavedModel",
        [
            ("saved_model_schema_version", 1, _F.TYPE_INT64, opt, ""),
            ("meta_graphs", 2, _F.TYPE_MESSAGE, rep, f"{p}.MetaGraphDef"),
        ],
    )
    attr = _message(
        "AttrValue",
        [
            ("type", 6, _F.TYPE_INT32, opt, ""),
            ("shape", 7, _F.TYPE_MESSAGE, opt, f"{p}.TensorShapeProto"),
        ],
    )
    node = _message(
        "NodeDef",
        [
            ("name", 1, _F.TYPE_STRING, opt, ""),
            ("op", 2, _F.TYPE_STRING, opt, ""),
            ("attr", 5, _F.TYPE_MESSAGE, rep, f"{p}.NodeDef.AttrEntry"),
        ],
        [_map_entry("AttrEntry", f"{p}.AttrValue")],
    )
    graph = _message("GraphDef", [("node", 1, _F.TYPE_MESSAGE, rep, f"{p}.NodeDef")])
    proto = descriptor_pb2.FileDescriptorProto(
        name="neo_configurator/tf_subset.proto", package=_PACKAGE, syntax="proto3"
    )
    for message in (shape, info, signature, meta_graph, saved_model, attr, node, graph):
        proto.message_type.add().CopyFrom(message)
    return proto


@cache
def message_class(name: str) -> Any:
    """The generated class of one message (SavedModel, MetaGraphDef, GraphDef, NodeDef...)."""
    pool = _pool()
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{_PACKAGE}.{name}"))


@cache
def _pool() -> descriptor_pool.DescriptorPool:
    pool = descriptor_pool.DescriptorPool()
    pool.Add(_file())
    return pool
