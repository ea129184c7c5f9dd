"""`inspect MODEL` and `validate --model`: JSON out; one stderr line for an unreadable model."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import model_builders as mb
import pytest
from onnx import TensorProto

from core.errors import NeoConfigError
from core.model.cli import add_commands, validate_with_model


def _run(argv: list[str], factory: Any = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core")
    add_commands(parser.add_subparsers(dest="command", required=True), factory)
    args = parser.parse_args(argv)
    return int(args.run(args))


def test_inspect_prints_inputs_and_a_data_input_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An ONNX file with a dynamic batch prints its input and a filled DataInputConfig."""
    path = mb.write(tmp_path / "model.onnx", mb.onnx_bytes())
    assert _run(["inspect", str(path), "--batch", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["framework"] == "ONNX"
    assert out["inputs"] == [
        {
            "name": "pixel_values",
            "shape": ["batch", 3, 224, 224],
            "dtype": "float32",
            "layout": "NCHW",
        }
    ]
    assert out["data_input_config"] == '{"pixel_values": [2, 3, 224, 224]}'


def test_inspect_leaves_data_input_config_null_when_sizes_are_needed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dynamic sequence length leaves data_input_config null, with a note saying why."""
    model = mb.onnx_bytes(inputs=(("ids", ("batch", "seq"), TensorProto.INT64),))
    path = mb.write(tmp_path / "bert.onnx", model)
    assert _run(["inspect", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["data_input_config"] is None
    assert any("dynamic dimension 1 (seq)" in note for note in out["notes"])


def test_inspect_unreadable_model_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1, one 'error:' line on stderr, nothing on stdout."""
    path = mb.write(tmp_path / "model.tar.gz", b"not an archive at all" * 50)
    assert _run(["inspect", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: model.tar.gz is not a tar archive")
    assert captured.err.count("\n") == 1


def test_inspect_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """'-' reads the artifact from standard input's bytes."""
    archive = mb.tar_gz({"model.tflite": mb.tflite_bytes()})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(archive)))
    assert _run(["inspect", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["framework"] == "TFLITE"


def test_inspect_s3_uses_the_client_factory(s3: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """An s3:// model is read with the injected client; without a factory it is an error."""
    s3.put_object(Bucket="models", Key="cli.tar.gz", Body=mb.tar_gz({"m.onnx": mb.onnx_bytes()}))
    assert _run(["inspect", "s3://models/cli.tar.gz"], lambda: s3) == 0
    assert json.loads(capsys.readouterr().out)["file"] == "m.onnx"
    assert _run(["inspect", "s3://models/cli.tar.gz"]) == 1
    assert "needs an AWS connection" in capsys.readouterr().err


def test_validate_with_model_reports_the_request_against_the_model(tmp_path: Path) -> None:
    """The request's DataInputConfig and Framework are checked against a local model."""
    path = mb.write(tmp_path / "model.onnx", mb.onnx_bytes())
    request = {
        "InputConfig": {
            "S3Uri": "s3://models/model.tar.gz",
            "Framework": "ONNX",
            "DataInputConfig": '{"data": [1, 3, 224, 224]}',
        }
    }
    problems = validate_with_model(request, str(path))
    assert [p.path for p in problems] == ["InputConfig.DataInputConfig"] * 2
    assert "no input 'data'" in problems[0].message
    request["InputConfig"]["Framework"] = "PYTORCH"
    assert [str(p) for p in validate_with_model(request, str(path))] == [
        "InputConfig.Framework: The model is ONNX (model.onnx), but Framework is PYTORCH; "
        "set Framework to ONNX (rule model/framework, API reference: InputConfig, Framework)."
    ]


def test_validate_with_model_reads_the_request_s3_uri(s3: Any) -> None:
    """Without --model the request's own S3Uri is read through the factory."""
    s3.put_object(Bucket="models", Key="v.tar.gz", Body=mb.tar_gz({"m.onnx": mb.onnx_bytes()}))
    request = {
        "InputConfig": {
            "S3Uri": "s3://models/v.tar.gz",
            "Framework": "ONNX",
            "DataInputConfig": '{"pixel_values": [1, 3, 224, 224]}',
        }
    }
    assert validate_with_model(request, None, lambda: s3) == []
    with pytest.raises(NeoConfigError, match="Give the model"):
        validate_with_model({"InputConfig": {}}, None, lambda: s3)
