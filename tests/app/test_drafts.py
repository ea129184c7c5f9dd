"""The Drafts page: several drafts kept, named, reopened and deleted."""

from __future__ import annotations

from tests.app.helpers import button, keyed


def test_drafts_can_be_named_reopened_and_deleted(new_app):
    """A second draft is listed beside the first; reopening brings its content; delete removes."""
    app = new_app()
    first = app.session_state["draft"]
    app.text_input(key="sidebar_draft_name").input("Jetson model").run()
    keyed(app.text_input, "model_s3").input("s3://bucket/first.tar.gz").run()
    app.switch_page("pages/drafts.py").run()
    button(app, "New draft").click().run()
    second = app.session_state["draft"]
    assert second.id != first.id and second.model_s3_uri == ""
    names = [t.value for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert "Jetson model" in names and "Untitled draft" in names

    app.button(key=f"drafts_open_{first.id}").click().run()
    app.run()
    assert app.session_state["draft"].id == first.id
    assert app.session_state["draft"].model_s3_uri == "s3://bucket/first.tar.gz"

    app.switch_page("pages/drafts.py").run()
    app.button(key=f"drafts_delete_{second.id}").click().run()
    keys = [t.key for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert keys == [f"drafts_name_{first.id}"]


def test_renaming_on_the_drafts_page_is_saved(new_app):
    """A name typed on the Drafts page is kept in the store for the next session."""
    app = new_app()
    draft_id = app.session_state["draft"].id
    app.switch_page("pages/drafts.py").run()
    app.text_input(key=f"drafts_name_{draft_id}").input("Phone build").run()
    reopened = new_app(draft=draft_id)
    assert reopened.session_state["draft"].name == "Phone build"
