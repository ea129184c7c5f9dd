"""The Drafts page: several drafts kept, named, reopened and deleted."""

from __future__ import annotations

from core.jobs.store import Store
from tests.app.helpers import button, keyed
from tests.app.rendered import shown
from ui import sidebar


def test_drafts_can_be_named_reopened_and_deleted(new_app):
    """A second draft is listed beside the first; reopening brings its content; delete removes."""
    app = new_app()
    first = app.session_state["draft"]
    app.text_input(key="sidebar_draft_name").input("Jetson model").run()
    keyed(app.text_input, "model_s3").input("s3://bucket/first.tar.gz").run()
    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()
    second = app.session_state["draft"]
    assert second.id != first.id and second.model_s3_uri == ""
    # it opens in the wizard, as Open does: on Drafts nothing showed it (it is not saved yet)
    assert keyed(app.text_input, "model_s3").value == ""
    assert "draft" not in app.query_params  # not stored yet: a reload must not look it up
    app.switch_page("app_pages/drafts.py").run()
    names = [t.value for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert names == ["Jetson model"]  # a new, untouched draft is not saved, so not listed
    app.switch_page("app_pages/configure.py").run()
    keyed(app.text_input, "model_s3").input("s3://bucket/models/second.tar.gz").run()
    app.switch_page("app_pages/drafts.py").run()
    names = [t.value for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert names == ["ml_c5 · second.tar.gz", "Jetson model"]  # named by target and model

    app.button(key=f"drafts_open_{first.id}").click().run()
    app.run()
    assert app.session_state["draft"].id == first.id
    assert app.session_state["draft"].model_s3_uri == "s3://bucket/first.tar.gz"

    app.switch_page("app_pages/drafts.py").run()
    app.button(key=f"drafts_delete_{second.id}").click().run()
    keys = [t.key for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert keys == [f"drafts_name_{first.id}"]
    assert any("Deleted the draft" in shown(s.value) for s in app.success)
    button(app, "Undo").click().run()
    keys = [t.key for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert keys == [f"drafts_name_{second.id}", f"drafts_name_{first.id}"]


def test_renaming_on_the_drafts_page_is_saved(new_app):
    """A name typed on the Drafts page is kept in the store for the next session."""
    app = new_app()
    draft_id = app.session_state["draft"].id
    keyed(app.text_input, "model_s3").input("s3://bucket/phone.tar.gz").run()
    app.switch_page("app_pages/drafts.py").run()
    app.text_input(key=f"drafts_name_{draft_id}").input("Phone build").run()
    reopened = new_app(draft=draft_id)
    assert reopened.session_state["draft"].name == "Phone build"


def test_opening_the_app_saves_no_draft(new_app):
    """A visit that changes nothing leaves the store empty and the URL without a draft."""

    app = new_app()
    assert Store.default().list_drafts() == []
    assert "draft" not in app.query_params
    keyed(app.text_input, "model_s3").input("s3://bucket/m.tar.gz").run()
    assert [d.id for d in Store.default().list_drafts()] == [app.session_state["draft"].id]
    assert app.query_params["draft"] == app.session_state["draft"].id


def test_drafts_can_be_searched(new_app):
    """The search box narrows the list by name, target or model, and says what it hides."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://bucket/resnet.tar.gz").run()
    app.switch_page("app_pages/drafts.py").run()
    app.text_input(key="drafts_search").input("resnet").run()
    assert len([t for t in app.text_input if (t.key or "").startswith("drafts_name_")]) == 1
    app.text_input(key="drafts_search").input("mobilenet").run()
    assert not [t for t in app.text_input if (t.key or "").startswith("drafts_name_")]
    assert any("hides all 1 saved drafts" in shown(i.value) for i in app.info)


def test_drafts_are_found_by_the_preset_in_use(new_app):
    """A Jetson TX2 draft names its target LINUX / ARM64 / NVIDIA; "jetson tx2" finds it by its
    preset."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_jetson-tx2").click().run()
    app.switch_page("app_pages/drafts.py").run()
    app.text_input(key="drafts_search").input("jetson tx2").run()
    assert len([t for t in app.text_input if (t.key or "").startswith("drafts_name_")]) == 1
    app.text_input(key="drafts_search").input("raspberry").run()
    assert not [t for t in app.text_input if (t.key or "").startswith("drafts_name_")]


def test_drafts_are_found_by_their_job_name(new_app):
    """Three imported drafts read "ml_c5 · model.tar.gz" alike; the job name they were
    imported with found none of them."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://bucket/model.tar.gz").run()
    app.session_state["draft"].job_name = "my-resnet-job"
    keyed(app.text_input, "model_s3").input("s3://bucket/model2.tar.gz").run()  # saved
    app.switch_page("app_pages/drafts.py").run()
    app.text_input(key="drafts_search").input("resnet-job").run()
    assert len([t for t in app.text_input if (t.key or "").startswith("drafts_name_")]) == 1


def test_the_same_draft_in_two_tabs_never_silently_erases_an_edit(new_app):
    """Tab B saves first; tab A's edit is refused, said, and A chooses: keep a copy or reload."""
    a = new_app()
    keyed(a.text_input, "model_s3").input("s3://bucket/a.tar.gz").run()
    draft_id = a.session_state["draft"].id
    b = new_app(draft=draft_id)
    keyed(b.text_input, "model_s3").input("s3://bucket/b.tar.gz").run()
    keyed(a.text_input, "model_s3").input("s3://bucket/a2.tar.gz").run()
    assert any("changed in another tab" in shown(w.value) for w in a.warning)
    assert any("not being saved" in shown(t.value) for t in a.toast)  # seen wherever one is

    assert Store.default().load_draft(draft_id).data["model_s3_uri"] == "s3://bucket/b.tar.gz"
    button(a, "Keep this copy as a new draft").click().run()
    copy = a.session_state["draft"]
    assert copy.id != draft_id and copy.model_s3_uri == "s3://bucket/a2.tar.gz"
    assert Store.default().load_draft(copy.id).data["model_s3_uri"] == "s3://bucket/a2.tar.gz"
    assert Store.default().load_draft(draft_id).data["model_s3_uri"] == "s3://bucket/b.tar.gz"


def test_a_rename_in_another_tab_is_no_conflict_and_its_name_is_taken(new_app):
    """Renaming the draft on Drafts in tab B stopped tab A's edits from being saved (the
    browser trial: 3 of 3); a rename alone leaves the content as A knows it. Content changed
    in B after that is a conflict as before."""
    a = new_app()
    keyed(a.text_input, "model_s3").input("s3://bucket/a.tar.gz").run()
    draft_id = a.session_state["draft"].id
    b = new_app(draft=draft_id)
    b.switch_page("app_pages/drafts.py").run()
    b.text_input(key=f"drafts_name_{draft_id}").input("Renamed in B").run()
    keyed(a.text_input, "model_s3").input("s3://bucket/a2.tar.gz").run()
    assert not any("changed in another tab" in shown(w.value) for w in a.warning)
    stored = Store.default().load_draft(draft_id)
    assert stored.data["model_s3_uri"] == "s3://bucket/a2.tar.gz"
    assert stored.name == a.session_state["draft"].name == "Renamed in B"
    assert a.session_state["sidebar_draft_name"] == "Renamed in B"  # the sidebar says it
    c = new_app(draft=draft_id)
    keyed(c.text_input, "model_s3").input("s3://bucket/c.tar.gz").run()
    keyed(a.text_input, "model_s3").input("s3://bucket/a3.tar.gz").run()
    assert any("changed in another tab" in shown(w.value) for w in a.warning)


def test_a_draft_deleted_in_another_tab_and_put_back_can_be_reloaded(new_app):
    """After the other tab's Undo, the banner no longer says the draft is deleted: it offers
    the stored draft (Reload stayed disabled, the warning stale)."""
    a = new_app()
    keyed(a.text_input, "model_s3").input("s3://bucket/a.tar.gz").run()
    draft_id = a.session_state["draft"].id
    b = new_app(draft=draft_id)
    b.switch_page("app_pages/drafts.py").run()
    b.button(key=f"drafts_delete_{draft_id}").click().run()
    keyed(a.text_input, "model_s3").input("s3://bucket/a2.tar.gz").run()
    assert any("deleted in another tab" in shown(w.value) for w in a.warning)
    button(b, "Undo").click().run()
    keyed(a.text_input, "model_s3").input("s3://bucket/a3.tar.gz").run()

    assert not any("deleted in another tab" in shown(w.value) for w in a.warning)
    banner = next(shown(w.value) for w in a.warning if "changed in another tab" in shown(w.value))
    stored = Store.default().load_draft(draft_id).updated_at[:19].replace("T", " ")
    assert f"the stored copy was last edited at {stored} UTC" in banner, banner
    assert not button(a, "Reload the stored draft").disabled
    button(a, "Reload the stored draft").click().run()
    assert a.session_state["draft"].model_s3_uri == "s3://bucket/a.tar.gz"


def test_a_conflict_can_be_resolved_by_reloading_the_stored_draft(new_app):
    """Reload takes the other tab's saved draft into this tab, widgets included."""
    a = new_app()
    keyed(a.text_input, "model_s3").input("s3://bucket/a.tar.gz").run()
    b = new_app(draft=a.session_state["draft"].id)
    keyed(b.text_input, "model_s3").input("s3://bucket/b.tar.gz").run()
    keyed(a.text_input, "model_s3").input("s3://bucket/a2.tar.gz").run()
    button(a, "Reload the stored draft").click().run()
    assert a.session_state["draft"].model_s3_uri == "s3://bucket/b.tar.gz"
    assert keyed(a.text_input, "model_s3").value == "s3://bucket/b.tar.gz"
    assert not any("changed in another tab" in shown(w.value) for w in a.warning)
    keyed(a.text_input, "model_s3").input("s3://bucket/a3.tar.gz").run()
    assert not any("changed in another tab" in shown(w.value) for w in a.warning)


def test_a_draft_goes_by_one_name_everywhere(new_app):
    """An unnamed draft is called by its target and model in the sidebar (as the field's
    placeholder), in the Drafts list and in the Deleted message (which said "Untitled draft");
    names are cut to state.NAME_MAX characters, with a word (test_a_long_name_...)."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://bucket/models/cnn.tar.gz").run()
    draft = app.session_state["draft"]
    configure = new_app(draft=draft.id)  # AppTest keeps a session's first sidebar only
    sidebar_name = configure.text_input(key="sidebar_draft_name")
    # beside Configure's fragment the title would go stale as the target or model changes
    # (the other pages show it: tests/e2e/test_navigation_and_review.py)
    assert sidebar_name.value == "" and sidebar_name.placeholder == sidebar.UNNAMED_HINT
    app.switch_page("app_pages/drafts.py").run()
    row = app.text_input(key=f"drafts_name_{draft.id}")
    assert row.value == "ml_c5 · cnn.tar.gz"
    button(app, "New draft").click().run()
    app.switch_page("app_pages/drafts.py").run()
    app.button(key=f"drafts_delete_{draft.id}").click().run()
    said = [shown(s.value) for s in app.success]
    assert "Deleted the draft ml_c5 · cnn.tar.gz." in said, said


def test_a_long_name_is_cut_to_its_first_120_characters_and_said(new_app):
    """The name fields set max_chars: a browser paste past it was dropped whole (the field
    stayed empty). Now any length is taken, cut, and the cut said."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://bucket/models/cnn.tar.gz").run()
    draft = app.session_state["draft"]
    app.switch_page("app_pages/drafts.py").run()
    row = app.text_input(key=f"drafts_name_{draft.id}")
    assert row.max_chars == app.text_input(key="sidebar_draft_name").max_chars == 0  # none set
    row.input("  " + "x" * 400).run()
    assert app.session_state["draft"].name == "x" * 120
    assert app.text_input(key=f"drafts_name_{draft.id}").value == "x" * 120
    assert any("cut to its first 120 characters" in shown(t.value) for t in app.toast)
    app.text_input(key="sidebar_draft_name").input("y" * 121).run()
    assert app.session_state["draft"].name == "y" * 120


def test_undoing_the_delete_of_the_open_draft_opens_it_again(new_app):
    """Deleting the draft open in this tab opens a blank one; Undo put the draft back in the
    list but left the tab blank, its address gone from the URL."""
    app = new_app()
    draft = app.session_state["draft"]
    keyed(app.text_input, "model_s3").input("s3://bucket/kept.tar.gz").run()
    app.switch_page("app_pages/drafts.py").run()
    app.button(key=f"drafts_delete_{draft.id}").click().run()
    assert app.session_state["draft"].id != draft.id
    button(app, "Undo").click().run()
    app.run()
    assert app.session_state["draft"].id == draft.id
    assert app.session_state["draft"].model_s3_uri == "s3://bucket/kept.tar.gz"
    assert app.query_params["draft"] == draft.id
    keyed_rows = [t.key for t in app.text_input if t.key and t.key.startswith("drafts_name_")]
    assert keyed_rows == [f"drafts_name_{draft.id}"]


def test_configure_entered_from_another_page_draws_its_fields_from_the_draft(new_app):
    """A field's value left in the session while another page was shown (the browser's late
    edit of a paste box brings Configure's values back, which it then draws blank) is not
    what the field shows: the draft's value is, and so is the kept choice of a tab."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://bucket/model.tar.gz").run()
    s3_key = keyed(app.text_input, "model_s3").key
    app.switch_page("app_pages/jobs.py").run()
    app.session_state[s3_key] = "s3://late/edit.tar.gz"  # as the late edit leaves it
    app.session_state["import_text"] = '{"TargetDevice": "ml_c4"}'
    app.switch_page("app_pages/configure.py").run()
    assert keyed(app.text_input, "model_s3").value == "s3://bucket/model.tar.gz"
    assert app.text_area(key="import_text").value == ""
    assert app.session_state["draft"].model_s3_uri == "s3://bucket/model.tar.gz"


def test_the_drafts_search_and_jobs_filters_outlive_a_visit_to_another_page(new_app):
    """Fleet kept its choices across a visit to another page; Drafts' search and Jobs'
    filters came back empty."""
    app = new_app()
    app.switch_page("app_pages/drafts.py").run()
    app.text_input(key="drafts_search").input("resnet").run()
    app.switch_page("app_pages/jobs.py").run()
    app.selectbox(key="jobs_status").set_value("FAILED").run()
    app.text_input(key="jobs_name").input("nightly").run()
    app.switch_page("app_pages/configure.py").run()
    app.switch_page("app_pages/drafts.py").run()
    assert app.text_input(key="drafts_search").value == "resnet"
    app.switch_page("app_pages/jobs.py").run()
    assert app.selectbox(key="jobs_status").value == "FAILED"
    assert app.text_input(key="jobs_name").value == "nightly"
