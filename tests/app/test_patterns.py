"""The UI's patterns one at a time, each in a tiny app (AppTest.from_function), not the whole app.

A pattern proved here holds wherever the wizard uses it: widgets bound to the draft, re-seeding
by version, invalid values kept visible in a choice, problems shown beside their field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.helpers import keyed
from tests.app.rendered import shown

TIMEOUT_S = 30
"""A tiny app's first run imports the app's modules (ui, core: seconds on a loaded machine);
AppTest's own 3 s limit timed it out. The conftest's new_app allows the same."""


def tiny_app(script: Callable[[], None]) -> AppTest:
    return AppTest.from_function(script, default_timeout=TIMEOUT_S)


def bound_field() -> None:
    import streamlit as st

    from ui import binding, state

    def replace() -> None:
        binding.update(model_s3_uri="s3://bucket/replaced.tar.gz")
        binding.refresh()

    state.current_draft()
    st.text_input("Model", **binding.bind("model_s3", "model_s3_uri", from_widget=str.strip))
    st.button("Replace the draft's value", on_click=replace)
    st.button("Change it without a refresh", on_click=binding.update, kwargs={"model_s3_uri": "x"})


def test_a_bound_widget_writes_the_draft_and_the_store(data_dir: Path) -> None:
    """An edit reaches the draft through the callback and is saved with it, trimmed."""
    app = tiny_app(bound_field).run()
    keyed(app.text_input, "model_s3").input("  s3://bucket/m.tar.gz ").run()
    draft = app.session_state["draft"]
    assert draft.model_s3_uri == "s3://bucket/m.tar.gz"
    from core.jobs.store import Store

    assert Store.default().load_draft(draft.id).data["model_s3_uri"] == "s3://bucket/m.tar.gz"


def test_a_refresh_reseeds_the_widget_from_the_draft(data_dir: Path) -> None:
    """After the draft changes under it, a refresh gives the widget a new key and its value."""
    app = tiny_app(bound_field).run()
    keyed(app.text_input, "model_s3").input("s3://bucket/typed.tar.gz").run()
    before = keyed(app.text_input, "model_s3").key
    next(b for b in app.button if b.label == "Replace the draft's value").click().run()
    widget = keyed(app.text_input, "model_s3")
    assert widget.key != before
    assert widget.value == "s3://bucket/replaced.tar.gz"


def test_without_a_refresh_the_widget_keeps_what_it_shows(data_dir: Path) -> None:
    """The version is what re-seeds: a draft change alone leaves the widget as it was."""
    app = tiny_app(bound_field).run()
    keyed(app.text_input, "model_s3").input("s3://bucket/typed.tar.gz").run()
    next(b for b in app.button if "without" in b.label).click().run()
    assert keyed(app.text_input, "model_s3").value == "s3://bucket/typed.tar.gz"
    assert app.session_state["draft"].model_s3_uri == "x"


def choice_with_invalid_current() -> None:
    import streamlit as st

    from ui.widgets import with_current

    options, label = with_current(["LINUX", "ANDROID"], "WINDOWS")
    st.selectbox("Os", options, format_func=label, key="os")


def test_an_invalid_value_stays_visible_and_marked() -> None:
    """A value outside the choices is shown first, marked '(not valid)', never swapped."""
    app = tiny_app(choice_with_invalid_current).run()
    box = app.selectbox(key="os")
    assert box.value == "WINDOWS"
    assert box.format_func("WINDOWS") == "WINDOWS (not valid)"
    assert box.format_func("LINUX") == "LINUX"


def problems_beside_fields() -> None:
    from core.errors import Problem
    from ui.widgets import field_problems

    problems = [
        Problem("OutputConfig.TargetDevice", "TargetDevice is wrong."),
        Problem("OutputConfig.CompilerOptions.mcpu", "mcpu is odd.", "warning"),
        Problem("RoleArn", "RoleArn is required."),
    ]
    field_problems(problems, "OutputConfig.CompilerOptions")
    field_problems(problems, "OutputConfig", exact=True)


def test_problems_show_beside_the_field_they_belong_to() -> None:
    """A field shows its own problems and those below it; exact shows only its own."""
    app = tiny_app(problems_beside_fields).run()
    assert [shown(w.value) for w in app.warning] == ["mcpu is odd."]
    assert [shown(e.value) for e in app.error] == []
