"""Local compiles the pages start and follow: the model fetched once, then one compile a target
on a pool bounded for the whole server, each cancellable.

No Streamlit here: a `LocalCheck` lives in a session's state, its own threads do the waiting
(so a page left and opened again finds it where it is), and the page polls it. A reload starts
a new session: `remember` and `recall` let it find the check and model file of its draft. At
most `MAX_COMPILES` compiler processes run at once in this server, whichever sessions asked.
"""

from __future__ import annotations

import tempfile
import threading
import time
import uuid
import weakref
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from boto3.exceptions import S3TransferFailedError
from botocore.exceptions import BotoCoreError, ClientError

from core.aws.connection import Connection, shared_client
from core.compile import CompileHandle, CompileReport, TargetPlan, map_target, start_compile
from core.compile.report import one_line
from core.errors import NeoConfigError
from core.model.common import DEFAULT_LIMITS, size_text
from core.model.s3 import parse_s3_uri, s3_error

MAX_COMPILES = 2
"""Compiler processes at once in this server: one a core of this 2-core machine."""
_SLOTS = threading.BoundedSemaphore(MAX_COMPILES)
MAX_DOWNLOAD = DEFAULT_LIMITS.max_artifact_bytes
"""An S3 model larger than this is not downloaded for a local check (the inspector's limit)."""

WAITING, QUEUED, COMPILING, DONE = "waiting", "queued", "compiling", "done"
REFUSED, FAILED, CANCELLED = "not buildable here", "failed", "cancelled"
ACTIVE = frozenset({WAITING, QUEUED, COMPILING})


@dataclass(frozen=True)
class LocalModel:
    """The model file on this server: the copy of an upload (kept in `holder`, removed with
    it) or a path the user gave."""

    path: Path
    label: str
    holder: Any = None
    """The TemporaryDirectory holding an upload's copy; it is removed when this is dropped."""


@dataclass(frozen=True)
class ModelSource:
    """What a check compiles: a file on this server, or an S3 object on a connection."""

    label: str
    path: Path | None = None
    s3_uri: str = ""


@dataclass
class TargetRun:
    """One target's compile: its plan, then its handle while it runs, then its report."""

    label: str
    request: dict[str, Any]
    plan: TargetPlan
    state: str = WAITING
    handle: CompileHandle | None = None
    report: CompileReport | None = None
    message: str = ""

    def progress(self) -> str:
        """What it is doing now, in a few words."""
        if self.state == COMPILING and self.handle is not None:
            return self.handle.progress()
        return self.message


@dataclass
class LocalCheck:
    """Compiles one model for some targets; refused targets never start a process."""

    targets: list[tuple[str, dict[str, Any]]]
    source: ModelSource
    connection: Connection | None = None
    workers: int = MAX_COMPILES
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    runs: list[TargetRun] = field(init=False)
    fetched: tuple[int, int] = (0, 0)
    """Bytes of the S3 model downloaded so far, and its size."""
    cancelled: bool = False
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.runs = []
        for label, request in self.targets:
            plan = map_target(request.get("OutputConfig") or {})
            run = TargetRun(label, request, plan)
            if not plan.buildable:
                run.state, run.message = REFUSED, plan.reason
            self.runs.append(run)
        self._tmp = tempfile.TemporaryDirectory(prefix="neo-check-", ignore_cleanup_errors=True)
        self._lock = threading.Lock()
        threading.Thread(target=self._main, name=f"neo-check-{self.id}", daemon=True).start()

    @property
    def running(self) -> bool:
        return any(run.state in ACTIVE for run in self.runs)

    def cancel(self) -> None:
        """Stops every compile of this check; those not started yet never start."""
        with self._lock:
            self.cancelled = True
            for run in self.runs:
                if run.state in (WAITING, QUEUED):
                    run.state, run.message = CANCELLED, "cancelled before it started"
                handle = run.handle
                if handle is not None and run.report is None:
                    threading.Thread(target=handle.cancel, daemon=True).start()

    def close(self) -> None:
        """Cancels what still runs and removes the check's files (its artifacts with them); a
        reload no longer finds it."""
        self.cancel()
        self._tmp.cleanup()
        for what, kept in list(_KEPT.items()):
            if kept is self:
                forget(what)

    # ---- the threads -------------------------------------------------------------------------

    def _main(self) -> None:
        pending = [run for run in self.runs if run.state == WAITING]
        if not pending:
            return
        try:
            model = self._fetch()
        except NeoConfigError as exc:
            for run in pending:
                if run.state == WAITING:
                    run.state, run.message = FAILED, exc.message
            return
        queue = deque(pending)
        threads = [
            threading.Thread(target=self._work, args=(queue, model), daemon=True)
            for _ in range(min(self.workers, len(queue)))
        ]
        for thread in threads:
            thread.start()

    def _fetch(self) -> Path:
        """The model file: the local one, or the S3 object downloaded into the check's folder."""
        if self.source.path is not None:
            return self.source.path
        uri = self.source.s3_uri
        bucket, key = parse_s3_uri(uri)
        for run in self.runs:
            if run.state == WAITING:
                run.message = f"downloading {uri}"
        if self.connection is None:
            raise NeoConfigError(f"No connection to read {uri} on.")
        try:
            client = shared_client(self.connection, "s3")
            size = int(client.head_object(Bucket=bucket, Key=key).get("ContentLength", 0))
            if size > MAX_DOWNLOAD:
                raise NeoConfigError(
                    f"{uri} is {size_text(size)}, over the {size_text(MAX_DOWNLOAD)} a local "
                    "check downloads."
                )
            self.fetched = (0, size)
            name = key.rsplit("/", 1)[-1]
            dest = Path(self._tmp.name) / (name if name not in ("", ".", "..") else "model")
            client.download_file(bucket, key, str(dest), Callback=self._count)
        except (ClientError, BotoCoreError) as exc:
            raise s3_error(exc, uri, "GetObject") from None
        except (S3TransferFailedError, OSError) as exc:
            raise NeoConfigError(f"Downloading {uri} failed: {one_line(str(exc))}.") from None
        return dest

    def _count(self, count: int) -> None:
        """boto3's download threads report each chunk here."""
        with self._lock:
            done, total = self.fetched
            self.fetched = (done + count, total)

    def _work(self, queue: deque[TargetRun], model: Path) -> None:
        while True:
            with self._lock:
                if not queue:
                    return
                run = queue.popleft()
                if run.state != WAITING:
                    continue
                run.state = QUEUED
                run.message = f"waiting for a free compiler (at most {MAX_COMPILES} at once here)"
            while not _SLOTS.acquire(timeout=0.25):
                if self.cancelled:
                    break
            else:
                try:
                    self._compile(run, model)
                finally:
                    _SLOTS.release()

    def _compile(self, run: TargetRun, model: Path) -> None:
        with self._lock:
            if run.state != QUEUED:
                return  # cancelled while it waited
            out = Path(self._tmp.name) / f"target-{self.runs.index(run)}"
            try:
                run.handle = start_compile(run.request, model, out)
            except OSError as exc:
                run.state, run.message = FAILED, f"The compiler could not start: {exc}."
                return
            run.state = COMPILING
        report = run.handle.wait()
        run.report, run.state = report, DONE
        run.message = "cancelled" if report.cancelled else report.reason


Kept = TypeVar("Kept", LocalCheck, LocalModel)
_KEPT: weakref.WeakValueDictionary[str, LocalCheck | LocalModel] = weakref.WeakValueDictionary()
"""What a session made for a draft (a check, the model file read), by a key naming the draft,
held weakly: an entry lasts while the check's threads or a session still hold it, so nothing
here outlives them, and a reload (a new session) finds it again."""


def kept_as(name: str, draft_id: str) -> str:
    """The key a session's check or model file (state key `name`) of a draft is kept as."""
    return f"{name}:{draft_id}"


def remember(what: str, value: LocalCheck | LocalModel) -> None:
    """Keeps value findable as what (a key naming a draft) while anything else holds it."""
    _KEPT[what] = value


def forget(what: str) -> None:
    """A reload must not find what was remembered as what (a model forgotten, a check closed)."""
    _KEPT.pop(what, None)


def recall(what: str, kind: type[Kept]) -> Kept | None:
    """What was last remembered as what, if anything still holds it and it is a kind."""
    found = _KEPT.get(what)
    return found if isinstance(found, kind) else None
