"""Drafts and job records in SQLite, so a reload or a server restart loses nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DATA_ENV = "NEO_CONFIGURATOR_DATA"
DEFAULT_DIR = ".neo-data"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL, step INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    job_name TEXT PRIMARY KEY, request TEXT NOT NULL, endpoint TEXT NOT NULL, fleet TEXT,
    state TEXT NOT NULL, arn TEXT, error_code TEXT, error_message TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_fleet ON jobs (fleet);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class DraftRecord:
    id: str
    name: str
    data: dict[str, Any]
    step: int
    updated_at: str


@dataclass(frozen=True)
class JobRecord:
    """A submission as this app saw it: recorded before the call, updated after it."""

    job_name: str
    request: dict[str, Any]
    endpoint: str
    fleet: str | None
    state: str
    arn: str | None
    error_code: str | None
    error_message: str | None
    created_at: str
    updated_at: str


class Store:
    """One SQLite file; a lock serialises writers because Streamlit serves sessions in threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.executescript(_SCHEMA)

    @classmethod
    def default(cls) -> Store:
        folder = Path(os.environ.get(DATA_ENV) or DEFAULT_DIR)
        return cls(folder / "neo-configurator.sqlite3")

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # ---- drafts -----------------------------------------------------------------------------

    def save_draft(self, draft_id: str, name: str, data: dict[str, Any], step: int) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO drafts (id, name, data, step, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, data=excluded.data, "
                "step=excluded.step, updated_at=excluded.updated_at",
                (draft_id, name, json.dumps(data), step, _now()),
            )

    def load_draft(self, draft_id: str) -> DraftRecord | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return _draft(row) if row else None

    def list_drafts(self) -> list[DraftRecord]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM drafts ORDER BY updated_at DESC").fetchall()
        return [_draft(row) for row in rows]

    def delete_draft(self, draft_id: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def rename_draft(self, draft_id: str, name: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE drafts SET name = ?, updated_at = ? WHERE id = ?", (name, _now(), draft_id)
            )

    # ---- jobs -------------------------------------------------------------------------------

    def record_submission(
        self, job_name: str, request: dict[str, Any], endpoint: str, fleet: str | None = None
    ) -> None:
        """Written before the AWS call: a crash after it leaves a record to reconcile."""
        now = _now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO jobs (job_name, request, endpoint, fleet, state, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT(job_name) DO UPDATE "
                "SET request=excluded.request, endpoint=excluded.endpoint, fleet=excluded.fleet, "
                "state='pending', error_code=NULL, error_message=NULL, "
                "updated_at=excluded.updated_at WHERE jobs.state != 'submitted'",
                (job_name, json.dumps(request, default=str), endpoint, fleet, now, now),
            )

    def mark_submitted(self, job_name: str, arn: str | None) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET state='submitted', arn=?, error_code=NULL, error_message=NULL, "
                "updated_at=? WHERE job_name=?",
                (arn, _now(), job_name),
            )

    def mark_failed(self, job_name: str, code: str, message: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET state='failed', error_code=?, error_message=?, updated_at=? "
                "WHERE job_name=?",
                (code, message, _now(), job_name),
            )

    def get_job(self, job_name: str) -> JobRecord | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM jobs WHERE job_name=?", (job_name,)).fetchone()
        return _job(row) if row else None

    def list_jobs(self, fleet: str | None = None) -> list[JobRecord]:
        query, args = "SELECT * FROM jobs", ()
        if fleet is not None:
            query, args = query + " WHERE fleet = ?", (fleet,)
        with self._lock:
            rows = self._conn.execute(query + " ORDER BY created_at DESC", args).fetchall()
        return [_job(row) for row in rows]

    def list_fleets(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT fleet, MAX(created_at) AS latest FROM jobs WHERE fleet IS NOT NULL "
                "GROUP BY fleet ORDER BY latest DESC"
            ).fetchall()
        return [row["fleet"] for row in rows]


def _draft(row: sqlite3.Row) -> DraftRecord:
    return DraftRecord(row["id"], row["name"], json.loads(row["data"]), row["step"],
                       row["updated_at"])


def _job(row: sqlite3.Row) -> JobRecord:
    return JobRecord(
        job_name=row["job_name"], request=json.loads(row["request"]), endpoint=row["endpoint"],
        fleet=row["fleet"], state=row["state"], arn=row["arn"], error_code=row["error_code"],
        error_message=row["error_message"], created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
