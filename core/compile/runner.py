"""Start a compile in its own process, watch it, cancel it: the UI and CLI side, without TVM.

The worker process bounds its memory, writes status.json as it goes and report.json at the end;
this side enforces the time limit, kills the process group on cancel, and turns any abnormal end
into a report whose stopped stage says why.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from core.compile.mapping import map_target
from core.compile.report import CompileReport, one_line, pending

ROOT = Path(__file__).resolve().parents[2]
"""The directory holding the `core` package, for the worker's import path."""
DEFAULT_TIMEOUT_S = 600.0
DEFAULT_MEMORY_GIB = 4.0
"""The worker's address-space bound: TVM, LLVM and onnxruntime peaked near 0.7 GiB on the tests'
models, and TVM still imports and builds under 1 GiB (checked)."""


class CompileHandle:
    """A running compile: poll() for the report, progress() for what it is doing, cancel()."""

    def __init__(
        self, process: subprocess.Popen[bytes], out_dir: Path, target: str, timeout_s: float
    ) -> None:
        self.process, self.out_dir, self.target = process, out_dir, target
        self.timeout_s, self.started = timeout_s, time.monotonic()
        self._report: CompileReport | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout_s, self._expire)
        self._timer.daemon = True
        self._timer.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def status(self) -> dict[str, Any]:
        """The worker's last status.json: text, time and the report so far ({} before any)."""
        try:
            data = json.loads((self.out_dir / "status.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def progress(self) -> str:
        """One line on what the compile is doing now."""
        if self._report is not None:
            return "finished" if not self._report.cancelled else "stopped"
        return str(self.status().get("text") or "starting the compiler")

    def poll(self) -> CompileReport | None:
        """The report once the worker has ended, else None."""
        with self._lock:
            if self._report is None and self.process.poll() is not None:
                self._report = self._collect(None)
            return self._report

    def wait(self, timeout: float | None = None) -> CompileReport:
        """Blocks until the worker ends (or `timeout` seconds pass, then cancels it)."""
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.cancel()
        report = self.poll()
        assert report is not None  # the process has ended, so poll() collected it
        return report

    def cancel(self) -> CompileReport:
        """Ends the worker's whole process group; the report says the compile was cancelled."""
        return self._stop("cancelled before it finished")

    def _expire(self) -> None:
        self._stop(f"stopped at the time limit of {self.timeout_s:g} s")

    def _stop(self, reason: str) -> CompileReport:
        with self._lock:
            if self._report is None:
                if self.process.poll() is None:
                    _kill_group(self.process)
                    self._report = self._collect(reason)
                else:
                    self._report = self._collect(None)
            self._timer.cancel()
            return self._report

    def _collect(self, stopped: str | None) -> CompileReport:
        """The final report: the worker's own, or its last status cut short by `stopped`."""
        self._timer.cancel()
        final = self.out_dir / "report.json"
        if stopped is None and final.is_file():
            try:
                return CompileReport.from_dict(json.loads(final.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError):
                stopped = "the compiler wrote an unreadable report"
        partial = self.status().get("report")
        report = CompileReport.from_dict(partial) if partial else pending(self.target)
        if stopped is None:
            stopped = f"the compiler process ended unexpectedly ({_exit_text(self.process)})"
            last = _last_line(self.out_dir / "worker.log")
            stopped += f"; its last output: {last}" if last else ""
        return report.interrupted(one_line(stopped), cancelled=True)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the worker's own process group, SIGKILL if it is still there after 2 s."""
    for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(grace)
            break
        except subprocess.TimeoutExpired:
            continue


def _exit_text(process: subprocess.Popen[bytes]) -> str:
    code = process.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = ", which is how the kernel ends a process out of memory" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit code {code}"


def _last_line(log: Path) -> str:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return one_line(lines[-1], 200) if lines else ""


def start_compile(
    request_api: dict[str, Any],
    model_path: Path | str,
    out_dir: Path | str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_gib: float = DEFAULT_MEMORY_GIB,
) -> CompileHandle:
    """Starts compiling a CreateCompilationJob request (as boto3 takes it) and a local model.

    The worker writes the artifact, manifest.json and a .tar.gz of both into out_dir.
    """
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("status.json", "report.json"):
        (out / stale).unlink(missing_ok=True)
    request_file = out / "request.json"
    request_file.write_text(json.dumps(request_api, indent=2, default=str), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    model = str(Path(model_path).resolve())
    command = [sys.executable, "-m", "core.compile.worker", str(request_file), model, str(out),
               "--memory-gib", str(memory_gib)]  # fmt: skip
    with (out / "worker.log").open("wb") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            env=env, cwd=str(out), start_new_session=True,
        )  # fmt: skip
    target = map_target(request_api.get("OutputConfig") or {}).name or "unknown target"
    return CompileHandle(process, out, target, timeout_s)


def compile_request(
    request_api: dict[str, Any],
    model_path: Path | str,
    out_dir: Path | str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> CompileReport:
    """Blocking: start, wait, and never leave the worker behind (an interrupt cancels it)."""
    handle = start_compile(request_api, model_path, out_dir, timeout_s)
    try:
        return handle.wait()
    finally:
        if handle.poll() is None:
            handle.cancel()
