"""Local compilation: our worker against a bare TVM script; TVM's model against onnxruntime.

Run: .venv/bin/python -m bench.compile_overhead [ROUNDS]

1. Compile time for one request, three ways: our path end to end (`compile_request`: a worker
   process that imports TVM, checks the model, builds, links, runs and compares), the same build as
   a bare TVM script in this process (TVM already imported), and that bare script as a fresh
   process (so TVM's import is in both).
2. Inference latency on this machine of the library our path produced, against onnxruntime on the
   same ONNX file and inputs.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

from core.compile import compile_request

SHAPE = [1, 3, 224, 224]
LATENCY_RUNS = 50

BARE = """
import json, sys, onnx, tvm
from tvm import relax
from tvm.relax.frontend.onnx import from_onnx
mod = from_onnx(onnx.load(sys.argv[1]), shape_dict={"data": json.loads(sys.argv[3])})
target = tvm.target.Target({"kind": "llvm", "mtriple": "x86_64-linux-gnu"})
tvm.compile(relax.get_pipeline("zero")(mod), target=target).export_library(
    sys.argv[2], cc="x86_64-linux-gnu-gcc")
"""
"""The bare compile as a fresh process: python -c BARE MODEL OUT.so SHAPE_JSON."""


def cnn(path: Path) -> Path:
    """Three strided Conv+Relu blocks, GlobalAveragePool and Gemm on 1x3x224x224."""
    rng = np.random.default_rng(0)
    nodes, init, channels, prev = [], [], 3, "data"
    for i, width in enumerate((16, 32, 64)):
        w = rng.standard_normal((width, channels, 3, 3)).astype(np.float32) * 0.1
        init.append(numpy_helper.from_array(w, f"w{i}"))
        nodes.append(helper.make_node("Conv", [prev, f"w{i}"], [f"c{i}"], pads=[1, 1, 1, 1],
                                      strides=[2, 2]))  # fmt: skip
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        channels, prev = width, f"r{i}"
    init.append(numpy_helper.from_array(rng.standard_normal((10, 64)).astype(np.float32), "g"))
    nodes += [
        helper.make_node("GlobalAveragePool", [prev], ["pool"]),
        helper.make_node("Flatten", ["pool"], ["flat"]),
        helper.make_node("Gemm", ["flat", "g"], ["logits"], transB=1),
    ]
    graph = helper.make_graph(
        nodes, "bench", [helper.make_tensor_value_info("data", TensorProto.FLOAT, SHAPE)],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])], init,
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    save(model, str(path))
    return path


def request() -> dict[str, Any]:
    return {
        "InputConfig": {"Framework": "ONNX", "DataInputConfig": json.dumps({"data": SHAPE})},
        "OutputConfig": {"TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}},
    }


def timed(call: Any, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def bare_in_process(model: Path, out: Path) -> None:
    import onnx
    import tvm
    from tvm import relax
    from tvm.relax.frontend.onnx import from_onnx

    mod = from_onnx(onnx.load(str(model)), shape_dict={"data": SHAPE})
    target = tvm.target.Target({"kind": "llvm", "mtriple": "x86_64-linux-gnu"})
    executable = tvm.compile(relax.get_pipeline("zero")(mod), target=target)
    executable.export_library(str(out), cc="x86_64-linux-gnu-gcc")


def latency(library: Path, model: Path) -> tuple[list[float], list[float]]:
    """Per-run seconds of the compiled library and of onnxruntime, same input, after a warm-up."""
    import onnxruntime as ort
    import tvm
    from tvm import relax

    x = np.random.default_rng(0).standard_normal(SHAPE).astype(np.float32)
    machine = relax.VirtualMachine(tvm.runtime.load_module(str(library)), tvm.cpu())
    arg = tvm.runtime.tensor(x)
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    ours = machine["main"](arg).numpy()
    theirs = session.run(None, {"data": x})[0]
    assert np.allclose(ours, theirs, rtol=1e-4, atol=1e-4), "outputs differ"
    tvm_s = timed(lambda: machine["main"](arg).numpy(), LATENCY_RUNS)
    ort_s = timed(lambda: session.run(None, {"data": x}), LATENCY_RUNS)
    return tvm_s, ort_s


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(rounds: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="compile-bench-") as tmp:
        measure(Path(tmp), rounds)


def measure(work: Path, rounds: int) -> None:
    model = cnn(work / "cnn.onnx")
    reports = []

    def ours() -> None:
        reports.append(compile_request(request(), model, work / f"ours{len(reports)}"))

    ours_s = timed(ours, rounds)
    assert all(r.ok for r in reports), reports[-1].reason
    cold = [sys.executable, "-c", BARE, str(model), str(work / "cold.so"), json.dumps(SHAPE)]
    cold_s = timed(lambda: subprocess.run(cold, check=True, capture_output=True), rounds)
    bare_in_process(model, work / "warmup.so")  # imports TVM once, outside the timing
    warm_s = timed(lambda: bare_in_process(model, work / "warm.so"), rounds)
    tvm_s, ort_s = latency(Path(reports[-1].artifact or ""), model)

    med = statistics.median
    stages = {k: v for k, v in reports[-1].timings.items() if k != "total_s"}
    print(f"model: 3x(Conv+Relu) GAP Gemm on {SHAPE}; target LINUX/X86_64; {rounds} rounds")
    print(f"compile, our worker end to end:  median {med(ours_s):.2f} s")
    print(f"compile, bare TVM script process: median {med(cold_s):.2f} s")
    print(f"compile, bare TVM in-process:     median {med(warm_s):.2f} s")
    print(f"overhead: {med(ours_s) / med(warm_s):.1f}x in-process, "
          f"{med(ours_s) / med(cold_s):.1f}x a fresh bare process")  # fmt: skip
    print("our stages (last round): " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    print(f"latency over {LATENCY_RUNS} runs: TVM median {med(tvm_s) * 1000:.2f} ms "
          f"(p95 {p95(tvm_s) * 1000:.2f}), onnxruntime median {med(ort_s) * 1000:.2f} ms "
          f"(p95 {p95(ort_s) * 1000:.2f}), ratio {med(tvm_s) / med(ort_s):.2f}x")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
