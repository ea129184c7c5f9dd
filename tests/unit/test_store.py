"""The SQLite store: drafts and job records survive a new Store on the same file."""

from __future__ import annotations

from pathlib import Path

from core.store import Store


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
    assert store.get_job("j1").state == "pending"
    store.mark_submitted("j1", "arn:1")
    store.record_submission("j1", {"CompilationJobName": "j1"}, "local", fleet="f1")
    record = store.get_job("j1")
    assert (record.state, record.arn, record.fleet) == ("submitted", "arn:1", "f1")
    store.record_submission("j2", {"CompilationJobName": "j2"}, "local")
    store.mark_failed("j2", "AccessDeniedException", "Not allowed")
    assert store.get_job("j2").error_code == "AccessDeniedException"
    assert [j.job_name for j in store.list_jobs(fleet="f1")] == ["j1"]
    assert store.list_fleets() == ["f1"]


def test_default_store_lives_under_the_configured_folder(tmp_path: Path, monkeypatch):
    """NEO_CONFIGURATOR_DATA chooses where the SQLite file is kept."""
    monkeypatch.setenv("NEO_CONFIGURATOR_DATA", str(tmp_path / "elsewhere"))
    store = Store.default()
    assert store.path.parent == tmp_path / "elsewhere"
    assert store.path.exists()
