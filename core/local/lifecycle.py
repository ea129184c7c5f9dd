"""How a job on the local endpoint runs: the compiler backend slot.

A backend starts a run for each created job; the endpoint asks the run for its progress whenever
it answers Describe or List, and tells it to stop on StopCompilationJob. The fallback backend is
the timed simulation (STARTING -> INPROGRESS -> COMPLETED over a few seconds); the server plugs
in the real compiler (`core.local.backend_tvm`) unless a backend was chosen with `use_backend`.
A simulated run says so in its `note`, which DescribeCompilationJob shows in FailureReason.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from core.local import objects

DURATION_ENV = "NEO_SANDBOX_COMPILE_SECONDS"
STARTING_SHARE = 0.25
"""The first quarter of a simulated compilation is STARTING."""
TERMINAL = ("COMPLETED", "FAILED", "STOPPED")
STOP_SECONDS = 1.0
"""How long a stopped job reads STOPPING at least. StopCompilationJob's documentation: SageMaker
"changes the CompilationJobStatus of the job to Stopping. After Amazon SageMaker stops the job,
it sets the CompilationJobStatus to Stopped"; a script that deleted a job right after stopping
it passed here and failed on AWS, which deletes STOPPED jobs only."""
NOTE_MAX = 1024
"""FailureReason's maximum length in botocore's model."""
SIMULATED_PREFIX = "simulated:"
"""Every simulated job's note starts so (FailureReason while the job is not FAILED)."""
SIMULATED = f"{SIMULATED_PREFIX} no local compiler for this target"


def utcnow() -> datetime:
    """Now as moto keeps times: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def cut(text: str, limit: int = NOTE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def artifact_uri(input_config: dict[str, Any] | None, output_config: dict[str, Any]) -> str:
    """Where a job's compiled model goes: <S3OutputLocation>/<model stem>-<target>.tar.gz."""
    target = output_config.get("TargetDevice") or "-".join(
        str(v).lower() for v in (output_config.get("TargetPlatform") or {}).values()
    )
    model = str((input_config or {}).get("S3Uri", "model")).rstrip("/").split("/")[-1]
    stem = model.removesuffix(".tar.gz") or "model"
    return f"{str(output_config['S3OutputLocation']).rstrip('/')}/{stem}-{target}.tar.gz"


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
    note: str | None = None
    """Why the job is only simulated (shown while no failure reason is)."""
    digest: str | None = None
    """The artifact's BLAKE2 hash (ModelDigests), when a real one was written."""


class Run(Protocol):
    def progress(self, now: datetime) -> Progress: ...

    def stop(self, now: datetime) -> None: ...


class CompileBackend(Protocol):
    def start(self, name: str, request: dict[str, Any], created: datetime) -> Run: ...


class TimedRun:
    """A simulated compilation: it only takes time, unless its model cannot be read (failure):
    then, like SageMaker, which fetches the model first, it fails as STARTING ends; or unless
    its MaxRuntimeInSeconds is shorter, when it fails then (TimeOut)."""

    def __init__(
        self,
        created: datetime,
        seconds: float,
        note: str | None = None,
        failure: str | None = None,
        fails_after: float | None = None,
    ) -> None:
        self.created = created
        self.duration = timedelta(seconds=seconds)
        self.fails_after = self.duration * STARTING_SHARE  # a model that cannot be read
        if fails_after is not None:  # fails as STARTING ends; a timeout when its limit is up
            self.fails_after = timedelta(seconds=fails_after)
        self.stopped_at: datetime | None = None
        self.note = cut(note) if note else None
        self.failure = cut(failure) if failure else None

    def progress(self, now: datetime) -> Progress:
        started = self.created + self.duration * STARTING_SHARE
        if self.stopped_at is not None:  # stopped while STARTING: it never started
            began = started if started <= self.stopped_at else None
            stopped = Progress("STOPPED", began, self.stopped_at, note=self.note)
            return stop_progress(stopped, self.stopped_at, now)
        elapsed = now - self.created
        if self.failure and elapsed >= self.fails_after:
            ended = self.created + self.fails_after
            return Progress("FAILED", min(started, ended), ended, self.failure, note=self.note)
        if elapsed >= self.duration:
            return Progress("COMPLETED", started, self.created + self.duration, note=self.note)
        if elapsed < self.duration * STARTING_SHARE:
            return Progress("STARTING", note=self.note)
        return Progress("INPROGRESS", started, note=self.note)

    def stop(self, now: datetime) -> None:
        if self.stopped_at is None:  # asked again while STOPPING: the first ask stands
            self.stopped_at = now


def stop_progress(run_state: Progress, asked: datetime, now: datetime) -> Progress:
    """A run stopped when `asked`, as SageMaker shows one: STOPPING until STOP_SECONDS have
    passed and the run itself has stopped (`run_state` STOPPED: a compiler ends first), then
    STOPPED, ended at the later of the two."""
    held = asked + timedelta(seconds=STOP_SECONDS)
    if run_state.status != "STOPPED" or now < held:
        return Progress("STOPPING", run_state.started, note=run_state.note)
    ended = max(run_state.ended or held, held)
    return Progress("STOPPED", run_state.started, ended, note=run_state.note)


class FrozenRun:
    """A run that no longer changes: a job reloaded after a restart."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def progress(self, now: datetime) -> Progress:
        return self._progress

    def stop(self, now: datetime) -> None:
        """Never reached: a reloaded job is terminal, and a terminal job refuses to stop."""


class SimulatedBackend:
    """Every job is a timed simulation (NEO_SANDBOX_COMPILE_SECONDS), saying why in `note`."""

    def __init__(self, note: str | None = SIMULATED) -> None:
        self.note = note

    def start(self, name: str, request: dict[str, Any], created: datetime) -> Run:
        return simulated_run(request, created, self.note)


def simulated_run(request: dict[str, Any], created: datetime, note: str | None) -> TimedRun:
    """A timed simulation of request that fails, as SageMaker's job would, when its s3://
    model is not in the local endpoint's S3 (a model package has no S3Uri to read)."""
    uri = str((request.get("InputConfig") or {}).get("S3Uri") or "")
    # an https:// address is one the local S3 cannot look up: the simulation cannot tell
    failure = objects.unreadable(uri) if uri.startswith("s3://") else None
    seconds = compile_seconds()
    limit = (request.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds")
    if failure is None and isinstance(limit, int) and 0 < limit < seconds:
        # StoppingCondition: "if the job does not complete during this time, a TimeOut
        # error is generated"; it ran on, COMPLETED, past any limit shorter than the simulation
        return TimedRun(created, seconds, note, f"{TIMEOUT} ({limit} s).", fails_after=limit)
    return TimedRun(created, seconds, note, failure)


TIMEOUT = "TimeOut: the compilation did not complete within MaxRuntimeInSeconds"


_backend: CompileBackend | None = None
_fallback = SimulatedBackend()
_lock = threading.Lock()


def backend() -> CompileBackend:
    with _lock:
        return _backend or _fallback


def is_chosen() -> bool:
    """Whether a backend was plugged in (else the server installs the default one)."""
    with _lock:
        return _backend is not None


def use_backend(chosen: CompileBackend) -> None:
    """Makes chosen start every job created from now on (jobs already running keep theirs)."""
    global _backend
    with _lock:
        _backend = chosen
