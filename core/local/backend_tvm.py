"""The local endpoint compiles for real: each job's model, from the local S3, through TVM.

A run reads InputConfig.S3Uri from the endpoint's own S3, writes it under the data folder and
starts `core.compile.start_compile` (a worker process: time limit, bounded memory, cancellable);
STARTING while it waits for a compile slot and fetches the model, INPROGRESS once the worker
runs, then COMPLETED with the package written to the artifact's S3 key, or FAILED with the
compile's own one-paragraph reason. Targets and frameworks TVM cannot compile keep the timed
simulation and say so. A small pool bounds concurrent compiles: a fleet must not start twenty
TVM processes at once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import threading
import uuid
import weakref
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from core.compile import CompileHandle, map_target, start_compile
from core.compile.inputs import LOCAL_FRAMEWORKS
from core.local import objects
from core.local.lifecycle import (
    SIMULATED,
    SIMULATED_PREFIX,
    TERMINAL,
    CompileBackend,
    Progress,
    Run,
    SimulatedBackend,
    artifact_uri,
    cut,
    simulated_run,
    stop_progress,
    utcnow,
)
from core.spec.strict import json_form

HOLD_ENV = "NEO_LOCAL_COMPILE_HOLD_SECONDS"
"""For tests and demos: each real compile waits this long in STARTING before it fetches the
model (a stop meanwhile ends it at once)."""
WORKERS_ENV = "NEO_LOCAL_COMPILE_WORKERS"
DEFAULT_RUNTIME_S = 900
NO_TVM = f"{SIMULATED_PREFIX} no local compiler here (TVM cannot be imported)"


def tvm_available() -> bool:
    """Whether the worker could import TVM, checked without importing it (seconds, 300 MB)."""
    try:
        return importlib.util.find_spec("tvm") is not None
    except (ImportError, ValueError):
        return False


def _float_env(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _workers() -> int:
    default = max(1, (os.cpu_count() or 2) // 2)
    return max(1, int(_float_env(WORKERS_ENV, default)))


def simulation_note(request: dict[str, Any]) -> str | None:
    """Why this request cannot be compiled here (the simulation's note), or None if it can."""
    plan = map_target(request.get("OutputConfig") or {})
    if not plan.buildable:
        return f"{SIMULATED}. {plan.reason}"
    config = request.get("InputConfig")
    if not config:
        return f"{SIMULATED_PREFIX} no local compiler for a model package (ModelPackageVersionArn)."
    framework = str(config.get("Framework", ""))
    if framework not in LOCAL_FRAMEWORKS:
        return (
            f"{SIMULATED_PREFIX} no local compiler for {framework} models (local compiles "
            f"take {' and '.join(LOCAL_FRAMEWORKS)})."
        )
    return None


class TvmRun:
    """One real compile, driven by its own thread; progress() only reads its state."""

    def __init__(self, name: str, request: dict[str, Any], work: Path, backend: TvmBackend) -> None:
        self.name, self.request, self.work, self.backend = name, request, work, backend
        self.artifact = artifact_uri(request.get("InputConfig"), request["OutputConfig"])
        self.handle: CompileHandle | None = None
        self._lock = threading.Lock()
        self._state = Progress("STARTING")
        self._stopping = threading.Event()
        self._stop_asked: datetime | None = None
        self.thread = threading.Thread(target=self._main, name=f"compile-{name}", daemon=True)
        self.thread.start()

    def progress(self, now: datetime) -> Progress:
        with self._lock:
            state, asked = self._state, self._stop_asked
        return state if asked is None else stop_progress(state, asked, now)

    def worker(self) -> dict[str, Any] | None:
        """The worker process while it runs (pid, folder): a restart ends an orphaned one."""
        handle = self.handle
        if handle is None or handle.poll() is not None:
            return None
        return {"pid": handle.pid, "out": str(handle.out_dir)}

    def stop(self, now: datetime) -> None:
        with self._lock:
            if self._state.status in TERMINAL or self._stop_asked is not None:
                return
            self._stop_asked = now  # STOPPING until the thread has ended the compiler
            handle = self.handle
        self._stopping.set()
        if handle is not None:
            handle.cancel()
        self.backend.changed()

    def abandon(self) -> None:
        """Ends the worker without an answer: the app is stopping."""
        with self._lock:
            self._stopping.set()
            handle = self.handle
        if handle is not None and handle.poll() is None:
            handle.cancel()

    def _end(self, status: str, reason: str | None = None, digest: str | None = None) -> None:
        with self._lock:
            if self._state.status in TERMINAL or self.backend.closing:  # that answer stands
                return
            if self._stop_asked is not None:  # whatever the compiler said, it was stopped
                status, reason, digest = "STOPPED", None, None
            reason = cut(reason) if reason else None
            self._state = Progress(status, self._state.started, utcnow(), reason, digest=digest)

    def _main(self) -> None:
        try:
            if self._stopping.wait(_float_env(HOLD_ENV, 0.0)):
                return
            while not self.backend.slots.acquire(timeout=0.2):
                if self._stopping.is_set():
                    return
            try:
                self._compile()
            finally:
                self.backend.slots.release()
        except Exception as exc:  # never a traceback in a thread: the job says what happened
            self._end("FAILED", f"The local compiler failed unexpectedly: {exc}")
        finally:
            if self._stop_asked is not None:
                self._end("STOPPED")
            shutil.rmtree(self.work, ignore_errors=True)
            self.backend.changed()

    def _compile(self) -> None:
        if self._stopping.is_set():
            return
        uri = str(self.request["InputConfig"].get("S3Uri", ""))
        try:
            data = objects.read(uri)
        except objects.ObjectProblem as exc:
            self._end("FAILED", str(exc))
            return
        base = uri.rstrip("/").split("/")[-1]
        model = self.work / "model" / (base if base not in ("", ".", "..") else "model.tar.gz")
        model.parent.mkdir(parents=True, exist_ok=True)
        model.write_bytes(data)
        limit = (self.request.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds")
        with self._lock:
            if self._state.status in TERMINAL or self._stopping.is_set():
                return
            self.handle = start_compile(
                self.request, model, self.work / "out", timeout_s=float(limit or DEFAULT_RUNTIME_S)
            )
            self._state = Progress("INPROGRESS", utcnow())
        self.backend.changed()
        report = self.handle.wait()
        if self._stopping.is_set():
            return
        if not report.ok or not report.package:
            self._end("FAILED", report.reason)
            return
        package = Path(report.package).read_bytes()
        try:
            objects.write(self.artifact, package, {"Content-Type": "application/gzip"})
        except objects.ObjectProblem as exc:
            self._end("FAILED", str(exc))
            return
        self.backend.changed()  # the artifact is kept before the job says COMPLETED
        # DescribeCompilationJob's ModelDigests: "a BLAKE2 hash value that identifies the
        # compiled model artifacts in Amazon S3"
        self._end("COMPLETED", digest=hashlib.blake2b(package).hexdigest())


class TvmBackend:
    """Compiles what TVM can build; the rest is simulated, with a note saying why."""

    def __init__(self, work_root: Path, on_change: Callable[[], None] | None = None) -> None:
        self.work_root = work_root
        self.on_change = on_change
        self.slots = threading.BoundedSemaphore(_workers())
        self.closing = False
        self._runs: weakref.WeakSet[TvmRun] = weakref.WeakSet()

    def shutdown(self) -> None:
        """At exit: ends every running compiler, leaving the jobs' records as they were, so
        the next start marks them interrupted."""
        self.closing = True
        for run in list(self._runs):
            run.abandon()

    def changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def start(self, name: str, request: dict[str, Any], created: datetime) -> Run:
        request, _ = json_form(request)  # the guide's Python-quoted fields, read as JSON
        note = simulation_note(request)
        if note is not None:
            return simulated_run(request, created, note)
        work = self.work_root / f"{name}-{uuid.uuid4().hex[:8]}"
        work.mkdir(parents=True, mode=0o700)
        run = TvmRun(name, request, work, self)
        self._runs.add(run)
        return run


def default_backend(work_root: Path, on_change: Callable[[], None] | None = None) -> CompileBackend:
    """TVM where it can be imported, else the simulation, saying why."""
    if tvm_available():
        return TvmBackend(work_root, on_change)
    return SimulatedBackend(NO_TVM)
