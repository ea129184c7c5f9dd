"""The store's file: refused before SQLite writes to it when it is not a healthy database of
this app's, made private to its user, and every failure said as a sentence naming the path."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from core.errors import NeoConfigError

SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(NeoConfigError):
    """The store cannot be opened or written: a sentence naming the path and the cause."""


def cause(exc: BaseException) -> str:
    """A person's words for what SQLite or the file system said."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return "it cannot be written (read-only, or not this user's)"
    if "full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return "the disk is full"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "the file is damaged (not a readable SQLite database)"
    if "unable to open" in text:
        return "it cannot be opened (a missing or unreadable folder?)"
    return f"{type(exc).__name__}: {exc}"


def check_file(path: Path) -> None:
    """Refuses, before SQLite touches it, a path it must not write: a folder, an empty or
    foreign file (a damaged store is never overwritten), a folder that cannot be made."""
    if path.is_dir():
        raise StoreError(f"The store {path} cannot be used: it is a folder, not a file.")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"The store's folder {path.parent} cannot be made: {cause(exc)}."
        ) from None
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"The store {path} cannot be read: {cause(exc)}.") from None
    if header != SQLITE_HEADER:
        what = "empty (0 bytes)" if not header else "not an SQLite database"
        raise StoreError(
            f"The store {path} is {what}, so it may be damaged; it was left as it is. Move it "
            "away to start a new store."
        )


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """A truncated or damaged database is found before anything is written to it."""
    try:
        found = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreError(f"The store {path} cannot be used: {cause(exc)}.") from None
    if found != "ok":
        raise StoreError(
            f"The store {path} is damaged (SQLite's check says: {found}); it was left as it "
            "is. Move it away to start a new store."
        )


def make_private(path: Path) -> None:
    """The folder and the database are this user's alone (drafts name buckets and roles)."""
    try:
        path.parent.chmod(0o700)
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists():
                part.chmod(0o600)
    except OSError:
        pass  # a folder this user does not own keeps its mode; the store still works
