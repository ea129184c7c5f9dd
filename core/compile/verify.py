"""Run the compiled library here and compare it with a reference runtime on the same inputs.

The reference is onnxruntime for ONNX and a TFLite interpreter (ai-edge-litert, or the older
tflite-runtime) for TFLite; TVM's numbers mean nothing until they match someone else's.
"""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

RUNS = 5
RTOL = ATOL = 1e-4
_TFLITE_INTERPRETERS = (
    ("ai_edge_litert.interpreter", "ai-edge-litert"),
    ("tflite_runtime.interpreter", "tflite-runtime"),
)


def random_inputs(specs: list[tuple[str, list[int], str]], seed: int = 0) -> dict[str, np.ndarray]:
    """Seeded inputs: normal floats, small non-negative integers, random booleans."""
    rng = np.random.default_rng(seed)
    feeds: dict[str, np.ndarray] = {}
    for name, shape, dtype in specs:
        kind = np.dtype(dtype or "float32").kind
        if kind == "f":
            feeds[name] = rng.standard_normal(shape).astype(dtype or "float32")
        elif kind == "b":
            feeds[name] = rng.integers(0, 2, shape).astype(bool)
        else:
            feeds[name] = rng.integers(0, 10, shape).astype(dtype)
    return feeds


def _timed(call: Callable[[], list[np.ndarray]], runs: int) -> tuple[list[np.ndarray], float]:
    """Outputs of the first call and the median milliseconds of `runs` more."""
    outputs = call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return outputs, statistics.median(times)


def _flatten(value: Any) -> list[np.ndarray]:
    if hasattr(value, "numpy"):
        return [value.numpy()]
    return [array for item in value for array in _flatten(item)]


def run_compiled(
    artifact: Path, feeds: dict[str, np.ndarray], order: list[str], runs: int = RUNS
) -> tuple[list[np.ndarray], float]:
    """Load the exported library, as a device would, and run its main function on the CPU."""
    tvm: Any = importlib.import_module("tvm")
    relax: Any = importlib.import_module("tvm.relax")
    machine = relax.VirtualMachine(tvm.runtime.load_module(str(artifact)), tvm.cpu())
    args = [tvm.runtime.tensor(feeds[name]) for name in order]
    return _timed(lambda: _flatten(machine["main"](*args)), runs)


def _onnx_reference(path: Path, feeds: dict[str, np.ndarray], runs: int) -> tuple[str, Any]:
    ort: Any = importlib.import_module("onnxruntime")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return f"onnxruntime {ort.__version__}", _timed(lambda: list(session.run(None, feeds)), runs)


def _tflite_reference(
    path: Path, feeds: dict[str, np.ndarray], runs: int
) -> tuple[str, Any] | None:
    for module_name, dist in _TFLITE_INTERPRETERS:
        try:
            module: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        interpreter = module.Interpreter(model_path=str(path))
        details = interpreter.get_input_details()
        for detail in details:
            shape = list(feeds[detail["name"]].shape)
            if list(detail["shape"]) != shape:
                interpreter.resize_tensor_input(detail["index"], shape)
        interpreter.allocate_tensors()

        def call(interpreter: Any = interpreter, details: Any = details) -> list[np.ndarray]:
            for detail in details:
                interpreter.set_tensor(detail["index"], feeds[detail["name"]])
            interpreter.invoke()
            return [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]

        return f"{dist} {metadata.version(dist)}", _timed(call, runs)
    return None


def reference(
    fmt: str, path: Path, feeds: dict[str, np.ndarray], runs: int = RUNS
) -> tuple[str, list[np.ndarray], float] | None:
    """(runtime name and version, outputs, median ms), or None when no reference runtime is here."""
    found = (
        _onnx_reference(path, feeds, runs)
        if fmt == "ONNX"
        else _tflite_reference(path, feeds, runs)
    )
    if found is None:
        return None
    name, (outputs, median) = found
    return name, outputs, median


def compare(ours: list[np.ndarray], theirs: list[np.ndarray]) -> tuple[bool, float, str]:
    """(match, max absolute difference, why not) within RTOL/ATOL for floats, exactly otherwise."""
    if len(ours) != len(theirs):
        return False, float("inf"), f"{len(ours)} outputs against the reference's {len(theirs)}"
    worst = 0.0
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if a.shape != b.shape:
            return False, float("inf"), f"output {index} has shape {a.shape}, reference {b.shape}"
        if a.size:
            worst = max(worst, float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))))
        exact = a.dtype.kind not in "fc"
        if not (np.array_equal(a, b) if exact else np.allclose(a, b, rtol=RTOL, atol=ATOL)):
            return False, worst, f"output {index} differs beyond rtol/atol {RTOL:g}"
    return True, worst, ""
