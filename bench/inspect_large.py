"""Model inspection on a large artifact: time and memory against just unpacking it once.

Builds an ONNX model whose one initializer holds WEIGHTS_MB of float32 weights (embedded in the
.onnx, the worst case: weights and inputs share one protobuf message), packs it into a .tar.gz in
a temporary folder, then times, each in a fresh process so peak RSS is the operation's own:

- the floor: gunzip-reading the archive once (any streaming inspection must do this much);
- ours: `core.model.inspect_path` on the .tar.gz;
- for scale: `onnx.load(..., load_external_data=False)` of the bare .onnx (a whole-message parse).

Run: .venv/bin/python -m bench.inspect_large [WEIGHTS_MB] [RUNS]
"""

from __future__ import annotations

import gzip
import json
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

MB = 1 << 20


def build(folder: Path, weights_mb: int) -> tuple[Path, Path]:
    """model.onnx (written in chunks, never whole in memory) and model.tar.gz holding it."""
    import numpy as np
    from onnx import TensorProto, helper

    from core.model.protowire import field_bytes, field_varint, varint_bytes

    count = weights_mb * MB // 4
    x = helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 224, 224])
    w = helper.make_tensor_value_info("weight", TensorProto.FLOAT, [count])
    y = helper.make_tensor_value_info("out", TensorProto.FLOAT, None)
    node = helper.make_node("Identity", ["pixel_values"], ["out"])
    graph = helper.make_graph([node], "large", [x, w], [y]).SerializeToString()
    tensor_head = field_varint(1, count) + field_varint(2, TensorProto.FLOAT)
    tensor_head += field_bytes(8, b"weight")
    raw_len = count * 4
    tensor_len = len(tensor_head) + 1 + len(varint_bytes(raw_len)) + raw_len
    initializer_head = varint_bytes(5 << 3 | 2) + varint_bytes(tensor_len) + tensor_head
    initializer_head += varint_bytes(9 << 3 | 2) + varint_bytes(raw_len)
    graph_len = len(graph) + len(initializer_head) + raw_len
    header = field_varint(1, 8) + field_bytes(2, b"bench")
    model = folder / "model.onnx"
    rng = np.random.default_rng(0)
    with model.open("wb") as out:
        out.write(header + varint_bytes(7 << 3 | 2) + varint_bytes(graph_len) + graph)
        out.write(initializer_head)
        left = count
        while left:
            step = min(left, 4 * MB)
            out.write(rng.standard_normal(step, dtype=np.float32).tobytes())
            left -= step
        out.write(field_bytes(8, field_varint(2, 17)))  # opset_import: ai.onnx 17
    archive = folder / "model.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(model, arcname="model.onnx")
    return model, archive


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc (VmRSS now, VmHWM its peak), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(mode: str, path: str) -> None:
    """One measured operation in this (fresh) process; prints its time and peak RSS as JSON.

    ru_maxrss is not used: Linux carries the parent's peak across fork and exec. VmHWM is this
    process's own peak; it is reset after the imports so the peak is the operation's.
    """
    if mode == "inspect":
        import importlib

        from core.model import inspect_path

        importlib.import_module("core.model.archive")  # loads the readers (onnx, protobuf...)
    elif mode == "onnx.load":
        import onnx
    imported_kb = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    start = time.perf_counter()
    if mode == "gunzip":
        with gzip.open(path, "rb") as handle:
            while handle.read(MB):
                pass
        result = ""
    elif mode == "inspect":
        info = inspect_path(path)
        result = f"{info.framework} {info.inputs[0].name} {list(info.inputs[0].shape or ())}"
    else:
        model = onnx.load(path, load_external_data=False)
        result = f"{len(model.graph.initializer)} initializer"
    seconds = time.perf_counter() - start
    peak_kb = _status_kb("VmHWM")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_kb / 1024,
                "imported_mb": imported_kb / 1024,
                "result": result,
            }
        )
    )


def measure(mode: str, path: Path, runs: int) -> dict[str, float | str]:
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-m", "bench.inspect_large", "--child", mode, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(json.loads(done.stdout))
    return {
        "seconds": statistics.median(s["seconds"] for s in samples),
        "peak_mb": max(s["peak_mb"] for s in samples),
        "imported_mb": max(s["imported_mb"] for s in samples),
        "result": samples[0]["result"],
    }


def main(weights_mb: int = 300, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="neo-bench-") as tmp:
        start = time.perf_counter()
        model, archive = build(Path(tmp), weights_mb)
        print(
            f"built model.onnx {model.stat().st_size / MB:.0f} MB, model.tar.gz "
            f"{archive.stat().st_size / MB:.0f} MB in {time.perf_counter() - start:.1f} s"
        )
        floor = measure("gunzip", archive, runs)
        ours = measure("inspect", archive, runs)
        whole = measure("onnx.load", model, 1)
    print(f"runs: {runs} each (median time, highest peak RSS), each in a fresh process")
    print(f"floor, gunzip-read once: {floor['seconds']:.2f} s, peak RSS {floor['peak_mb']:.0f} MB")
    print(
        f"inspect_path(.tar.gz): {ours['seconds']:.2f} s, peak RSS {ours['peak_mb']:.0f} MB "
        f"({ours['imported_mb']:.0f} MB after imports) -> {ours['result']}"
    )
    print(f"ratio (inspect / gunzip floor): {ours['seconds'] / floor['seconds']:.2f}x")
    print(
        f"for scale, onnx.load of the bare .onnx: {whole['seconds']:.2f} s, "
        f"peak RSS {whole['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main(*(int(a) for a in sys.argv[1:3]))
