"""Input that must not break a page (issue 12): shared links opened twice, damaged drafts in
the store, thousand-digit numbers typed into the wizard."""

from __future__ import annotations

import json

import pytest

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
    unnamed = to_token(Draft(model_s3_uri="s3://b/cnn.tar.gz"))
    assert new_app(d=unnamed).session_state["draft"].name == "ml_c5 · cnn.tar.gz (shared)"


def test_a_stored_draft_that_cannot_be_read_opens_with_its_text_and_a_message(new_app):
    """A damaged saved draft never raises on reload: a message, its raw text, a new draft."""
    Store.default().save_draft("broken1", "Broken", {"max_runtime": {"seconds": 1}}, 0)
    app = new_app(draft="broken1")
    assert not app.exception
    assert any("cannot be opened" in shown(w.value) for w in app.sidebar.warning)
    assert any('"seconds": 1' in c.value for c in app.sidebar.code)
    assert app.session_state["draft"].id != "broken1"
    assert Store.default().load_draft("broken1").data == {"max_runtime": {"seconds": 1}}


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
    for page in ("drafts", "jobs", "fleet", "settings"):
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, page
    assert path.read_bytes() == b"garbage" * 50


def output_step(new_app):
    app = new_app()
    for _ in range(3):
        button(app, "Next").click().run()
    assert app.subheader[0].value == "Output and job"
    return app


def field_errors(app) -> list[str]:
    return [shown(e.value) for e in app.error]


@pytest.mark.parametrize("typed", ["9" * 5000, "21.5", "-5 s"])
def test_a_runtime_that_is_no_whole_number_is_kept_and_called_wrong(new_app, typed):
    """What was typed stays in the field (and after a reload), with a sentence under it;
    never 0, 1 or 21 as a browser's number field made of it. A whole number then applies."""
    app = output_step(new_app)
    keyed(app.text_input, "max_runtime").input(typed).run()
    assert not app.exception
    assert keyed(app.text_input, "max_runtime").value == typed
    said = [e for e in field_errors(app) if "MaxRuntimeInSeconds" in e or "integer" in e]
    assert said and all(len(e) < 300 for e in said)  # no 5,000 digits echoed
    reopened = new_app(draft=app.session_state["draft"].id)
    assert keyed(reopened.text_input, "max_runtime").value == typed
    keyed(reopened.text_input, "max_runtime").input("1800").run()
    assert reopened.session_state["draft"].to_api()["StoppingCondition"] == {
        "MaxRuntimeInSeconds": 1800
    }
    assert not [e for e in field_errors(reopened) if "MaxRuntimeInSeconds" in e]


def test_a_runtime_written_another_way_is_the_number_it_writes(new_app):
    """1e3 is 1000 seconds (a browser's number field sent 1), 900.0 is 900."""
    app = output_step(new_app)
    for typed, seconds in (("1e3", 1000), ("900.0", 900)):
        keyed(app.text_input, "max_runtime").input(typed).run()
        stopping = app.session_state["draft"].to_api()["StoppingCondition"]
        assert stopping == {"MaxRuntimeInSeconds": seconds}


@pytest.mark.parametrize("typed", ["9" * 5000, "21.5", "twenty"])
def test_android_platform_that_is_no_whole_number_is_kept_and_called_wrong(new_app, typed):
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_armv8-phone").click().run()
    button(app, "Next").click().run()
    keyed(app.text_input, "opt_ANDROID_PLATFORM").input(typed).run()
    assert not app.exception
    assert keyed(app.text_input, "opt_ANDROID_PLATFORM").value == typed
    assert app.session_state["draft"].options["ANDROID_PLATFORM"] == typed
    assert any("ANDROID_PLATFORM" in e for e in field_errors(app))
    keyed(app.text_input, "opt_ANDROID_PLATFORM").input("27").run()
    assert app.session_state["draft"].options["ANDROID_PLATFORM"] == 27
    assert not any("ANDROID_PLATFORM" in e for e in field_errors(app))


def test_a_huge_paste_into_a_field_stays_there_but_not_in_the_draft(new_app):
    """A 10 MB KMS key: the field keeps it, across steps too, and says why it is not used; the
    draft, the preview and the store hold none of it, Review counts it as a problem (it said
    "valid" and offered the earlier value), and the next ordinary value is taken again."""
    app = output_step(new_app)
    keyed(app.text_input, "kms").input("alias/Mine").run()
    big = "a" * 10_000_000
    keyed(app.text_input, "kms").input(big).run()
    assert not app.exception
    assert keyed(app.text_input, "kms").value == big
    assert app.session_state["draft"].kms_key_id == "alias/Mine"
    assert any("10,000,000 characters" in e for e in field_errors(app))
    assert all(len(c.value) < 100_000 for c in app.code)
    (record,) = Store.default().list_drafts()
    assert len(json.dumps(record.data)) < 100_000
    button(app, "Next").click().run()
    assert app.subheader[0].value == "Review"
    assert not any("This request is valid" in s.value for s in app.main.success)
    listed = " ".join(shown(m.value) for m in app.main.markdown)
    assert "OutputConfig.KmsKeyId" in listed and "10,000,000 characters" in listed
    button(app, "Back").click().run()  # the field still holds what was typed, and says so
    assert keyed(app.text_input, "kms").value == big
    assert any("10,000,000 characters" in e for e in field_errors(app))
    keyed(app.text_input, "kms").input("alias/Other").run()
    assert app.session_state["draft"].kms_key_id == "alias/Other"
    assert not any("characters long" in e for e in field_errors(app))
    assert "too_long_text" not in app.session_state or not app.session_state["too_long_text"]


def test_a_huge_draft_name_is_cut_to_the_fields_length(new_app):
    """The sidebar's and the Drafts page's name fields: a 10 MB paste is cut to the fields'
    120 characters (state.NAME_MAX), as the browser cuts it, and that is the name stored."""
    app = new_app()
    big = "n" * 10_000_000
    # set_value: sent as it is (AppTest's input() ignores text past max_chars, as the browser
    # does); the server cuts it. AppTest keeps the first run's sidebar.
    app.text_input(key="sidebar_draft_name").set_value(big).run()
    assert not app.exception
    assert app.session_state["draft"].name == "n" * 120
    keyed(app.text_input, "model_s3").input("s3://bucket/m.tar.gz").run()  # saved from now on
    app.switch_page("app_pages/drafts.py").run()
    field = app.text_input(key=f"drafts_name_{app.session_state['draft'].id}")
    field.set_value(big).run()
    assert not app.exception
    draft_id = app.session_state["draft"].id
    assert [r.name for r in Store.default().list_drafts() if r.id == draft_id] == ["n" * 120]
    assert app.text_input(key=f"drafts_name_{draft_id}").value == "n" * 120


def test_a_huge_paste_into_an_option_field_stays_there_but_not_in_the_draft(new_app):
    """The options form's fields take the same limit: mcpu keeps its value in the draft."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    before = dict(app.session_state["draft"].options)
    keyed(app.text_input, "opt_mcpu").input("m" * 1_000_000).run()
    assert not app.exception
    assert app.session_state["draft"].options == before
    assert any("1,000,000 characters" in e for e in field_errors(app))


def test_a_documented_limit_is_said_at_its_field_before_the_rest_is_filled(new_app):
    """A new draft's runtime over 28 days is said beside the field at once (rule
    stopping/max-runtime-28-days, a warning), not only once the model and role are filled in."""
    app = output_step(new_app)
    keyed(app.text_input, "max_runtime").input("3000000").run()
    said = [shown(w.value) for w in app.main.warning if "MaxRuntimeInSeconds" in shown(w.value)]
    assert said and "28 days" in said[0]
    assert not [e for e in field_errors(app) if "MaxRuntimeInSeconds" in e]
    keyed(app.text_input, "max_runtime").input("1800").run()
    assert not [w for w in app.main.warning if "MaxRuntimeInSeconds" in shown(w.value)]


def test_a_huge_paste_into_the_options_json_box_stays_there_but_not_in_the_draft(new_app):
    """The 'Edit as JSON' box takes the same limit as every field: 10 MB stays in the box with
    a sentence under it; the draft and the store keep the options they had."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    before = dict(app.session_state["draft"].options)
    big = '{"mcpu": "' + "a" * 10_000_000 + '"}'
    keyed(app.text_area, "opt__json").input(big).run()
    assert not app.exception
    assert keyed(app.text_area, "opt__json").value == big
    assert app.session_state["draft"].options == before
    assert app.session_state["draft"].options_text is None
    assert any("10,000,012 characters" in e for e in field_errors(app))
    (record,) = Store.default().list_drafts()
    assert len(json.dumps(record.data)) < 100_000
