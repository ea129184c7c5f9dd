"""The SQLite store: drafts and job records survive a new Store on the same file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.jobs.store import Store


def test_drafts_round_trip_newest_first_rename_and_delete(tmp_path: Path):
    """Saved drafts reopen from a new Store, list newest first, rename and delete."""
    store = Store(tmp_path / "s.sqlite3")
    store.save_draft("a", "First", {"device": "ml_c5"}, 1)
    store.save_draft("b", "Second", {"device": "rasp3b"}, 3)
    reopened = Store(tmp_path / "s.sqlite3")
    assert [d.id for d in reopened.list_drafts()] == ["b", "a"]
    assert reopened.load_draft("a").data == {"device": "ml_c5"}
    assert reopened.load_draft("b").step == 3
    reopened.rename_draft("a", "Renamed")
    assert reopened.load_draft("a").name == "Renamed"
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
