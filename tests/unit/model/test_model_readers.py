"""Each format's reader on small models built by its own library: names, shapes, dtypes, layout."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import model_builders as mb
import onnx
import pytest
from onnx import TensorProto, helper

from core.errors import NeoConfigError
from core.model import (
    fill_data_input_config,
    inspect_bytes,
    inspect_path,
    inspect_stream,
    model_problems,
)
from core.model.mxnet_reader import params_names
from core.model.onnx_reader import info_from_model, read_onnx, read_onnx_stream
from core.model.types import ModelInput

# ---- ONNX ----------------------------------------------------------------------------------------


def test_onnx_inputs_exclude_initializers_and_keep_symbolic_batch() -> None:
    """graph.input minus initializers; a dim_param stays its symbol; opset is a source."""
    info = inspect_bytes(mb.onnx_bytes(), "model.onnx")
    assert info.framework == "ONNX"
    assert info.inputs == (ModelInput("pixel_values", ("batch", 3, 224, 224), "float32", "NCHW"),)
    assert info.sources["opset"] == "ai.onnx 17"
    assert info.inputs[0].dynamic_dims == (0,)


def test_onnx_two_inputs_nhwc_and_int64() -> None:
    """Two inputs keep their order, dtypes in numpy spelling and an NHWC layout."""
    model = mb.onnx_bytes(
        inputs=(
            ("image", (1, 224, 224, 3), TensorProto.UINT8),
            ("ids", ("batch", "seq"), TensorProto.INT64),
        )
    )
    info = inspect_bytes(model, "m.onnx")
    assert [(i.name, i.shape, i.dtype, i.layout) for i in info.inputs] == [
        ("image", (1, 224, 224, 3), "uint8", "NHWC"),
        ("ids", ("batch", "seq"), "int64", ""),
    ]


def test_onnx_walk_matches_onnx_load(tmp_path: Path) -> None:
    """The streamed skeleton gives what onnx.load(load_external_data=False) of the file gives."""
    path = mb.write(tmp_path / "m.onnx", mb.onnx_bytes(weight_bytes=200_000))
    full = onnx.load(str(path), load_external_data=False)
    assert read_onnx(path) == info_from_model(full, "m.onnx")


def test_onnx_non_seekable_stream_reads_the_same() -> None:
    """A stream that can only be read forward (an S3 body) yields the same inputs."""
    data = mb.onnx_bytes(weight_bytes=100_000)

    class Forward(io.RawIOBase):
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = self.inner.read(min(len(buffer), 777))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    info = read_onnx_stream(Forward(), "m.onnx")
    assert info.inputs[0].name == "pixel_values"


def test_onnx_external_data_is_never_opened(tmp_path: Path) -> None:
    """An initializer stored in an external file is subtracted by name; the file may be absent."""
    model = mb.onnx_model(weight_bytes=4096)
    onnx.save_model(
        model,
        str(tmp_path / "m.onnx"),
        save_as_external_data=True,
        location="weights.bin",
        size_threshold=0,
    )
    (tmp_path / "weights.bin").unlink()
    info = read_onnx(tmp_path / "m.onnx")
    assert [i.name for i in info.inputs] == ["pixel_values"]


def test_onnx_garbage_is_one_sentence() -> None:
    """Bytes that are not a ModelProto give a NeoConfigError naming the file."""
    with pytest.raises(NeoConfigError, match=r"m\.onnx is not a readable ONNX model"):
        inspect_bytes(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "m.onnx")


# ---- TFLite --------------------------------------------------------------------------------------


def test_tflite_dynamic_batch_nhwc_and_signature_alias() -> None:
    """shape_signature -1 is dynamic; a SignatureDef key becomes an alias of the tensor name."""
    data = mb.tflite_bytes(
        inputs=(("serving_default_x:0", (-1, 224, 224, 3), 0), ("mask", (-1, 10), 2)),
        signature_keys=("x", "mask"),
        weight_bytes=4096,
    )
    info = inspect_bytes(data, "model.tflite")
    assert info.framework == "TFLITE"
    first, second = info.inputs
    assert (first.name, first.shape, first.dtype, first.layout) == (
        "serving_default_x:0",
        (None, 224, 224, 3),
        "float32",
        "NHWC",
    )
    assert first.aliases == ("x",)
    assert (second.shape, second.dtype, second.aliases) == ((None, 10), "int32", ())


def test_tflite_recognised_by_identifier_without_extension() -> None:
    """A single file named oddly is sniffed by its TFL3 identifier."""
    assert inspect_bytes(mb.tflite_bytes(), "upload.bin").framework == "TFLITE"


def test_tflite_damaged_flatbuffer_is_one_sentence() -> None:
    """A cut flatbuffer gives a sentence, not an IndexError."""
    data = mb.tflite_bytes()
    with pytest.raises(NeoConfigError, match=r"model\.tflite"):
        inspect_bytes(data[:40], "model.tflite")


# ---- Keras ---------------------------------------------------------------------------------------


def test_keras_sequentials_that_keras_2_2_4_saves_without_a_shaped_first_layer(
    tmp_path: Path,
) -> None:
    """Keras 2.2.4's Sequential.get_config leaves out the InputLayer it makes: one starting
    with a pretrained model names its input after that model (Input(name=layer.name +
    '_input')) with its input's shape; one built with build(input_shape) after itself. Both
    were refused as declaring no input layer."""
    base_input = {"batch_input_shape": [None, 224, 224, 3], "dtype": "float32", "name": "in_1"}
    base = {
        "class_name": "Model",
        "config": {
            "name": "resnet50",
            "layers": [{"class_name": "InputLayer", "name": "in_1", "config": base_input}],
            "input_layers": [["in_1", 0, 0]],
        },
    }
    nested = inspect_path(mb.keras_sequential_h5(tmp_path / "nested.h5", base))
    assert [(i.name, i.shape, i.layout) for i in nested.inputs] == [
        ("resnet50_input", (None, 224, 224, 3), "NHWC")
    ]
    dense = {"class_name": "Dense", "config": {"name": "dense_1", "units": 32}}
    built = mb.keras_sequential_h5(tmp_path / "built.h5", dense, build_input_shape=[None, 500])
    assert [(i.name, i.shape) for i in inspect_path(built).inputs] == [
        ("sequential_input", (None, 500))
    ]
    unshaped = mb.keras_sequential_h5(tmp_path / "unshaped.h5", dense)
    with pytest.raises(NeoConfigError, match="declares no input layer"):
        inspect_path(unshaped)


def test_keras_two_inputs_dynamic_batch_and_version(tmp_path: Path) -> None:
    """InputLayers in input_layers order, null batch dynamic, keras_version the version."""
    path = mb.keras_h5(
        tmp_path / "m.h5", inputs=(("img", (None, 224, 224, 3)), ("meta", (None, 8)))
    )
    info = inspect_path(path)
    assert (info.framework, info.framework_version) == ("KERAS", "2.13.1")
    assert [(i.name, i.shape, i.layout) for i in info.inputs] == [
        ("img", (None, 224, 224, 3), "NHWC"),
        ("meta", (None, 8), ""),
    ]
    assert any("NCHW" in note for note in info.notes)


def test_keras3_batch_shape_and_sequential_without_input_layer(tmp_path: Path) -> None:
    """Keras 3 writes batch_shape; an old Sequential names its input after the first layer."""
    k3 = inspect_path(mb.keras_h5(tmp_path / "k3.h5", shape_key="batch_shape"))
    assert k3.inputs[0].shape == (None, 224, 224, 3)
    seq = inspect_path(mb.keras_sequential_h5(tmp_path / "seq.h5"))
    assert [(i.name, i.shape) for i in seq.inputs] == [("dense_input", (None, 20))]
    assert seq.framework_version == "2.4.0"


def test_keras_weights_only_file_is_explained(tmp_path: Path) -> None:
    """An .h5 without model_config (save_weights) says it holds weights only."""
    path = mb.keras_h5(tmp_path / "w.h5", with_config=False)
    with pytest.raises(NeoConfigError, match="weights only"):
        inspect_path(path)


# ---- MXNet ---------------------------------------------------------------------------------------


def test_mxnet_inputs_are_null_nodes_not_in_params() -> None:
    """Null nodes minus the .params arg:/aux: names leave data and mask."""
    archive = mb.tar_gz(
        {
            "m-symbol.json": mb.mxnet_symbol(("mask",)),
            "m-0000.params": mb.mxnet_params(mb.MXNET_PARAM_NAMES),
        }
    )
    info = inspect_bytes(archive, "m.tar.gz")
    assert info.framework == "MXNET"
    assert [i.name for i in info.inputs] == ["data", "mask"]
    assert info.sources["params"] == "m-0000.params"


@pytest.mark.parametrize("loss", ["SoftmaxOutput", "LinearRegressionOutput"])
def test_an_mxnet_loss_layers_label_is_neither_asked_nor_refused(loss: str) -> None:
    """A checkpoint keeps SoftmaxOutput's softmax_label, which inference never feeds (TVM's
    frontend drops it): DataInputConfig {"data": [...]}, the guide's MXNet form, was refused as
    missing it. Given, as some guide examples give it, it is taken too."""
    archive = mb.tar_gz(
        {
            "m-symbol.json": mb.mxnet_symbol(("mask",), loss=loss),
            "m-0000.params": mb.mxnet_params(mb.MXNET_PARAM_NAMES),
        }
    )
    info = inspect_bytes(archive, "m.tar.gz")
    assert [i.name for i in info.inputs] == ["data", "mask"]  # mask feeds no loss: an input
    assert info.labels == ("softmax_label",)
    [note] = [n for n in info.notes if n.startswith("softmax_label: the training label")]
    assert f"of the loss output {loss}," in note  # that layer: not a list of all five
    assert "SVMOutput" not in note
    given = {"data": [1, 3, 224, 224], "mask": [1, 1, 224, 224]}
    assert model_problems(json.dumps(given), "MXNET", info) == []
    with_label = json.dumps({**given, "softmax_label": [1]})
    assert model_problems(with_label, "MXNET", info) == []
    filled = fill_data_input_config(info, {"data": [1, 3, 224, 224], "mask": [1, 1, 224, 224]})
    assert json.loads(filled) == given  # not asked, not written


def test_mxnet_without_params_uses_weight_names_and_says_so() -> None:
    """Without a .params file, null nodes named like weights are dropped, with a note."""
    info = inspect_bytes(mb.mxnet_symbol(data_shape="(1, 3, 224, 224)"), "m-symbol.json")
    assert [(i.name, i.shape, i.dtype, i.layout) for i in info.inputs] == [
        ("data", (1, 3, 224, 224), "float32", "NCHW")
    ]
    assert any("No .params file" in note for note in info.notes)


def test_mxnet_params_names_from_seek_and_from_stream_agree(tmp_path: Path) -> None:
    """The names after the arrays are found by seeking a file and by streaming past a ring."""
    data = mb.mxnet_params(mb.MXNET_PARAM_NAMES, array_bytes=300_000)
    path = mb.write(tmp_path / "m.params", data)
    with path.open("rb") as handle:
        seeked = params_names(handle, len(data))
    streamed = params_names(io.BytesIO(data))
    assert seeked == streamed == list(mb.MXNET_PARAM_NAMES)


def test_mxnet_params_saved_as_a_list_has_no_names() -> None:
    """A .params file without names falls back to the weight-name rule, saying why."""
    archive = mb.tar_gz(
        {
            "m-symbol.json": mb.mxnet_symbol(),
            "m-0000.params": mb.mxnet_params(mb.MXNET_PARAM_NAMES, named=False),
        }
    )
    info = inspect_bytes(archive, "m.tar.gz")
    assert [i.name for i in info.inputs] == ["data"]
    assert any("holds no names" in note for note in info.notes)


def test_mxnet_bad_params_magic_is_one_sentence() -> None:
    """A .params file that is not an NDArray list is reported for the symbol it pairs with."""
    archive = mb.tar_gz({"m-symbol.json": mb.mxnet_symbol(), "m-0000.params": b"x" * 64})
    with pytest.raises(NeoConfigError, match="not an MXNet NDArray list"):
        inspect_bytes(archive, "m.tar.gz")


# ---- Darknet -------------------------------------------------------------------------------------


def test_darknet_cfg_gives_one_nchw_input_with_batch_one() -> None:
    """[net] width/height/channels become data [1,3,416,416]; the training batch is noted."""
    archive = mb.tar_gz({"yolov3.cfg": mb.YOLO_CFG, "yolov3.weights": bytes(1000)})
    info = inspect_bytes(archive, "yolo.tar.gz")
    assert info.inputs == (ModelInput("data", (1, 3, 416, 416), "float32", "NCHW"),)
    assert "batch=64" in info.notes[0]


def test_a_lone_text_model_file_is_read_whole_past_its_first_bytes() -> None:
    """A .cfg or -symbol.json uploaded alone was cut at the 512 bytes looked at to tell its
    kind: a real yolov3.cfg (8 KB) read as no [net] values, a symbol file as "not JSON"."""
    cfg = b"# " + b"a comment line of a long cfg\n# " * 40 + b"\n" + mb.YOLO_CFG
    assert len(cfg) > 1024
    info = inspect_bytes(cfg, "yolov3.cfg")
    assert info.inputs == (ModelInput("data", (1, 3, 416, 416), "float32", "NCHW"),)
    symbol = json.loads(mb.mxnet_symbol())
    symbol["attrs"] = {"note": "x" * 2000}
    info = inspect_stream(io.BytesIO(json.dumps(symbol).encode()), "resnet-symbol.json")
    assert [i.name for i in info.inputs] == ["data"]


def test_a_field_said_longer_than_the_file_is_named_so() -> None:
    """A length of 2^62 was walked into and read as "a field numbered 0"."""
    from core.model.protowire import varint_bytes

    data = varint_bytes(7 << 3 | 2) + varint_bytes(1 << 62) + bytes(100)  # ONNX's graph field
    with pytest.raises(NeoConfigError, match="a field runs past the end of the file"):
        inspect_bytes(data, "m.onnx")


def test_a_params_file_alone_asks_for_its_symbol_file() -> None:
    """A lone .params was said to hold "nothing"; it holds the weights, without the graph."""
    with pytest.raises(NeoConfigError, match=r"holds MXNet weights \('m-0000\.params'\) but"):
        inspect_bytes(mb.mxnet_params(["arg:w"]), "m-0000.params")


def test_a_symbol_file_nested_too_deep_says_so() -> None:
    """JSON past Python's nesting limit was "not valid JSON"; it may be, but it is no symbol."""
    deep = b'{"nodes": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    with pytest.raises(NeoConfigError, match="nested too deeply to be an MXNet symbol file"):
        inspect_bytes(deep, "m-symbol.json")


def test_darknet_cfg_without_net_section_is_refused() -> None:
    """A .cfg that is not a Darknet network says so."""
    with pytest.raises(NeoConfigError, match=r"no \[net\] section"):
        inspect_bytes(b"[metadata]\nname=x\n", "setup.cfg")


# ---- TorchScript ---------------------------------------------------------------------------------


def test_torchscript_forward_arguments_without_shapes() -> None:
    """forward(self, x, mask) of the top module gives two inputs whose shapes are unknown."""
    info = inspect_bytes(mb.torchscript_zip(), "model.pth")
    assert info.framework == "PYTORCH"
    assert [(i.name, i.shape) for i in info.inputs] == [("x", None), ("mask", None)]
    assert info.sources["module"] == "__torch__.Net"
    assert any("cannot be read" in note for note in info.notes)


def test_torchscript_traced_module_in_a_package_path() -> None:
    """data.pkl's first global leads to code/__torch__/torchvision/models/resnet.py."""
    resnet = mb.CONV_CODE.replace("Conv2d", "ResNet").replace("input: Tensor", "img: Tensor")
    files = {
        "__torch__/torchvision/models/resnet.py": resnet,
        "__torch__/torch/nn/modules/conv.py": mb.CONV_CODE,
    }
    data = mb.torchscript_zip(files, root=("__torch__.torchvision.models.resnet", "ResNet"))
    info = inspect_bytes(data, "resnet.pt")
    assert [i.name for i in info.inputs] == ["img"]
    assert info.sources["module"].endswith("resnet.ResNet")


def test_torch_save_state_dict_is_not_torchscript() -> None:
    """A zip without code/ (torch.save) is refused with the fix."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        archive.writestr("archive/data/0", bytes(64))
    with pytest.raises(NeoConfigError, match=r"torch\.jit\.trace"):
        inspect_bytes(out.getvalue(), "model.pth")


def test_a_zip_of_another_models_file_says_what_it_holds(tmp_path: Path) -> None:
    """A .zip holding cnn.onnx was told it had no code/ folder and to use torch.jit.trace."""
    model = onnx.helper.make_model(
        helper.make_graph(
            [helper.make_node("Relu", ["x"], ["y"])],
            "g",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("cnn.onnx", model.SerializeToString())
    with pytest.raises(NeoConfigError) as raised:
        inspect_bytes(out.getvalue(), "cnn.zip")
    assert raised.value.message.startswith("cnn.zip is a zip archive holding cnn.onnx, not a")
    assert "torch.jit" not in raised.value.message


def test_a_keras_3_file_is_named_and_asked_for_as_h5() -> None:
    """model.keras was told it held model.weights.h5 and to choose that file, which is weights
    only; Neo wants a Keras model as one .h5 definition file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.3.3"}))
        archive.writestr("config.json", json.dumps({"class_name": "Functional"}))
        archive.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n")
    with pytest.raises(NeoConfigError) as raised:
        inspect_bytes(out.getvalue(), "model.keras")
    said = raised.value.message
    assert said.startswith("model.keras is a Keras 3 model (.keras: config.json and model.")
    assert "save it with model.save('model.h5')" in said and "choose model.weights" not in said


def test_torchscript_zip_bomb_member_is_refused() -> None:
    """A code member that declares a huge expansion is refused before it is read."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model/data.pkl", mb.data_pkl("__torch__", "Net"))
        archive.writestr("model/code/__torch__.py", "#" * 40_000_000)
    with pytest.raises(NeoConfigError, match="zip bomb"):
        inspect_bytes(out.getvalue(), "model.pt")


# ---- TensorFlow ----------------------------------------------------------------------------------


def test_saved_model_serving_default_keys_dtypes_and_aliases() -> None:
    """Signature keys are names, tensor names aliases; -1 dynamic; unknown rank is None."""
    data = mb.saved_model_pb(
        {
            "image": ("serving_default_image:0", 4, (-1, 299, 299, 3)),
            "ids": ("serving_default_ids:0", 9, None),
        },
        graph_bytes=100_000,
    )
    info = inspect_bytes(
        mb.tar_gz({"1/saved_model.pb": data, "1/variables/v.index": b"x"}), "t.tgz"
    )
    assert (info.framework, info.framework_version) == ("TENSORFLOW", "2.15.0")
    by_name = {i.name: i for i in info.inputs}
    assert by_name["image"].shape == (None, 299, 299, 3)
    assert by_name["image"].dtype == "uint8"
    assert by_name["image"].aliases == ("serving_default_image:0", "serving_default_image")
    assert (by_name["ids"].shape, by_name["ids"].dtype) == (None, "int64")


def test_saved_model_without_serving_default_reads_another_and_says_so() -> None:
    """Another signature is read when serving_default is absent, with a note."""
    info = inspect_bytes(mb.saved_model_pb(signature="predict"), "saved_model.pb")
    assert [i.name for i in info.inputs] == ["input_1"]
    assert any("predict" in note for note in info.notes)


def test_frozen_graph_placeholders_with_constants_skipped() -> None:
    """A frozen .pb's Placeholder is the input; the Const's big tensor is skipped."""
    info = inspect_bytes(mb.frozen_graph_pb(const_bytes=200_000), "frozen_model.pb")
    assert info.inputs == (
        ModelInput("input", (None, 224, 224, 3), "float32", "NHWC", ("input:0",)),
    )


def test_truncated_saved_model_is_one_sentence() -> None:
    """A saved_model.pb cut short gives a sentence naming it."""
    data = mb.saved_model_pb()
    with pytest.raises(NeoConfigError, match=r"saved_model\.pb is not a readable SavedModel"):
        inspect_bytes(data[:-7], "saved_model.pb")


# ---- XGBoost -------------------------------------------------------------------------------------


def test_xgboost_has_no_inputs_and_a_note() -> None:
    """An XGBoost artifact yields no inputs and says no DataInputConfig is taken."""
    info = inspect_bytes(mb.tar_gz({"xgboost-model": b"binary"}), "model.tar.gz")
    assert (info.framework, info.inputs) == ("XGBOOST", ())
    assert "no DataInputConfig" in info.notes[0]


def test_onnx_helper_model_with_no_shape_has_unknown_dims() -> None:
    """An input whose dims carry neither value nor param is dynamic (None)."""
    value = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])
    graph = helper.make_graph([], "g", [value], [value])
    info = inspect_bytes(helper.make_model(graph).SerializeToString(), "m.onnx")
    assert info.inputs[0].shape == (None, 3)


def test_damaged_h5_is_one_sentence(tmp_path: Path) -> None:
    """A cut HDF5 file is read in a child process and reported, never crashing this one."""
    data = mb.keras_h5(tmp_path / "m.h5").read_bytes()
    with pytest.raises(NeoConfigError, match=r"m\.h5 is (not a readable|a damaged) HDF5"):
        inspect_bytes(data[: len(data) // 3], "m.h5")


@pytest.mark.parametrize(
    ("script", "pattern"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", "crashed the HDF5 reader"),
        ("import time; time.sleep(30)", "took over 1 s to open"),
    ],
)
def test_hdf5_reader_crash_or_hang_stays_in_its_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, pattern: str
) -> None:
    """libhdf5 crashing or spinning on a damaged file ends its child process, not this one."""
    from core.model import keras_reader

    monkeypatch.setattr(keras_reader, "_ATTRS", script)
    monkeypatch.setattr(keras_reader, "TIMEOUT_SECONDS", 1)
    with pytest.raises(NeoConfigError, match=pattern):
        inspect_path(mb.keras_h5(tmp_path / "m.h5"))
