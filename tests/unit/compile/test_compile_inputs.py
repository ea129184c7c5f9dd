"""Model files and DataInputConfig, checked before TVM runs: names, ranks, sizes, archives."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import compile_models as cm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.compile.inputs import (
    InputProblem,
    frameworks_sentence,
    input_shapes,
    model_inputs,
    resolve_model,
)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test models, written once for the module."""
    root = tmp_path_factory.mktemp("models")
    return {
        "cnn": cm.onnx_cnn(root / "cnn.onnx"),
        "dynamic": cm.onnx_cnn(root / "dynamic.onnx", "N"),
        "two": cm.onnx_two_inputs(root / "two.onnx"),
        "relu": cm.tflite_model(root / "relu.tflite"),
        "add": cm.tflite_model(root / "add.tflite", "ADD"),
    }


def test_onnx_inputs_leave_out_weights_and_keep_dynamic_dims(models: dict[str, Path]) -> None:
    """graph.input minus initializers; dim_param stays a symbol."""
    assert model_inputs(models["cnn"]) == [("data", (1, 3, 32, 32), "float32")]
    assert model_inputs(models["dynamic"]) == [("data", ("N", 3, 32, 32), "float32")]
    assert [name for name, _, _ in model_inputs(models["two"])] == ["image", "scale"]


def test_tflite_inputs_are_read_from_the_flatbuffer(models: dict[str, Path]) -> None:
    """Subgraph 0's input tensors with their names, shapes and float32 type."""
    assert model_inputs(models["relu"]) == [("input", (1, 8, 8, 3), "float32")]
    assert [n for n, _, _ in model_inputs(models["add"])] == ["a", "b"]


def test_a_wrong_input_name_is_refused_naming_the_real_inputs(models: dict[str, Path]) -> None:
    """TVM would ignore the unknown name; the check names what the model really takes."""
    inputs = model_inputs(models["cnn"])
    with pytest.raises(InputProblem) as caught:
        input_shapes(inputs, json.dumps({"input_1": [1, 3, 32, 32]}))
    message = str(caught.value)
    assert "'input_1'" in message and "data [1, 3, 32, 32] float32" in message


def test_a_wrong_rank_and_a_changed_fixed_size_are_refused(models: dict[str, Path]) -> None:
    """NHWC given as 3 dims, or a fixed channel count changed, never reach TVM."""
    inputs = model_inputs(models["cnn"])
    with pytest.raises(InputProblem, match="rank 3"):
        input_shapes(inputs, '{"data": [3, 32, 32]}')
    with pytest.raises(InputProblem, match="size 4 in dimension 1 where the model fixes it at 3"):
        input_shapes(inputs, '{"data": [1, 4, 32, 32]}')


def test_dynamic_dims_need_a_shape_and_static_ones_do_not(models: dict[str, Path]) -> None:
    """A dynamic batch takes DataInputConfig's size; a static model needs no DataInputConfig."""
    dynamic = model_inputs(models["dynamic"])
    assert input_shapes(dynamic, '{"data": [4, 3, 32, 32]}') == {"data": [4, 3, 32, 32]}
    with pytest.raises(InputProblem, match="dynamic dimensions"):
        input_shapes(dynamic, None)
    assert input_shapes(model_inputs(models["two"]), "") == {
        "image": [1, 3, 32, 32],
        "scale": [1, 10],
    }


def test_an_input_without_a_stored_shape_takes_the_given_one() -> None:
    """A file that stores no shape: DataInputConfig's shape is used, and required."""
    inputs: list[Any] = [("x", None, "float32")]
    assert input_shapes(inputs, '{"x": [1, 2]}') == {"x": [1, 2]}
    with pytest.raises(InputProblem, match="no stored shape"):
        input_shapes(inputs, None)


def test_malformed_data_input_configs_get_a_sentence() -> None:
    """Not JSON, a list, and a non-positive size each say what a shape should be."""
    inputs = [("data", (1, 3), "float32")]
    for text, words in (
        ("{data: 1", "not valid JSON"),
        ("[[1, 3]]", "object of input name to shape"),
        ('{"data": [1, 0]}', "positive integers"),
        ('{"data": [1, true]}', "positive integers"),
    ):
        with pytest.raises(InputProblem, match=words):
            input_shapes(inputs, text)


dims = st.one_of(st.integers(-2, 6), st.booleans(), st.text(max_size=2), st.none())


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["data", "x", ""]), st.one_of(st.lists(dims, max_size=5), dims), max_size=3
    )
)
def test_input_shapes_only_ever_raises_input_problem(config: dict[str, Any]) -> None:
    """Any DataInputConfig either yields full positive shapes or an InputProblem sentence."""
    inputs = [("data", ("N", 3, 4), "float32")]
    try:
        shapes = input_shapes(inputs, json.dumps(config))
    except InputProblem as problem:
        assert str(problem)
    else:
        assert shapes["data"][1:] == [3, 4] and shapes["data"][0] > 0


def _tar_gz(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_tar_gz_with_one_model_is_unpacked(models: dict[str, Path], tmp_path: Path) -> None:
    """Neo's model.tar.gz: the single .onnx inside is the model."""
    archive = _tar_gz(tmp_path / "model.tar.gz", {"nested/cnn.onnx": models["cnn"].read_bytes()})
    found = resolve_model(archive, tmp_path / "unpacked")
    assert found == tmp_path / "unpacked/nested/cnn.onnx" and found.is_file()


def test_archives_without_exactly_one_model_are_refused(tmp_path: Path) -> None:
    """No model, or a damaged archive, is a sentence naming what the archive held."""
    empty = _tar_gz(tmp_path / "empty.tar.gz", {"labels.txt": b"cat\n"})
    with pytest.raises(InputProblem, match=r"holds no \.onnx or \.tflite files \(it has labels"):
        resolve_model(empty, tmp_path / "out")
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(InputProblem, match=r"not a readable \.tar\.gz"):
        resolve_model(broken, tmp_path / "out")


def test_a_file_that_is_no_model_gets_a_sentence(tmp_path: Path) -> None:
    """A text file, or an .onnx that is not protobuf, is refused in words, not a traceback."""
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(InputProblem, match="neither an ONNX model"):
        resolve_model(notes, tmp_path)
    fake = tmp_path / "fake.onnx"
    fake.write_bytes(b"\xff\xfe not a protobuf at all")
    with pytest.raises(InputProblem, match=r"fake\.onnx"):
        model_inputs(fake)


def test_other_frameworks_are_told_why_not() -> None:
    """The sentence names the two local formats and why the rest need their framework."""
    sentence = frameworks_sentence("PYTORCH")
    assert "ONNX and TFLITE" in sentence and "torch" in sentence and "not PYTORCH" in sentence


def test_no_framework_is_told_to_choose_one_not_a_blank() -> None:
    """An import naming no Framework read "only, not : TVM's frontends..."."""
    sentence = frameworks_sentence("")
    assert "not :" not in sentence and "names no Framework: choose it on the Model step" in sentence
