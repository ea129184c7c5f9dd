"""Compiles in their own process: the CLI end to end, checks before TVM, cancel, time limit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import compile_models as cm
import pytest

from core.compile.cli import main as cli_main
from core.compile.report import CompileReport
from core.compile.runner import CompileHandle, start_compile

ROOT = Path(__file__).resolve().parents[3]
X86 = {"TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}}


def _gone(handle: CompileHandle) -> bool:
    """The worker's whole process group has ended."""
    try:
        os.killpg(handle.pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("models")
    return {"cnn": cm.onnx_cnn(root / "cnn.onnx")}


@pytest.fixture(scope="module")
def runs(models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The CLI on an x86 compile and two refusals, all started at once and awaited together."""
    root = tmp_path_factory.mktemp("runs")
    request_file = root / "request.json"
    request_file.write_text(json.dumps(cm.request(X86, "ONNX", {"data": cm.CNN_SHAPE})))
    cli = subprocess.Popen(
        [sys.executable, "-m", "core.compile.cli", "compile", str(request_file),
         "--model", str(models["cnn"]), "--out", str(root / "cli")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    wrong_name = start_compile(
        cm.request(X86, "ONNX", {"input_1": cm.CNN_SHAPE}), models["cnn"], root / "name"
    )
    wrong_rank = start_compile(
        cm.request(X86, "ONNX", {"data": [3, 32, 32]}), models["cnn"], root / "rank"
    )
    stdout, stderr = cli.communicate(timeout=120)
    return {
        "cli": (cli.returncode, stdout, stderr),
        "name": (wrong_name, wrong_name.wait()),
        "rank": (wrong_rank, wrong_rank.wait()),
    }


def test_cli_compiles_runs_and_matches_on_x86(runs: dict[str, Any]) -> None:
    """Exit 0, the JSON report on stdout with every stage passed, human lines on stderr."""
    code, stdout, stderr = runs["cli"]
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["ok"] and [s["status"] for s in report["stages"]] == ["passed"] * 5
    assert report["verification"]["max_abs_diff"] < 1e-4
    assert report["verification"]["reference"].startswith("onnxruntime")
    assert "matched  passed" in stderr and Path(report["package"]).is_file()


def test_a_wrong_input_name_fails_before_tvm_runs(runs: dict[str, Any]) -> None:
    """imported fails naming the model's real input; the worker never imported TVM."""
    handle, report = runs["name"]
    assert report.stage("imported").status == "failed" and not report.ok
    assert "'input_1'" in report.stage("imported").reason
    assert "data [1, 3, 32, 32] float32" in report.stage("imported").reason
    assert report.tvm_loaded is False and report.stage("built").status == "skipped"
    assert not list(handle.out_dir.glob("model.*")) and _gone(handle)


def test_a_wrong_rank_fails_before_tvm_runs(runs: dict[str, Any]) -> None:
    """A rank-3 shape for a rank-4 input is refused with both ranks, without TVM."""
    _, report = runs["rank"]
    reason = report.stage("imported").reason
    assert "rank 3" in reason and "rank 4" in reason and report.tvm_loaded is False


def test_cancel_ends_the_worker_and_reports_cancelled(
    models: dict[str, Path], tmp_path: Path
) -> None:
    """cancel() kills the worker's process group; the running stage says it was cancelled."""
    handle = start_compile(cm.request(X86, "ONNX", None), models["cnn"], tmp_path)
    deadline = time.monotonic() + 20
    while handle.progress() == "starting the compiler" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert handle.poll() is None, "the compile finished before it could be cancelled"
    report = handle.cancel()
    assert report.cancelled and not report.ok and _gone(handle)
    assert any(s.status == "failed" and "cancelled" in s.reason for s in report.stages)
    assert handle.poll() is report and handle.progress() == "stopped"


def test_the_time_limit_stops_a_compile(models: dict[str, Path], tmp_path: Path) -> None:
    """A 0.5 s limit ends the compile (TVM alone takes longer to import) with that reason."""
    handle = start_compile(cm.request(X86, "ONNX", None), models["cnn"], tmp_path, timeout_s=0.5)
    report = handle.wait()
    assert report.cancelled and _gone(handle)
    assert any("time limit of 0.5 s" in s.reason for s in report.stages)


def test_a_worker_that_dies_still_gives_a_report(models: dict[str, Path], tmp_path: Path) -> None:
    """A worker killed from outside: the report names the signal instead of hanging or raising."""
    handle = start_compile(cm.request(X86, "ONNX", None), models["cnn"], tmp_path)
    deadline = time.monotonic() + 20
    while handle.progress() != "importing TVM" and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(handle.pid, signal.SIGKILL)
    report = handle.wait()
    assert not report.ok and any("killed by SIGKILL" in s.reason for s in report.stages)


def test_the_memory_bound_applies_to_the_worker(models: dict[str, Path], tmp_path: Path) -> None:
    """Under a 0.3 GiB address-space bound TVM cannot load; the report fails, never crashes."""
    handle = start_compile(cm.request(X86, "ONNX", None), models["cnn"], tmp_path, memory_gib=0.3)
    report = handle.wait()
    assert not report.ok and not report.cancelled
    assert any(s.status == "failed" for s in report.stages)
    assert "memory bound" in report.reason


def test_cli_refuses_a_target_tvm_cannot_build(tmp_path: Path, capsys: Any) -> None:
    """ml_inf1: exit 1 with the Neuron reason on stderr; the JSON still says which stages."""
    request = tmp_path / "request.json"
    request.write_text(json.dumps(cm.request({"TargetDevice": "ml_inf1"}, "ONNX", None)))
    model = cm.onnx_cnn(tmp_path / "cnn.onnx")
    code = cli_main(["compile", str(request), "--model", str(model), "--out", str(tmp_path / "o")])
    out, err = capsys.readouterr()
    assert code == 1 and "Neuron" in err.splitlines()[-1]
    assert CompileReport.from_dict(json.loads(out)).stage("imported").status == "skipped"


def test_cli_rejects_a_request_file_that_is_not_json(tmp_path: Path, capsys: Any) -> None:
    """An unreadable request is one error line and exit 1, with no worker started."""
    request = tmp_path / "request.json"
    request.write_text("OutputConfig: nope")
    code = cli_main(["compile", str(request), "--model", "m.onnx", "--out", str(tmp_path / "o")])
    assert code == 1 and "not a readable JSON request" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
