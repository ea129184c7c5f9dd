"""Drafts and job records in SQLite, so a reload or a server restart loses nothing.

A store that cannot be opened or written (a damaged file, a read-only or missing folder, a full
disk, a path that is a folder) says so in one sentence naming the path and the cause
(`StoreError`); the app then keeps working in memory (`Store.in_memory`) and never touches the
damaged file. The data folder is private to its user (0700) and the database file too (0600).
"""

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

from core.jobs.storefile import (
    StoreError,
    cause,
    check_file,
    check_integrity,
    make_private,
)

DATA_ENV = "NEO_CONFIGURATOR_DATA"
DEFAULT_DIR = ".neo-data"
FILE_NAME = "neo-configurator.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL, step INTEGER NOT NULL,
    updated_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_JOBS_TABLE = """
CREATE TABLE {name} (
    endpoint TEXT NOT NULL, job_name TEXT NOT NULL, request TEXT NOT NULL, fleet TEXT,
    state TEXT NOT NULL, arn TEXT, error_code TEXT, error_message TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (endpoint, job_name)
)
"""
_JOB_COLUMNS = (
    "endpoint, job_name, request, fleet, state, arn, error_code, error_message, created_at, "
    "updated_at"
)
_LOCAL_LABEL = "Local simulation%"
"""How records made before endpoint identities named the simulation (with its old port)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class DraftRecord:
    id: str
    name: str
    data: dict[str, Any]
    step: int
    updated_at: str
    version: int = 1
    """Moves on with every save; a save that expected another version is refused."""


class DraftConflict(Exception):
    """The stored draft moved on (another tab saved it) since this copy was read."""

    def __init__(self, stored: DraftRecord | None) -> None:
        super().__init__("the stored draft changed since it was read")
        self.stored = stored


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
    """One SQLite file (or memory); a lock serialises writers because Streamlit serves sessions
    in threads. Every SQLite or file-system failure leaves as a StoreError sentence."""

    def __init__(self, path: Path | None, problem: str = "") -> None:
        """Opens path (None: a store in memory, which `problem` says why); StoreError when the
        file is damaged or the folder unusable, and then nothing was written to it."""
        self.path = path
        self.problem = problem
        """Why this store is in memory ("" for a store on disk)."""
        self._lock = threading.Lock()
        where = str(path) if path is not None else ":memory:"
        if path is not None:
            check_file(path)
        try:
            self._conn = sqlite3.connect(where, check_same_thread=False, isolation_level=None)
            self._conn.row_factory = sqlite3.Row
            with self._lock:
                if path is not None:
                    check_integrity(self._conn, path)
                    self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.executescript(_SCHEMA)
            with self._tx() as conn:
                _create_or_migrate_jobs(conn)
                _add_draft_versions(conn)
        except sqlite3.Error as exc:
            raise StoreError(f"The store {where} cannot be used: {cause(exc)}.") from None
        if path is not None:
            make_private(path)

    @property
    def persistent(self) -> bool:
        return self.path is not None

    @classmethod
    def default(cls) -> Store:
        """The store under NEO_CONFIGURATOR_DATA (default .neo-data); StoreError if unusable."""
        folder = Path(os.environ.get(DATA_ENV) or DEFAULT_DIR)
        return cls(folder / FILE_NAME)

    @classmethod
    def in_memory(cls, problem: str) -> Store:
        """A store that lives as long as the process, for when the one on disk cannot be used."""
        return cls(None, problem)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._failed(exc) from None
            try:
                yield self._conn
            except sqlite3.Error as exc:
                self._rollback()
                raise self._failed(exc) from None
            except BaseException:
                self._rollback()
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise self._failed(exc) from None

    def _rollback(self) -> None:
        """Undoes the open transaction (SQLite itself ends one on a full disk or I/O error)."""
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _rows(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise self._failed(exc) from None

    def _failed(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(f"The store {self.path} could not be written: {cause(exc)}.")

    # ---- drafts -----------------------------------------------------------------------------

    def save_draft(
        self,
        draft_id: str,
        name: str,
        data: dict[str, Any],
        step: int,
        expected_version: int | None = None,
    ) -> int:
        """Saves a draft and returns its new version.

        With expected_version (compare-and-set), the save happens only if the stored draft is
        still at that version (0: not stored yet); otherwise DraftConflict, and nothing is
        written, so an edit in one tab never silently erases another's.
        """
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            stored = int(row["version"]) if row else 0
            if expected_version is not None and stored != expected_version:
                raise DraftConflict(_draft(row) if row else None)
            conn.execute(
                "INSERT INTO drafts (id, name, data, step, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
                "data=excluded.data, step=excluded.step, updated_at=excluded.updated_at, "
                "version=excluded.version",
                (draft_id, name, json.dumps(data), step, _now(), stored + 1),
            )
            return stored + 1

    def restore_draft(self, record: DraftRecord) -> None:
        """Puts back a draft as it was (the Drafts page's undo of a delete)."""
        with self._tx() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO drafts (id, name, data, step, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    record.name,
                    json.dumps(record.data),
                    record.step,
                    record.updated_at,
                    record.version + 1,
                ),
            )

    def load_draft(self, draft_id: str) -> DraftRecord | None:
        rows = self._rows("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        return _draft(rows[0]) if rows else None

    def list_drafts(self) -> list[DraftRecord]:
        return [_draft(row) for row in self._rows("SELECT * FROM drafts ORDER BY updated_at DESC")]

    def delete_draft(self, draft_id: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def rename_draft(self, draft_id: str, name: str) -> int:
        """Renames a draft and returns its new version (0: no such draft), read in the same
        transaction, so no other tab's save can slip in between. Its saved time stays: that is
        when its request was last edited, and the list keeps its place (a renamed draft jumped
        to the top)."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE drafts SET name = ?, version = version + 1 WHERE id = ?", (name, draft_id)
            )
            row = conn.execute("SELECT version FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return int(row["version"]) if row else 0

    # ---- jobs -------------------------------------------------------------------------------
    # A record is keyed by (endpoint, job name): the same name on the simulation and on AWS, or
    # in two regions, are two jobs. `endpoint` is a stable identity ("local", or region and URL).

    def get_setting(self, name: str) -> str | None:
        """A remembered choice (e.g. the connection), as the text it was put with."""
        rows = self._rows("SELECT value FROM settings WHERE name = ?", (name,))
        return rows[0]["value"] if rows else None

    def put_setting(self, name: str, value: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO settings (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def record_submission(
        self, job_name: str, request: dict[str, Any], endpoint: str, fleet: str | None = None
    ) -> None:
        """Written before the AWS call: a crash after it leaves a record to reconcile."""
        now = _now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO jobs (endpoint, job_name, request, fleet, state, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?) "
                "ON CONFLICT(endpoint, job_name) DO UPDATE "
                "SET request=excluded.request, fleet=excluded.fleet, "
                "state='pending', error_code=NULL, error_message=NULL, "
                "updated_at=excluded.updated_at WHERE jobs.state != 'submitted'",
                (endpoint, job_name, json.dumps(request, default=str), fleet, now, now),
            )

    def mark_submitted(self, job_name: str, arn: str | None, endpoint: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET state='submitted', arn=?, error_code=NULL, error_message=NULL, "
                "updated_at=? WHERE endpoint=? AND job_name=?",
                (arn, _now(), endpoint, job_name),
            )

    def mark_failed(self, job_name: str, code: str, message: str, endpoint: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET state='failed', error_code=?, error_message=?, updated_at=? "
                "WHERE endpoint=? AND job_name=?",
                (code, message, _now(), endpoint, job_name),
            )

    def forget_job(self, job_name: str, endpoint: str) -> None:
        """The job was deleted: its name may be sent again, and no page says it was submitted."""
        with self._tx() as conn:
            conn.execute("DELETE FROM jobs WHERE endpoint=? AND job_name=?", (endpoint, job_name))

    def get_job(self, job_name: str, endpoint: str) -> JobRecord | None:
        rows = self._rows(
            "SELECT * FROM jobs WHERE endpoint=? AND job_name=?", (endpoint, job_name)
        )
        return _job(rows[0]) if rows else None

    def list_jobs(self, fleet: str | None = None, endpoint: str | None = None) -> list[JobRecord]:
        clauses, args = [], []
        for column, value in (("fleet", fleet), ("endpoint", endpoint)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._rows(f"SELECT * FROM jobs{where} ORDER BY created_at DESC", args)
        return [_job(row) for row in rows]

    def list_fleets(self, endpoint: str | None = None) -> list[str]:
        return list(self.fleet_names(endpoint))

    def fleet_names(self, endpoint: str | None = None) -> dict[str, tuple[str, int]]:
        """Each fleet (the latest first) with one of its jobs' names (which carry the base name
        the user gave; the fleet's own id is a random one) and how many jobs it has."""
        where, args = ("AND endpoint = ? ", (endpoint,)) if endpoint is not None else ("", ())
        rows = self._rows(
            "SELECT fleet, MAX(created_at) AS latest, MIN(job_name) AS named, COUNT(*) AS jobs "
            f"FROM jobs WHERE fleet IS NOT NULL {where}GROUP BY fleet ORDER BY latest DESC",
            args,
        )
        return {row["fleet"]: (row["named"], row["jobs"]) for row in rows}


def _create_or_migrate_jobs(conn: sqlite3.Connection) -> None:
    """Creates the jobs table, or rebuilds one keyed by job name alone (before endpoints had a
    stable identity) so that its records keep working: simulation labels become "local"."""
    columns = conn.execute("PRAGMA table_info(jobs)").fetchall()
    if not columns:
        conn.execute(_JOBS_TABLE.format(name="jobs"))
    elif [c["name"] for c in columns if c["pk"]] == ["job_name"]:
        conn.execute(_JOBS_TABLE.format(name="jobs_keyed"))
        conn.execute(
            f"INSERT INTO jobs_keyed ({_JOB_COLUMNS}) SELECT CASE WHEN endpoint LIKE ? THEN "
            "'local' ELSE endpoint END, job_name, request, fleet, state, arn, error_code, "
            "error_message, created_at, updated_at FROM jobs",
            (_LOCAL_LABEL,),
        )
        conn.execute("DROP TABLE jobs")
        conn.execute("ALTER TABLE jobs_keyed RENAME TO jobs")
    conn.execute("CREATE INDEX IF NOT EXISTS jobs_fleet ON jobs (fleet)")


def _add_draft_versions(conn: sqlite3.Connection) -> None:
    """Stores made before drafts had versions get the column, every draft at version 1."""
    columns = [c["name"] for c in conn.execute("PRAGMA table_info(drafts)").fetchall()]
    if "version" not in columns:
        conn.execute("ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


def _draft(row: sqlite3.Row) -> DraftRecord:
    return DraftRecord(
        row["id"],
        row["name"],
        json.loads(row["data"]),
        row["step"],
        row["updated_at"],
        int(row["version"]),
    )


def _job(row: sqlite3.Row) -> JobRecord:
    return JobRecord(
        job_name=row["job_name"],
        request=json.loads(row["request"]),
        endpoint=row["endpoint"],
        fleet=row["fleet"],
        state=row["state"],
        arn=row["arn"],
        error_code=row["error_code"],
        error_message=row["error_message"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
