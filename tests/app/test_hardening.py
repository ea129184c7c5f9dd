"""Input that must not break a page (issue 12): shared links opened twice, damaged drafts in
the store, thousand-digit numbers typed into the wizard."""

from __future__ import annotations

import json

from core.draft.model import Draft
from core.draft.share import to_token
from core.jobs.store import Store
from tests.app.helpers import button, keyed
from tests.app.rendered import shown


def test_opening_the_same_link_twice_stores_one_draft(new_app):
    """The second visit opens the draft the first one stored, not a second copy."""
    token = to_token(Draft(model_s3_uri="s3://b/shared.tar.gz", name="Team draft"))
    first = new_app(d=token)
    second = new_app(d=token)
    assert first.session_state["draft"].id == second.session_state["draft"].id
    assert [d.name for d in Store.default().list_drafts()] == ["Team draft (shared)"]
    assert second.session_state["draft"].name == "Team draft (shared)"


def test_a_stored_draft_that_cannot_be_read_opens_with_its_text_and_a_message(new_app):
    """A damaged saved draft never raises on reload: a message, its raw text, a new draft."""
    Store.default().save_draft("broken1", "Broken", {"max_runtime": "not seconds"}, 0)
    app = new_app(draft="broken1")
    assert not app.exception
    assert any("cannot be opened" in shown(w.value) for w in app.sidebar.warning)
    assert any('"not seconds"' in c.value for c in app.sidebar.code)
    assert app.session_state["draft"].id != "broken1"
    assert Store.default().load_draft("broken1").data == {"max_runtime": "not seconds"}


def test_a_thousand_digit_number_in_the_shapes_or_options_is_a_sentence(new_app):
    """Typed, saved and reloaded, a 5,000-digit number gives a sentence, never a traceback."""
    app = new_app()
    big = "9" * 5000
    keyed(app.text_area, "shapes_json").input(f'{{"input0": [{big}, 3]}}').run()
    assert not app.exception
    button(app, "Next").click().run()
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    keyed(app.text_area, "opt__json").input(f'{{"mattr": ["+neon"], "x": {big}}}').run()
    assert not app.exception
    assert any("4,300 digits" in shown(e.value) for e in app.main.error)
    reopened = new_app(draft=app.session_state["draft"].id)
    assert not reopened.exception
    assert json.dumps(reopened.session_state["draft"].input_shapes).count("9") >= 5000


def test_a_damaged_store_leaves_the_app_working_in_memory_and_saying_so(new_app, data_dir):
    """Garbage in the store's file: every page still works, the sidebar says drafts are not
    saved and why, and the file is left as it was."""
    path = data_dir / "neo-configurator.sqlite3"
    path.write_bytes(b"garbage" * 50)
    app = new_app()
    assert not app.exception
    said = [shown(e.value) for e in app.sidebar.error]
    assert any("not being saved" in t and "neo-configurator.sqlite3" in t for t in said)
    keyed(app.text_input, "model_s3").input("s3://bucket/m.tar.gz").run()
    assert not app.exception
    for page in ("pages/drafts.py", "pages/jobs.py", "pages/fleet.py", "pages/settings.py"):
        app.switch_page(page).run()
        assert not app.exception, page
    assert path.read_bytes() == b"garbage" * 50
