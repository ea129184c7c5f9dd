"""The SQLite store: drafts and job records survive a new Store on the same file."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from pathlib import Path

import pytest

from core.jobs.store import Store, StoreError


def test_drafts_round_trip_newest_first_rename_and_delete(tmp_path: Path):
    """Saved drafts reopen from a new Store, list newest first, rename and delete."""
    store = Store(tmp_path / "s.sqlite3")
    store.save_draft("a", "First", {"device": "ml_c5"}, 1)
    store.save_draft("b", "Second", {"device": "rasp3b"}, 3)
    reopened = Store(tmp_path / "s.sqlite3")
    assert [d.id for d in reopened.list_drafts()] == ["b", "a"]
    assert reopened.load_draft("a").data == {"device": "ml_c5"}
    assert reopened.load_draft("b").step == 3
    saved = reopened.load_draft("a").updated_at
    reopened.rename_draft("a", "Renamed")
    assert reopened.load_draft("a").name == "Renamed"
    assert reopened.load_draft("a").updated_at == saved, "a rename is no edit of the request"
    assert [d.id for d in reopened.list_drafts()] == ["b", "a"], "a renamed draft keeps its place"
    reopened.delete_draft("b")
    assert reopened.load_draft("b") is None


def test_job_records_follow_a_submission(tmp_path: Path):
    """pending -> submitted keeps the ARN; a submitted record is never reset to pending."""
    store = Store(tmp_path / "s.sqlite3")
    store.record_submission("j1", {"CompilationJobName": "j1"}, "local", fleet="f1")
    assert store.get_job("j1", "local").state == "pending"
    store.mark_submitted("j1", "arn:1", endpoint="local")
    store.record_submission("j1", {"CompilationJobName": "j1"}, "local", fleet="f1")
    record = store.get_job("j1", "local")
    assert (record.state, record.arn, record.fleet) == ("submitted", "arn:1", "f1")
    store.record_submission("j2", {"CompilationJobName": "j2"}, "local")
    store.mark_failed("j2", "AccessDeniedException", "Not allowed", endpoint="local")
    assert store.get_job("j2", "local").error_code == "AccessDeniedException"
    assert [j.job_name for j in store.list_jobs(fleet="f1")] == ["j1"]
    assert store.list_fleets() == ["f1"]


def test_default_store_lives_under_the_configured_folder(tmp_path: Path, monkeypatch):
    """NEO_CONFIGURATOR_DATA chooses where the SQLite file is kept."""
    monkeypatch.setenv("NEO_CONFIGURATOR_DATA", str(tmp_path / "elsewhere"))
    store = Store.default()
    assert store.path.parent == tmp_path / "elsewhere"
    assert store.path.exists()


def test_the_same_job_name_on_two_endpoints_is_two_records(tmp_path: Path):
    """Records are keyed by endpoint and name: the simulation's job says nothing about AWS's."""
    store = Store(tmp_path / "s.sqlite3")
    store.record_submission("j1", {"CompilationJobName": "j1"}, "local")
    store.mark_submitted("j1", "arn:local", endpoint="local")
    assert store.get_job("j1", "us-east-1 https://api.sagemaker.us-east-1.amazonaws.com") is None
    store.record_submission("j1", {"CompilationJobName": "j1"}, "us-east-1 aws", fleet="f")
    store.mark_failed("j1", "AccessDeniedException", "Not allowed", endpoint="us-east-1 aws")
    assert store.get_job("j1", "local").state == "submitted"
    assert store.get_job("j1", "us-east-1 aws").state == "failed"
    assert [r.endpoint for r in store.list_jobs(endpoint="local")] == ["local"]
    assert store.list_fleets(endpoint="local") == [] and store.list_fleets() == ["f"]


def test_a_store_from_before_endpoint_keys_is_migrated(tmp_path: Path):
    """An older file keyed by job name alone opens with its records; the simulation's old
    labels (with their port) become "local", so its pending records can still be settled."""
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE jobs (job_name TEXT PRIMARY KEY, request TEXT NOT NULL, endpoint TEXT "
        "NOT NULL, fleet TEXT, state TEXT NOT NULL, arn TEXT, error_code TEXT, error_message "
        "TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
        "INSERT INTO jobs VALUES ('j1', '{}', 'Local simulation (moto) at http://127.0.0.1:5123, "
        "account 123456789012, us-east-1', NULL, 'pending', NULL, NULL, NULL, 't', 't');"
        "INSERT INTO jobs VALUES ('j2', '{}', 'AWS us-east-1, profile default chain', 'f', "
        "'submitted', 'arn:2', NULL, NULL, 't', 't');"
    )
    old.commit()
    old.close()
    store = Store(path)
    assert store.get_job("j1", "local").state == "pending"
    assert store.get_job("j2", "AWS us-east-1, profile default chain").arn == "arn:2"
    store.record_submission("j1", {}, "us-east-1 aws")  # the same name elsewhere: a new record
    assert len(store.list_jobs()) == 3
    assert Store(path).get_job("j1", "local") is not None  # reopening does not migrate again


# ---- a store that cannot be used says so, and loses nothing (issue 12) ----------------------


def stored(path: Path) -> Store:
    store = Store(path)
    store.save_draft("keep", "Keep me", {"device": "ml_c5"}, 2)
    return store


def test_an_empty_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    """A zero-length store (a crash's leftover) is named, not silently replaced."""
    path = tmp_path / "neo.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match=r"neo\.sqlite3 is empty \(0 bytes\)"):
        Store(path)
    assert path.read_bytes() == b""


def test_a_garbage_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    """A file that is no SQLite database is never written to."""
    path = tmp_path / "neo.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(path)
    assert path.read_bytes() == b"not a database at all" * 100


def test_a_truncated_database_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    """A store cut short is found damaged before anything is written to it."""
    path = tmp_path / "neo.sqlite3"
    store = stored(path)
    for index in range(200):
        store.save_draft(f"d{index}", "x", {"pad": "y" * 2000}, 0)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store._conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        Store(path)
    assert path.read_bytes() == before


def test_a_path_that_is_a_folder_is_a_sentence(tmp_path: Path) -> None:
    """The store's path being a folder names the path and the cause."""
    (tmp_path / "neo.sqlite3").mkdir()
    with pytest.raises(StoreError, match="it is a folder"):
        Store(tmp_path / "neo.sqlite3")


def test_a_folder_under_a_file_is_a_sentence(tmp_path: Path) -> None:
    """A data folder that is a file cannot hold the store: said, not raised as OSError."""
    (tmp_path / "data").write_text("a file")
    with pytest.raises(StoreError, match=r"folder .*data cannot be made"):
        Store(tmp_path / "data" / "neo.sqlite3")


NOBODY = 65534
"""The uid the read-only check runs as under root, which writes through read-only modes."""


def _said_as_nobody(path: Path) -> str:
    """What opening the store at path says, tried in a child process that runs as nobody."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's lines run in another process
        said = "opened"
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            Store(path)
        except StoreError as exc:
            said = exc.message
        except BaseException as exc:  # anything else is said to the parent
            said = f"{type(exc).__name__}: {exc}"
        os.write(write, said.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        said = answer.read().decode()
    os.waitpid(child, 0)
    return said


def test_a_read_only_folder_is_a_sentence() -> None:
    """A folder the user cannot write gives a sentence naming the path (as root, the check
    runs as nobody: CI runs as root, and skipped there it never ran)."""
    with tempfile.TemporaryDirectory() as tmp:  # in /tmp: a folder nobody can reach
        Path(tmp).chmod(0o755)
        folder = Path(tmp) / "ro"
        folder.mkdir(mode=0o555)
        folder.chmod(0o555)
        target = folder / "neo.sqlite3"
        if os.geteuid() == 0:
            said = _said_as_nobody(target)
        else:
            with pytest.raises(StoreError) as raised:
                Store(target)
            said = raised.value.message
        assert str(folder) in said and "cannot" in said, said


def test_a_write_that_fails_is_a_sentence_and_earlier_drafts_survive(tmp_path: Path) -> None:
    """A full disk (SQLite's answer simulated by a tiny page limit) fails the save with a
    sentence; the drafts already stored are kept."""
    path = tmp_path / "neo.sqlite3"
    store = stored(path)
    store._conn.execute("PRAGMA max_page_count = 1")
    with pytest.raises(StoreError, match="could not be written: the disk is full"):
        store.save_draft("big", "Big", {"pad": "x" * 100_000}, 0)
    assert Store(path).load_draft("keep").name == "Keep me"


def test_the_folder_and_the_database_are_private(tmp_path: Path) -> None:
    """Drafts name buckets and roles: the folder is 0700 and the database 0600."""
    path = tmp_path / "private" / "neo.sqlite3"
    stored(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_store_in_memory_works_and_says_why() -> None:
    """The fallback keeps drafts and job records for the process, and names the reason."""
    store = Store.in_memory("the disk is full")
    store.save_draft("a", "A", {}, 0)
    assert not store.persistent and store.problem == "the disk is full"
    assert store.load_draft("a") is not None
