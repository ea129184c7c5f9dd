"""The local endpoint's jobs and S3 objects survive a restart, under the data folder.

The app's store remembers that a draft was submitted; without this the restarted simulation
forgot the job and the Jobs page contradicted the draft. Kept in <data>/local-endpoint/ (0700):
jobs.json and objects.json (0600, replaced atomically) and one file per object content
(objects/<sha256>, 0600). A job that was still running when the process ended is reloaded
FAILED, "interrupted", never INPROGRESS, and its orphaned compiler process is ended. One
process owns the folder (an flock); another process on the same folder runs in memory only.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from moto.sagemaker.models import sagemaker_backends

from core.local import ACCOUNT_ID, objects
from core.local.lifecycle import TERMINAL, FrozenRun, Progress, utcnow
from core.local.patches import SimulatedCompilationJob

FOLDER = "local-endpoint"
INTERRUPTED = "interrupted: the app stopped while this job was compiling"
_log = logging.getLogger(__name__)


def _write(path: Path, data: bytes) -> None:
    """Atomically, 0600: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)  # a leftover keeps its mode; a new file gets 0600
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def job_record(job: SimulatedCompilationJob, region: str) -> dict[str, Any]:
    progress = job._progress()
    worker = getattr(job._run, "worker", None)
    return {
        "name": job.compilation_job_name,
        "region": region,
        "role_arn": job.role_arn,
        "input_config": job.input_config,
        "output_config": job.output_config,
        "stopping_condition": job.stopping_condition,
        "model_package_version_arn": job.model_package_version_arn,
        "vpc_config": job.vpc_config,
        "tags": job.tags,
        "created": _time(job.creation_time),
        "last_modified": _time(job.last_modified_time),
        "status": progress.status,
        "started": _time(progress.started),
        "ended": _time(progress.ended),
        "failure_reason": progress.failure_reason,
        "note": progress.note,
        "digest": progress.digest,
        "worker": worker() if callable(worker) else None,
    }


def _end_orphan(worker: Any) -> None:
    """Ends a compiler process left by a killed app, if that pid is still that process."""
    if not isinstance(worker, dict) or not isinstance(worker.get("pid"), int):
        return
    try:
        command = Path(f"/proc/{worker['pid']}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return
    if b"core.compile.worker" in command and str(worker.get("out")).encode() in command:
        with contextlib.suppress(OSError):
            os.killpg(worker["pid"], signal.SIGKILL)  # its own group: start_new_session


def restore_job(record: dict[str, Any]) -> bool:
    """Puts a recorded job back into moto; True when it had to be marked interrupted."""
    backend = sagemaker_backends[ACCOUNT_ID][record["region"]]
    if record["name"] in backend.compilation_jobs:
        return False
    now = utcnow()
    progress = Progress(
        record["status"], _parse(record["started"]), _parse(record["ended"]),
        record.get("failure_reason"), record.get("note"), record.get("digest"),
    )  # fmt: skip
    if progress.status == "STOPPING":  # asked to stop before the app ended: it has stopped
        progress = Progress("STOPPED", progress.started, now, note=progress.note)
    interrupted = progress.status not in TERMINAL
    if interrupted:
        _end_orphan(record.get("worker"))
        progress = Progress("FAILED", progress.started, now, INTERRUPTED, progress.note)
    job = SimulatedCompilationJob(
        compilation_job_name=record["name"], role_arn=record["role_arn"],
        region_name=record["region"], account_id=ACCOUNT_ID,
        output_config=record["output_config"], stopping_condition=record["stopping_condition"],
        model_package_version_arn=record.get("model_package_version_arn"),
        input_config=record.get("input_config"), vpc_config=record.get("vpc_config"),
        tags=record.get("tags"), run=FrozenRun(progress),
    )  # fmt: skip
    job.creation_time = _parse(record["created"]) or now
    job.last_modified_time = now if interrupted else _parse(record["last_modified"]) or now
    backend.compilation_jobs[record["name"]] = job
    return interrupted


class LocalState:
    """The endpoint's folder: owned (flock) by one process, which loads it and keeps it."""

    def __init__(self, data: Path) -> None:
        self.root = data / FOLDER
        self.work = self.root / "work"
        self.blobs = self.root / "objects"
        self.enabled = False
        self.problem: str | None = None
        self._lock = threading.RLock()
        self._jobs_text = ""
        self._index: dict[str, Any] = {"buckets": {}}
        self._lockfile: int | None = None

    def open(self) -> bool:
        """Creates the folder (0700) and takes it; False (in memory only) when it cannot."""
        try:
            self.root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the store's too
            for folder in (self.root, self.work, self.blobs):  # ours: 0700 even if they existed
                folder.mkdir(mode=0o700, exist_ok=True)
                os.chmod(folder, 0o700)
            fd = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                self.problem = f"another app process keeps {self.root}; this one keeps nothing"
                return False
            self._lockfile = fd
        except OSError as exc:
            self.problem = f"{self.root} cannot be used ({exc.strerror or exc}); nothing is kept"
            return False
        self.enabled = True
        return True

    def close(self) -> None:
        """Lets another process take the folder (the lock goes with the process anyway)."""
        if self._lockfile is not None:
            os.close(self._lockfile)
            self._lockfile, self.enabled = None, False

    def load(self) -> int:
        """Puts the saved objects and jobs back; returns how many jobs were interrupted."""
        if not self.enabled:
            return 0
        with self._lock:
            for stale in self.work.iterdir():
                shutil.rmtree(stale, ignore_errors=True)
            self._index = self._read("objects.json") or {"buckets": {}}
            for name, bucket in self._index.get("buckets", {}).items():
                objects.restore_bucket(name, bucket.get("region") or "us-east-1")
                for key, entry in bucket.get("keys", {}).items():
                    data = (self.blobs / entry["blob"]).read_bytes()
                    stored = objects.write(f"s3://{name}/{key}", data, entry.get("metadata"))
                    stored.last_modified = _parse(entry.get("modified")) or stored.last_modified
            self._index = self._scan()  # etags and times as moto now has them
            interrupted = sum(
                restore_job(r) for r in (self._read("jobs.json") or {}).get("jobs", [])
            )
            self.save_jobs()
            return interrupted

    def _read(self, name: str) -> dict[str, Any] | None:
        try:
            data = json.loads((self.root / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:  # kept aside, never overwritten: someone may want it
            aside = self.root / f"{name}.damaged"
            with contextlib.suppress(OSError):
                os.replace(self.root / name, aside)
            _log.warning("The local endpoint's %s cannot be read (%s); it was moved to %s.",
                         name, exc, aside)  # fmt: skip
            return None
        return data if isinstance(data, dict) else None

    def changed(self, service: str = "") -> None:
        """Saves what a write may have changed; a failure to save never fails the request."""
        if not self.enabled:
            return
        try:
            with self._lock:
                if service in ("", "sagemaker"):
                    self.save_jobs()
                if service in ("", "s3"):
                    self.sync_objects()
        except Exception as exc:  # the answer was given; saving is best effort, and logged
            _log.warning("The local endpoint could not save its state: %s", exc)

    def save_jobs(self) -> None:
        with self._lock:  # one snapshot at a time: an older one never overwrites a newer one
            records = []
            for region, backend in list(dict.items(sagemaker_backends[ACCOUNT_ID])):
                for job in list(backend.compilation_jobs.values()):
                    if isinstance(job, SimulatedCompilationJob):
                        records.append(job_record(job, region))
            text = json.dumps({"jobs": records}, indent=1, default=str)
            if text != self._jobs_text:
                _write(self.root / "jobs.json", text.encode())
                self._jobs_text = text

    def _scan(self) -> dict[str, Any]:
        """moto's objects now, reusing the blob of each object whose etag, size and time held."""
        old = self._index.get("buckets", {})
        index: dict[str, Any] = {"buckets": {}}
        for bucket in objects.buckets():
            kept = old.get(bucket.name, {}).get("keys", {})
            keys: dict[str, Any] = {}
            for name, key in objects.latest_keys(bucket):
                sign = {"etag": key.etag, "size": key.size, "modified": _time(key.last_modified)}
                entry = kept.get(name)
                if entry is None or any(entry.get(k) != v for k, v in sign.items()):
                    data = bytes(key.value)
                    blob = hashlib.sha256(data).hexdigest()
                    if not (self.blobs / blob).exists():
                        _write(self.blobs / blob, data)
                    entry = {**sign, "blob": blob, "metadata": dict(key.metadata)}
                keys[name] = entry
            index["buckets"][bucket.name] = {"region": bucket.region_name, "keys": keys}
        return index

    def sync_objects(self) -> None:
        with self._lock:
            index = self._scan()
            if index == self._index and (self.root / "objects.json").exists():
                return
            _write(self.root / "objects.json", json.dumps(index, indent=1).encode())
            self._index = index
            used = {e["blob"] for b in index["buckets"].values() for e in b["keys"].values()}
            for blob in self.blobs.iterdir():
                if blob.name not in used:
                    blob.unlink(missing_ok=True)
