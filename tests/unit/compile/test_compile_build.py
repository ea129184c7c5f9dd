"""The pipeline in this process on tiny models: x86 runs and matches, cross targets link or say why.

Each target is built once per module (on first use) and shared by the tests that look at it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import compile_models as cm
import pytest

from core.compile.pipeline import run_pipeline
from core.compile.report import CompileReport

X86 = {"TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}}
ANDROID = {"TargetPlatform": {"Os": "ANDROID", "Arch": "ARM64"}}
ARM64 = {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"}}
CNN = {"data": cm.CNN_SHAPE}
AARCH64_GCC = shutil.which("aarch64-linux-gnu-gcc")
ARMHF_GCC = shutil.which("arm-linux-gnueabihf-gcc")
FILE = shutil.which("file")
needs_aarch64 = pytest.mark.skipif(not AARCH64_GCC, reason="no aarch64-linux-gnu-gcc on PATH")
needs_armhf = pytest.mark.skipif(not ARMHF_GCC, reason="no arm-linux-gnueabihf-gcc on PATH")
needs_file = pytest.mark.skipif(not FILE, reason="no `file` command (Debian package file)")
ELF_MACHINES = {183: "aarch64", 40: "arm", 62: "x86-64"}

CASES: dict[str, tuple[dict[str, Any], str, str, dict[str, Any] | None]] = {
    # name: (OutputConfig, Framework, model, DataInputConfig)
    "x86_dynamic": (X86, "ONNX", "dynamic", {"data": [2, 3, 32, 32]}),
    "x86_two_inputs": (X86, "ONNX", "two", None),
    "x86_tflite_add": (X86, "TFLITE", "add", {"a": cm.NHWC, "b": cm.NHWC}),
    "aarch64": ({"TargetDevice": "ml_c6g"}, "ONNX", "cnn", CNN),
    "armv7": ({"TargetDevice": "rasp3b"}, "ONNX", "cnn", CNN),
    "android": ({**ANDROID, "CompilerOptions": '{"ANDROID_PLATFORM": 29}'}, "ONNX", "cnn", CNN),
    "mali": ({"TargetDevice": "rk3399"}, "ONNX", "cnn", CNN),
    "nvidia": ({"TargetDevice": "jetson_tx2"}, "ONNX", "cnn", CNN),
    "windows": ({"TargetDevice": "x86_win64"}, "ONNX", "cnn", CNN),
    "bad_mcpu": ({**ARM64, "CompilerOptions": '{"mcpu": "cortex-z99"}'}, "ONNX", "cnn", CNN),
    "unsupported_op": (X86, "ONNX", "foo", None),
    "broadcast": (X86, "ONNX", "broadcast", None),
    "pytorch": (X86, "PYTORCH", "cnn", CNN),
    "mismatch": (X86, "TFLITE", "cnn", CNN),
}  # fmt: skip


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], CompileReport]:
    """build(case) -> its report, compiled on first use and kept for the module."""
    root = tmp_path_factory.mktemp("compile")
    models = {
        "cnn": cm.onnx_cnn(root / "cnn.onnx"),
        "dynamic": cm.onnx_cnn(root / "dynamic.onnx", "N"),
        "two": cm.onnx_two_inputs(root / "two.onnx"),
        "add": cm.tflite_model(root / "add.tflite", "ADD"),
        "foo": cm.onnx_one_op(root / "foo.onnx", "Foo", [[1, 4]]),
        "broadcast": cm.onnx_one_op(root / "broadcast.onnx", "Add", [[1, 3], [1, 4]]),
    }
    done: dict[str, CompileReport] = {}

    def get(case: str) -> CompileReport:
        if case not in done:
            output_config, framework, model, shapes = CASES[case]
            request = cm.request(output_config, framework, shapes)
            done[case] = run_pipeline(request, models[model], root / case)
        return done[case]

    return get


def _stages(report: CompileReport) -> dict[str, str]:
    return {s.name: s.status for s in report.stages}


def _elf_machine(data: bytes) -> str:
    assert data[:4] == b"\x7fELF"
    return ELF_MACHINES.get(int.from_bytes(data[18:20], "little"), "other")


def test_x86_dynamic_batch_runs_and_matches_onnxruntime(build: Any) -> None:
    """A dynamic batch set to 2 by DataInputConfig compiles, runs here, and matches onnxruntime."""
    report = build("x86_dynamic")
    assert report.ok and set(_stages(report).values()) == {"passed"}, report.reason
    assert report.verification["reference"].startswith("onnxruntime")
    assert report.verification["max_abs_diff"] < 1e-4
    tvm_ms, ref_ms = (report.verification[k] for k in ("tvm_median_ms", "reference_median_ms"))
    assert tvm_ms > 0 and ref_ms > 0
    # the stage's sentence and the table show the same figures: rounded once, to what is shown
    assert (round(tvm_ms, 3), round(ref_ms, 3)) == (tvm_ms, ref_ms)
    assert f"median {tvm_ms:.3f} ms against {ref_ms:.3f} ms" in report.stage("matched").reason
    assert report.manifest["inputs"] == [
        {"name": "data", "shape": [2, 3, 32, 32], "dtype": "float32"}
    ]


def test_the_package_holds_the_library_and_its_manifest(build: Any) -> None:
    """The .tar.gz for upload has model.so and manifest.json with target, inputs and timings."""
    report = build("x86_dynamic")
    assert report.package and report.package.endswith(".tar.gz")
    with tarfile.open(report.package) as archive:
        assert sorted(archive.getnames()) == ["manifest.json", "model.so"]
    manifest = report.manifest
    assert manifest["target"]["kind"] == "llvm" and manifest["tvm_version"].startswith("0.27")
    assert (
        manifest["build_seconds"] > 0
        and manifest["artifact_bytes"] == Path(report.artifact or "").stat().st_size
    )
    assert [s["name"] for s in manifest["stages"]][:3] == ["imported", "built", "linked"]


def test_two_input_model_feeds_both_inputs(build: Any) -> None:
    """Both graph inputs get seeded data in graph order, and the outputs match onnxruntime."""
    report = build("x86_two_inputs")
    assert report.ok and report.stage("matched").status == "passed", report.reason
    assert [i["name"] for i in report.manifest["inputs"]] == ["image", "scale"]
    assert report.verification["max_abs_diff"] < 1e-4


def test_tflite_compiles_and_is_compared_when_an_interpreter_is_here(build: Any) -> None:
    """A TFLite ADD runs here; with ai-edge-litert it matches, without it the stage says so."""
    report = build("x86_tflite_add")
    assert report.ok and report.stage("ran").status == "passed", report.reason
    if importlib.util.find_spec("ai_edge_litert") or importlib.util.find_spec("tflite_runtime"):
        assert report.stage("matched").status == "passed"
        assert report.verification["max_abs_diff"] < 1e-4
    else:
        assert report.stage("matched").status == "skipped"
        assert "no TFLite interpreter" in report.stage("matched").reason


@needs_aarch64
@needs_file
def test_aarch64_links_an_arm64_shared_library(build: Any) -> None:
    """Graviton (ml_c6g) links with the cross gcc into an ARM aarch64 .so; it does not run here."""
    report = build("aarch64")
    assert report.ok and report.artifact and report.artifact.endswith("model.so"), report.reason
    described = subprocess.run(["file", "-b", report.artifact], capture_output=True, text=True)
    assert "ARM aarch64" in described.stdout and "shared object" in described.stdout
    assert _stages(report) == {"imported": "passed", "built": "passed", "linked": "passed",
                               "ran": "skipped", "matched": "skipped"}  # fmt: skip
    assert "aarch64-linux-gnu" in report.stage("ran").reason


@needs_armhf
@needs_file
def test_armv7_links_a_hard_float_eabi5_library(build: Any) -> None:
    """rasp3b (TVM tag arm/rasp3b, hard float) links with arm-linux-gnueabihf-gcc."""
    report = build("armv7")
    assert report.ok and report.artifact, report.reason
    described = subprocess.run(["file", "-b", report.artifact], capture_output=True, text=True)
    assert "ARM, EABI5" in described.stdout and "32-bit" in described.stdout
    assert "arm-linux-gnueabihf-gcc" in report.stage("linked").reason


def test_android_without_an_ndk_writes_the_object_tar(build: Any, monkeypatch: Any) -> None:
    """No NDK: the report says not linked and why; the tar holds aarch64 objects."""
    if shutil.which("aarch64-linux-android29-clang"):
        pytest.skip("an Android NDK clang is on PATH")
    for var in ("ANDROID_NDK_HOME", "ANDROID_NDK_ROOT"):
        if os.environ.get(var):
            pytest.skip(f"{var} is set")
    report = build("android")
    assert report.ok and report.stage("linked").status == "skipped", report.reason
    assert "no Android NDK clang (aarch64-linux-android29-clang)" in report.stage("linked").reason
    assert report.artifact and report.artifact.endswith("model.tar")
    with tarfile.open(report.artifact) as archive:
        objects = [archive.extractfile(m) for m in archive.getmembers() if m.name.endswith(".o")]
        assert objects and {_elf_machine(f.read()) for f in objects if f} == {"aarch64"}


def test_mali_keeps_opencl_source_and_says_why_it_did_not_run(build: Any) -> None:
    """rk3399: OpenCL kernels as source beside an aarch64 host; ran stops for want of the GPU."""
    report = build("mali")
    assert report.ok, report.reason
    assert report.manifest["device_code"]["format"] == "OpenCL C source"
    assert report.stage("ran").status == "skipped"
    assert "OpenCL C source for mali" in report.stage("ran").reason
    with tarfile.open(report.package or "") as archive:
        assert "device.cl" in archive.getnames()


def test_nvidia_keeps_cuda_source_and_says_which_stage_stopped(build: Any) -> None:
    """jetson_tx2: CUDA C source for sm_62 (no PTX from this TVM build); ran is skipped."""
    report = build("nvidia")
    assert report.ok, report.reason
    assert report.manifest["device_code"]["format"] == "CUDA C source"
    assert report.stage("ran").status == "skipped" and report.stage("matched").status == "skipped"
    assert "CUDA C source for sm_62" in report.stage("ran").reason
    if AARCH64_GCC:
        assert "PTX" in report.stage("linked").reason


def test_windows_objects_are_built_but_left_for_msvc_to_link(build: Any) -> None:
    """x86_win64: COFF x86-64 objects in TVM's tar; linking is left to Windows."""
    report = build("windows")
    assert report.ok and report.stage("linked").status == "skipped", report.reason
    assert "linked on Windows" in report.stage("linked").reason
    with tarfile.open(report.artifact or "") as archive:
        member = archive.extractfile("lib0.o")
        assert member is not None and member.read(2) == b"\x64\x86"  # COFF machine AMD64


def test_a_previous_runs_artifact_is_not_left_behind(tmp_path: Path) -> None:
    """Stale outputs in the directory are removed first, even when this run stops early."""
    (tmp_path / "model.so").write_bytes(b"old build")
    (tmp_path / "model-ml_c5.tar.gz").write_bytes(b"old package")
    model = cm.onnx_cnn(tmp_path / "cnn.onnx")
    report = run_pipeline(cm.request(X86, "PYTORCH", CNN), model, tmp_path)
    assert report.artifact is None and not list(tmp_path.glob("model*.*"))


def test_an_mcpu_llvm_does_not_know_fails_the_build_with_its_name(build: Any) -> None:
    """LLVM would quietly build generic code for an unknown CPU; the build refuses instead."""
    report = build("bad_mcpu")
    assert report.stage("built").status == "failed" and not report.ok
    assert "mcpu 'cortex-z99'" in report.stage("built").reason


def test_an_operator_tvm_cannot_import_is_named(build: Any) -> None:
    """An op with no converter fails the imported stage naming it; nothing is built."""
    report = build("unsupported_op")
    assert report.stage("imported").status == "failed" and report.stage("built").status == "skipped"
    assert "operator Foo" in report.stage("imported").reason
    assert report.artifact is None


def test_a_conversion_error_names_the_operator_and_its_inputs(build: Any) -> None:
    """Add over [1, 3] and [1, 4]: the reason names Add, its inputs, and the shapes, in one line."""
    reason = build("broadcast").stage("imported").reason
    assert reason.startswith("TVM could not import operator Add (inputs x0, x1):"), reason
    assert "not broadcastable" in reason and "\n" not in reason and "Traceback" not in reason


def test_frameworks_without_a_local_frontend_are_refused(build: Any) -> None:
    """PYTORCH is refused with the sentence naming the formats that work, before TVM runs."""
    report = build("pytorch")
    assert report.stage("imported").status == "failed"
    assert "ONNX and TFLITE" in report.stage("imported").reason


def test_a_framework_that_disagrees_with_the_file_is_refused(build: Any) -> None:
    """Framework TFLITE with an .onnx file says which is which."""
    reason = build("mismatch").stage("imported").reason
    assert "Framework is TFLITE but cnn.onnx is ONNX" in reason
