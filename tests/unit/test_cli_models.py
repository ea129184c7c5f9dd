"""`python -m core inspect|validate --model|compile` as a CI pipeline runs them: one process each,
exit codes and lines as documented in the README."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli import run_core
from tests.unit.compile.compile_models import onnx_cnn, request

ROOT = Path(__file__).resolve().parents[2]


def core(*args: str) -> subprocess.CompletedProcess[str]:
    return run_core(*args, env={"NEO_LOCAL": "1"})


def test_inspect_prints_the_inputs_and_a_data_input_config(tmp_path: Path) -> None:
    """An ONNX file's input, its layout and the DataInputConfig to send, as JSON."""
    model = onnx_cnn(tmp_path / "cnn.onnx")
    done = core("inspect", str(model))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["framework"] == "ONNX"
    assert found["inputs"][0]["name"] == "data" and found["inputs"][0]["layout"] == "NCHW"
    assert json.loads(found["data_input_config"]) == {"data": [1, 3, 32, 32]}


def test_inspect_of_what_is_no_model_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """Anything unreadable is one line on standard error and exit 1."""
    junk = tmp_path / "notes.onnx"
    junk.write_text("not a model")
    done = core("inspect", str(junk))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1


def test_validate_with_the_model_names_its_real_inputs(tmp_path: Path) -> None:
    """A request naming an input the model lacks fails with the model's real inputs."""
    model = onnx_cnn(tmp_path / "cnn.onnx")
    wrong = request({"TargetDevice": "ml_c5"}, shapes={"input0": [1, 3, 32, 32]})
    (tmp_path / "req.json").write_text(json.dumps(wrong))
    done = core("validate", str(tmp_path / "req.json"), "--model", str(model))
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if line]
    assert lines and all(line.startswith("InputConfig.DataInputConfig: ") for line in lines)
    assert "'data'" in done.stdout
    right = request({"TargetDevice": "ml_c5"}, shapes={"data": [1, 3, 32, 32]})
    (tmp_path / "ok.json").write_text(json.dumps(right))
    assert core("validate", str(tmp_path / "ok.json"), "--model", str(model)).returncode == 0


def test_compile_builds_for_an_arm_board_and_reports(tmp_path: Path) -> None:
    """`compile` builds the request's model for its target and writes the artifact and report."""
    model = onnx_cnn(tmp_path / "cnn.onnx")
    api = request({"TargetDevice": "rasp3b"}, shapes={"data": [1, 3, 32, 32]})
    (tmp_path / "req.json").write_text(json.dumps(api))
    out = str(tmp_path / "out")
    done = core("compile", str(tmp_path / "req.json"), "--model", str(model), "--out", out)
    report = json.loads(done.stdout)
    stages = {stage["name"]: stage["status"] for stage in report["stages"]}
    assert stages["imported"] == stages["built"] == "passed"
    assert (done.returncode == 0) == report["ok"]
