"""Import a model into Relax, build it with TVM, export and package the artifact.

Only the worker process imports this module: TVM costs about 0.6 s and 300 MB to import, which the
app's UI process must not pay. TVM ships no type information, hence `Any` at its boundary.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import tarfile
import warnings
from pathlib import Path
from typing import Any

from core.compile.mapping import GPU_KINDS, TargetPlan, find_linker
from core.compile.report import explain, one_line

_SOURCE_NOTES = {
    "cuda": "the kernels stay CUDA C source (device.cu): this TVM build never compiles them to "
    "PTX or cubin, so the device needs them compiled before it can run them",
    "opencl": "the kernels stay OpenCL C source (device.cl), which the device's OpenCL driver "
    "compiles when the library loads",
}


class StageError(Exception):
    """A stage failed; the message is the one-paragraph reason for the report."""


def tvm() -> Any:
    return importlib.import_module("tvm")


def load(fmt: str) -> str:
    """Imports TVM, Relax and the frontend (most of a compile's fixed cost); returns the version."""
    importlib.import_module("tvm.relax")
    importlib.import_module(f"tvm.relax.frontend.{fmt.lower()}")
    return str(tvm().__version__)


def make_target(plan: TargetPlan) -> Any:
    """The tvm.target.Target for a plan (with its host, for a GPU target)."""
    return tvm().target.Target(plan.target, host=plan.host)


def import_model(path: Path, fmt: str, shapes: dict[str, list[int]], dtypes: dict[str, str]) -> Any:
    """The Relax IRModule of an ONNX or TFLite file, with the checked input shapes applied."""
    captured = io.StringIO()  # the ONNX importer prints the failing operator before raising
    try:
        with contextlib.redirect_stdout(captured), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its schema warnings repeat what the error says
            if fmt == "ONNX":
                onnx = importlib.import_module("onnx")
                frontend = importlib.import_module("tvm.relax.frontend.onnx")
                mod = frontend.from_onnx(onnx.load(str(path)), shape_dict=shapes, dtype_dict=dtypes)
            else:
                tflite = importlib.import_module("tflite")
                frontend = importlib.import_module("tvm.relax.frontend.tflite")
                model = tflite.Model.GetRootAsModel(path.read_bytes(), 0)
                mod = frontend.from_tflite(
                    model, shape_dict={k: tuple(v) for k, v in shapes.items()}, dtype_dict=dtypes
                )
    except Exception as exc:  # any frontend failure becomes the imported stage's reason
        raise StageError(explain(exc, captured.getvalue(), "imported")) from None
    _check_params(mod, shapes)
    return mod


def _check_params(mod: Any, shapes: dict[str, list[int]]) -> None:
    """The imported main function takes exactly the checked shapes (TVM never ignored one)."""
    for param in mod["main"].params:
        name, shape = str(param.name), getattr(param.ty, "shape", None)
        if name not in shapes or shape is None:
            continue
        got = [int(d.value) if hasattr(d, "value") else str(d) for d in shape.values]
        if got != shapes[name]:
            raise StageError(
                f"TVM imported input {name!r} with shape {got}, not the {shapes[name]} asked for."
            )


def _check_cpu(plan: TargetPlan) -> None:
    """An mcpu LLVM does not know compiles to generic code with only a warning: refuse it."""
    mcpu, triple = plan.cpu.get("mcpu"), plan.triple
    if mcpu and triple:
        codegen = importlib.import_module("tvm.target.codegen")
        if not codegen.llvm_is_valid_cpu(str(mcpu), triple):
            raise StageError(
                f"mcpu {mcpu!r} is not a CPU LLVM {codegen.llvm_version_major()} knows for "
                f"{triple}; pick one such as cortex-a72 or skylake-avx512."
            )


def build(mod: Any, plan: TargetPlan) -> Any:
    """The VM executable: Relax's zero pipeline, dlight default schedules on GPU targets."""
    _check_cpu(plan)
    relax = importlib.import_module("tvm.relax")
    try:
        target = make_target(plan)
        mod = relax.get_pipeline("zero")(mod)
        if plan.kind in GPU_KINDS:
            dl = importlib.import_module("tvm.s_tir.dlight")
            rules = (dl.gpu.Matmul(), dl.gpu.GEMV(), dl.gpu.Reduction(),
                     dl.gpu.GeneralReduction(), dl.gpu.Fallback())  # fmt: skip
            with target:
                mod = dl.ApplyDefaultSchedule(*rules)(mod)
        return tvm().compile(mod, target=target)
    except Exception as exc:  # TVM raises its own error types from C++
        raise StageError(explain(exc, "", "built")) from None


def device_code(executable: Any, out_dir: Path) -> dict[str, Any]:
    """What the GPU kernels were kept as; their source is written beside the artifact."""
    found: dict[str, Any] = {}

    def walk(module: Any) -> None:
        for sub in module.imports:
            if sub.kind in GPU_KINDS and not found:
                source = str(sub.inspect_source(""))
                is_source = "__global__" in source or "__kernel" in source
                suffix = "cu" if sub.kind == "cuda" else "cl"
                language = "CUDA C" if sub.kind == "cuda" else "OpenCL C"
                found.update(kind=sub.kind, format=f"{language} source" if is_source else "binary")
                if is_source:
                    (out_dir / f"device.{suffix}").write_text(source, encoding="utf-8")
                    found["file"] = f"device.{suffix}"
                    found["note"] = _SOURCE_NOTES[sub.kind]
            walk(sub)

    walk(executable.mod)
    return found


def _link_error(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if "error" in ln.lower()]
    lines = [
        re.sub(r"^\S*/ld(\.\w+)?: ", "ld: ", ln) for ln in lines if "Compilation error" not in ln
    ]
    return one_line("; ".join(lines[:2]) or str(exc), 300)


def export(executable: Any, plan: TargetPlan, out_dir: Path) -> tuple[Path, str | None, str]:
    """model.so linked with the target's compiler where one is here, else TVM's object tar.

    Returns the artifact, the linker used (None: not linked) and a link failure reason ("": none).
    """
    cc = find_linker(plan)
    if cc:
        library = out_dir / "model.so"
        try:
            executable.export_library(str(library), cc=cc)
            return library, cc, ""
        except Exception as exc:  # the linker's own message says what went wrong
            reason = _link_error(exc)
    else:
        reason = ""
    archive = out_dir / "model.tar"
    executable.export_library(str(archive))
    return archive, None, reason


def package(out_dir: Path, name: str, files: list[Path]) -> Path:
    """A .tar.gz of the artifact, manifest and device source: what the local endpoint uploads."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "target"
    path = out_dir / f"model-{safe}.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for file in files:
            archive.add(file, arcname=file.name)
    return path


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    return path
