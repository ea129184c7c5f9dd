"""The compile pipeline: imported, built, linked, ran, matched, each recorded as it ends.

The model and its shapes are checked before TVM is imported, so a wrong input name is refused
without TVM's import (seconds and 300 MB) and the report can say TVM never ran.
"""

from __future__ import annotations

import platform
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.compile.inputs import (
    LOCAL_FRAMEWORKS,
    InputProblem,
    describe,
    frameworks_sentence,
    input_shapes,
    model_format,
    model_inputs,
    resolve_model,
)
from core.compile.mapping import (
    GPU_KINDS,
    TargetPlan,
    describe_target,
    linker_hint,
    map_target,
    table,
)
from core.compile.report import STAGES, CompileReport, StageResult, Status, explain, pending

Progress = Callable[[str, CompileReport], None]
Spec = tuple[str, list[int], str]
"""An input as compiled: name, shape, dtype."""
_OUTPUTS = ("model.so", "model.tar", "manifest.json", "device.cu", "device.cl", "model-*.tar.gz")


class _Stop(Exception):
    """Ends the pipeline early; the stage that stopped it is already recorded."""


@dataclass
class _Run:
    """The report being filled in, stage by stage, and what later stages need."""

    plan: TargetPlan
    progress: Progress
    report: CompileReport = field(init=False)
    extra: dict[str, Any] = field(init=False)
    started: float = field(default_factory=time.perf_counter)
    stage_start: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        self.report = pending(self.plan.name or "unknown target")
        self.extra = {"plan": self.plan.to_dict(), "notes": self.plan.notes, "timings": {}}

    def begin(self, text: str) -> None:
        self.stage_start = time.perf_counter()
        self.progress(text, self.snapshot())

    def set(self, stage: str, status: Status, reason: str) -> None:
        seconds = time.perf_counter() - self.stage_start if status != "skipped" else 0.0
        reason += _memory_hint(reason) if status == "failed" else ""
        result = StageResult(stage, status, reason, seconds)
        stages = tuple(result if s.name == stage else s for s in self.report.stages)
        self.report = CompileReport(self.report.target, stages)
        self.extra["timings"][f"{stage}_s"] = round(seconds, 4)
        self.progress(f"{stage}: {status}", self.snapshot())

    def stop(self, stage: str, reason: str, rest: str) -> _Stop:
        """Fails `stage` and skips the stages after it; raise the result."""
        self.set(stage, "failed", reason)
        self.skip_rest(f"not attempted: {rest}")
        return _Stop()

    def skip_rest(self, reason: str) -> None:
        for s in self.report.stages:
            if not s.reason:
                self.set(s.name, "skipped", reason)

    def snapshot(self) -> CompileReport:
        timings = self.extra["timings"]
        timings["total_s"] = round(time.perf_counter() - self.started, 4)
        extra = {**self.extra, "timings": dict(timings), "tvm_loaded": "tvm" in sys.modules}
        return CompileReport(self.report.target, self.report.stages, **extra)


def run_pipeline(
    request: dict[str, Any], model_path: Path, out_dir: Path, progress: Progress | None = None
) -> CompileReport:
    """Import, build, link, run and match one request; every failure lands in the report."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for pattern in _OUTPUTS:  # a previous run's artifact must not pass for this one's
        for stale in out_dir.glob(pattern):
            stale.unlink()
    plan = map_target(request.get("OutputConfig") or {})
    run = _Run(plan, progress or (lambda text, report: None))
    if not plan.buildable:
        name = plan.name or "this target"
        run.set("imported", "skipped", f"TVM cannot build for {name}: {plan.reason}")
        run.skip_rest("not attempted: the target cannot be built locally.")
        return run.snapshot()
    try:
        _stages(request, model_path, out_dir, run)
    except _Stop:
        pass
    except Exception as exc:  # a bug or an unexpected TVM error: still a report, never a traceback
        stage = next((s.name for s in run.report.stages if not s.reason), STAGES[-1])
        run.set(stage, "failed", explain(exc, "", stage))
        run.skip_rest(f"not attempted: {stage} failed.")
    return run.snapshot()


def _read(
    request: dict[str, Any], model_path: Path, out_dir: Path, run: _Run
) -> tuple[Path, str, list[Spec]]:
    """The model file, its format and the checked input specs, before TVM is imported."""
    config = request.get("InputConfig") or {}
    framework = str(config.get("Framework") or "")
    run.begin("reading the model")
    try:
        if framework not in LOCAL_FRAMEWORKS:
            raise InputProblem(frameworks_sentence(framework or "an unnamed framework"))
        model = resolve_model(model_path, out_dir / "input")
        fmt = model_format(model)
        if fmt != framework:
            raise InputProblem(f"InputConfig.Framework is {framework} but {model.name} is {fmt}.")
        inputs = model_inputs(model)
        shapes = input_shapes(inputs, config.get("DataInputConfig"))
    except InputProblem as problem:
        raise run.stop("imported", str(problem), "the model was not imported.") from None
    specs = [(name, shapes[name], dtype or "float32") for name, _, dtype in inputs]
    dtype = run.plan.dtype
    if dtype and any(d != dtype for _, _, d in specs):
        note = (
            f"CompilerOptions dtype {dtype} applies to PyTorch models; not to {describe(inputs)}."
        )
        run.extra["notes"] = (*run.plan.notes, note)
    return model, fmt, specs


def _stages(request: dict[str, Any], model_path: Path, out_dir: Path, run: _Run) -> None:
    plan = run.plan
    model, fmt, specs = _read(request, model_path, out_dir, run)
    run.extra["timings"]["checks_s"] = round(time.perf_counter() - run.stage_start, 4)
    run.progress("importing TVM", run.snapshot())
    started = time.perf_counter()
    from core.compile import build  # TVM loads here, after the cheap checks

    version = build.load(fmt)
    run.extra["timings"]["tvm_import_s"] = round(time.perf_counter() - started, 4)
    shapes = {name: shape for name, shape, _ in specs}
    try:
        mod = build.import_model(model, fmt, shapes, {n: d for n, _, d in specs})
    except build.StageError as exc:
        raise run.stop("imported", str(exc), "the model was not imported.") from None
    shown = describe([(n, tuple(s), d) for n, s, d in specs])
    run.set("imported", "passed", f"read {model.name} ({fmt}) into TVM Relax, inputs {shown}.")

    run.begin(f"building for {plan.name}")
    try:
        executable = build.build(mod, plan)
    except build.StageError as exc:
        raise run.stop("built", str(exc), "the build failed.") from None
    run.set("built", "passed", f"built with TVM {version} for {describe_target(plan)}.")

    run.begin("exporting the library")
    artifact, linker, link_error = build.export(executable, plan, out_dir)
    device = build.device_code(executable, out_dir)
    instead = f"wrote TVM's object tar {artifact.name} instead"
    if linker:
        kept = f"; {device['note']}" if device.get("note") else ""
        run.set("linked", "passed", f"linked {artifact.name} with {Path(linker).name}{kept}.")
    elif link_error:
        run.set("linked", "failed", f"{link_error} ({instead}).")
    else:
        run.set("linked", "skipped", f"not linked: {linker_hint(plan)}; {instead}.")

    if plan.runs_here and linker:
        _run_and_match(run, fmt, model, artifact, specs)
    else:
        run.set("ran", "skipped", _not_run_reason(plan, bool(linker), device))
    run.skip_rest("not attempted: the compiled code did not run here.")

    files = [artifact, *([out_dir / device["file"]] if device.get("file") else [])]
    manifest = {
        "name": plan.name, "target": plan.target, "host": plan.host, "tag": plan.tag,
        "framework": fmt, "model": model.name,
        "inputs": [{"name": n, "shape": s, "dtype": d} for n, s, d in specs],
        "tvm_version": version, "build_seconds": run.extra["timings"].get("built_s"),
        "artifact": artifact.name, "artifact_bytes": artifact.stat().st_size,
        "linker": Path(linker).name if linker else None, "device_code": device,
        "stages": [s.to_dict() for s in run.report.stages],
    }  # fmt: skip
    files.append(build.write_manifest(out_dir, manifest))
    package = build.package(out_dir, plan.name, files)
    run.extra.update(artifact=str(artifact), package=str(package), manifest=manifest)


def _run_and_match(run: _Run, fmt: str, model: Path, artifact: Path, specs: list[Spec]) -> None:
    from core.compile import verify  # numpy and the reference runtimes, in the worker only

    run.begin("running the compiled model")
    feeds = verify.random_inputs(specs)
    try:
        ours, tvm_ms = verify.run_compiled(artifact, feeds, [n for n, _, _ in specs])
    except Exception as exc:  # a crash or a shape error in generated code surfaces here
        raise run.stop("ran", explain(exc, "", "ran"), "the compiled code failed.") from None
    tvm_ms = round(tvm_ms, 3)  # the figure each line and the table show, rounded once
    result: dict[str, Any] = {"runs": verify.RUNS, "tvm_median_ms": tvm_ms}
    run.extra["verification"] = result
    runs = f"median {tvm_ms:.3f} ms over {verify.RUNS} runs"
    run.set("ran", "passed", f"ran {artifact.name} here on seeded random inputs: {runs}.")

    run.begin("comparing with the reference runtime")
    found = verify.reference(fmt, model, feeds)
    if found is None:
        why = "no TFLite interpreter is installed here to compare with (pip: ai-edge-litert)."
        run.set("matched", "skipped", why)
        return
    name, theirs, ref_ms = found
    ref_ms = round(ref_ms, 3)
    same, worst, why = verify.compare(ours, theirs)
    result.update(reference=name, max_abs_diff=worst, reference_median_ms=ref_ms)
    if same:
        speed = f"median {tvm_ms:.3f} ms against {ref_ms:.3f} ms"
        run.set("matched", "passed", f"matches {name}: max abs difference {worst:.2g}; {speed}.")
    else:
        run.set("matched", "failed", f"differs from {name}: {why} (max abs diff {worst:.3g}).")


_OUT_OF_MEMORY = ("failed to map segment", "bad_alloc", "MemoryError", "Cannot allocate memory")


def _memory_hint(reason: str) -> str:
    """A failure near the address-space bound was most likely the bound (TVM's own errors
    then name whatever could not be loaded or allocated)."""
    bound, _ = resource.getrlimit(resource.RLIMIT_AS)
    if bound == resource.RLIM_INFINITY:
        return ""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
        peak = int(status.split("VmPeak:", 1)[1].split()[0]) * 1024
    except (OSError, IndexError, ValueError):
        return ""
    if peak < 0.6 * bound and not any(words in reason for words in _OUT_OF_MEMORY):
        return ""
    return (
        f" The compiler process reached {peak / 2**30:.2f} GiB of its {bound / 2**30:g} GiB "
        "memory bound, the likely cause."
    )


def _not_run_reason(plan: TargetPlan, linked: bool, device: dict[str, Any]) -> str:
    """Why the compiled code cannot run on this machine, in one sentence."""
    if plan.kind in GPU_KINDS:
        form = device.get("format", f"{plan.kind} code")
        gpu = (plan.target or {}).get("arch") or (plan.target or {}).get("device") or "GPU"
        return (
            f"only x86_64 CPU code runs here, and this target's device code ({form} for {gpu}) "
            f"runs on the device's GPU, driven by its {plan.triple} host."
        )
    here = f"{platform.machine()} {platform.system()}"
    if not plan.triple.startswith("x86_64-linux-gnu") or platform.machine() != "x86_64":
        return f"the code is for {plan.triple or 'another system'} and this machine is {here}."
    mcpu = str(plan.cpu.get("mcpu", "x86-64"))
    if mcpu not in table()["cpu_flags"]:
        return f"it is unknown whether this machine's CPU runs code built for mcpu {mcpu}."
    if not linked:
        return "the code was not linked into a shared library, so there is nothing to load."
    return f"the code uses {mcpu} instructions this machine's CPU lacks."
