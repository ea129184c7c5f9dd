"""How a job on the local endpoint runs: the compiler backend slot.

A backend starts a run for each created job; the endpoint asks the run for its progress whenever
it answers Describe or List, and tells it to stop on StopCompilationJob. The default backend is
the timed simulation (STARTING -> INPROGRESS -> COMPLETED over a few seconds); a real compiler
plugs in with `use_backend`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

DURATION_ENV = "NEO_SANDBOX_COMPILE_SECONDS"
STARTING_SHARE = 0.25
"""The first quarter of a simulated compilation is STARTING."""
TERMINAL = ("COMPLETED", "FAILED", "STOPPED")


def compile_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(DURATION_ENV, "4")))
    except ValueError:
        return 4.0


@dataclass(frozen=True)
class Progress:
    """Where a run is: its status, its times and, when it failed, why."""

    status: str
    started: datetime | None = None
    ended: datetime | None = None
    failure_reason: str | None = None


class Run(Protocol):
    def progress(self, now: datetime) -> Progress: ...

    def stop(self, now: datetime) -> None: ...


class CompileBackend(Protocol):
    def start(self, name: str, request: dict[str, Any], created: datetime) -> Run: ...


class TimedRun:
    """A simulated compilation: it only takes time."""

    def __init__(self, created: datetime, seconds: float) -> None:
        self.created = created
        self.duration = timedelta(seconds=seconds)
        self.stopped_at: datetime | None = None

    def progress(self, now: datetime) -> Progress:
        started = self.created + self.duration * STARTING_SHARE
        if self.stopped_at is not None:
            return Progress("STOPPED", started, self.stopped_at)
        elapsed = now - self.created
        if elapsed >= self.duration:
            return Progress("COMPLETED", started, self.created + self.duration)
        if elapsed < self.duration * STARTING_SHARE:
            return Progress("STARTING")
        return Progress("INPROGRESS", started)

    def stop(self, now: datetime) -> None:
        self.stopped_at = now


class SimulatedBackend:
    """The default backend: every job is a timed simulation (NEO_SANDBOX_COMPILE_SECONDS)."""

    def start(self, name: str, request: dict[str, Any], created: datetime) -> Run:
        return TimedRun(created, compile_seconds())


_backend: CompileBackend = SimulatedBackend()
_lock = threading.Lock()


def backend() -> CompileBackend:
    with _lock:
        return _backend


def use_backend(chosen: CompileBackend) -> None:
    """Makes chosen start every job created from now on (jobs already running keep theirs)."""
    global _backend
    with _lock:
        _backend = chosen
