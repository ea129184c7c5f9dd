"""The two editable tables (tags, input shapes) and the shapes editor per framework.

AppTest cannot type into an st.data_editor: here the draft is set through the JSON tab or an
import, and the tables' edits themselves are tested in Chromium (tests/e2e/test_tables.py).
"""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from core.spec.shapes import convention
from tests.app.helpers import button, errors, keyed, open_tab
from tests.app.rendered import shown
from ui import keys


def draft(app: AppTest):
    return app.session_state["draft"]


def import_request(app: AppTest, request: dict[str, Any]) -> AppTest:
    """Pastes a full request into the import panel and imports it (the wizard goes to Review)."""
    app.text_area(key="import_text").input(json.dumps(request)).run()
    return button(app, "Import").click().run()


def shapes_tab(app: AppTest, label: str) -> AppTest:
    return open_tab(app, keys.SHAPES_TAB, label)


def tags_rows(app: AppTest) -> list[dict[str, str]]:
    return keyed(app.data_editor, "tags").value.to_dict("records")


def test_tags_table_is_rebuilt_after_leaving_the_step_and_after_an_import(new_app, valid_request):
    """The table shows the draft's tags when the step is shown again or the draft is replaced."""
    app = new_app()
    import_request(app, {**valid_request, "Tags": [{"Key": "team", "Value": "ml"}]})
    button(app, "Back").click().run()
    assert app.subheader[0].value == "Output and job"
    assert tags_rows(app) == [{"Key": "team", "Value": "ml"}]
    button(app, "Back").click().run()
    button(app, "Next").click().run()
    assert tags_rows(app) == [{"Key": "team", "Value": "ml"}]
    import_request(app, {**valid_request, "Tags": [{"Key": "env", "Value": "prod"}]})
    button(app, "Back").click().run()
    assert tags_rows(app) == [{"Key": "env", "Value": "prod"}]
    assert draft(app).tags == [{"Key": "env", "Value": "prod"}]


def test_shapes_table_follows_the_json_tab(new_app):
    """Shapes typed in the JSON tab show in the table, a row per input, at once."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input('{"x": [1, 3], "y": [1, 10]}').run()
    table = keyed(shapes_tab(app, "Table").data_editor, "shapes_table").value
    assert table.to_dict("records") == [
        {"Input name": "x", "Shape": "1, 3"},
        {"Input name": "y", "Shape": "1, 10"},
    ]


def test_only_the_open_shapes_tab_is_drawn(new_app):
    """The grid (the first page's heaviest element) is drawn only once its tab is opened, and
    then the JSON box is not: a hidden tab costs nothing."""
    app = new_app()
    assert not [e for e in app.data_editor if e.key and "shapes_table" in e.key]
    assert keyed(app.text_area, "shapes_json")
    shapes_tab(app, "Table")
    assert keyed(app.data_editor, "shapes_table")
    assert not [t for t in app.text_area if t.key and "shapes_json" in t.key]


def test_empty_shapes_show_no_example_rows_but_the_example_caption(new_app):
    """Item 8: with no shapes the table is empty; the framework's example is in the caption."""
    app = new_app()
    assert draft(app).input_shapes == ""
    assert keyed(shapes_tab(app, "Table").data_editor, "shapes_table").value.empty
    example = convention("PYTORCH").example
    assert any(example in c.value for c in app.caption)


def test_caption_fits_each_framework(new_app):
    """Item 10: the caption names each framework's form, layout and example."""
    app = new_app()
    for framework in ["TENSORFLOW", "MXNET", "KERAS", "PYTORCH"]:
        keyed(app.selectbox, "framework").set_value(framework).run()
        conv = convention(framework)
        caption = next(c.value for c in app.caption if "Example" in c.value)
        assert framework in caption and conv.example in caption and conv.layout in caption
        assert ("list of shapes" in caption) == conv.list_form


def test_pytorch_list_form_converts_and_is_saved(new_app):
    """Item 8: choosing 'List of shapes' converts the draft at once and survives a reload."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input('{"input0": [1, 3, 224, 224]}').run()
    keyed(app.radio, "shapes_mode").set_value("List of shapes").run()
    assert json.loads(draft(app).input_shapes) == [[1, 3, 224, 224]]
    table = keyed(shapes_tab(app, "Table").data_editor, "shapes_table").value
    assert table["Shape"].tolist() == ["1, 3, 224, 224"]
    assert table["Input name"].tolist() == [""]
    shapes_json = keyed(shapes_tab(app, "JSON").text_area, "shapes_json")
    shapes_json.input("[[1, 3, 224, 224], [1, 10]]").run()
    table = keyed(shapes_tab(app, "Table").data_editor, "shapes_table").value
    assert table["Shape"].tolist() == ["1, 3, 224, 224", "1, 10"]
    reopened = new_app(draft=draft(app).id)
    assert keyed(reopened.radio, "shapes_mode").value == "List of shapes"


def test_named_inputs_come_back_after_a_round_trip_through_the_list_form(new_app):
    """Named -> list -> named gives the user's names back (they became input0, input1), also
    after a reload; other shapes typed since (here a new list as long) get input0, input1..."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input('{"a": [1, 3, 224, 224], "b": [1, 10]}').run()
    keyed(app.radio, "shapes_mode").set_value("List of shapes").run()
    assert json.loads(draft(app).input_shapes) == [[1, 3, 224, 224], [1, 10]]
    app = new_app(draft=draft(app).id)
    keyed(app.radio, "shapes_mode").set_value("Named inputs").run()
    assert json.loads(draft(app).input_shapes) == {"a": [1, 3, 224, 224], "b": [1, 10]}
    keyed(app.radio, "shapes_mode").set_value("List of shapes").run()
    keyed(shapes_tab(app, "JSON").text_area, "shapes_json").input("[[1, 3, 8, 8], [1, 2]]").run()
    keyed(app.radio, "shapes_mode").set_value("Named inputs").run()
    assert json.loads(draft(app).input_shapes) == {"input0": [1, 3, 8, 8], "input1": [1, 2]}


def test_empty_list_form_is_remembered(new_app):
    """Item 8: the form chosen with no shapes yet is saved, and the first row follows it."""
    app = new_app()
    keyed(app.radio, "shapes_mode").set_value("List of shapes").run()
    reopened = new_app(draft=draft(app).id)
    assert keyed(reopened.radio, "shapes_mode").value == "List of shapes"
    assert draft(reopened).shapes_list
    assert keyed(shapes_tab(reopened, "Table").data_editor, "shapes_table").value.empty
    # the first row typed into the table follows the form: tests/e2e/test_tables.py


def test_xgboost_says_it_needs_no_shapes_and_offers_to_clear_them(new_app):
    """Item 8: leftover shapes under XGBoost say 'takes no input shapes', and can be removed."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input("[[1, 3, 224, 224]]").run()
    keyed(app.selectbox, "framework").set_value("XGBOOST").run()
    said = [shown(w.value) for w in app.main.warning]
    assert any("XGBOOST takes no input shapes" in w for w in said), said
    assert not any("like ;" in e or "only PyTorch" in e for e in [*errors(app), *said])
    button(app, "Remove the input shapes").click().run()
    assert draft(app).input_shapes == ""
    assert not any("input shapes" in shown(w.value) for w in app.main.warning)
    assert any(i.value == "XGBOOST takes no input shapes." for i in app.main.info)


def test_a_list_under_a_named_framework_can_be_named(new_app):
    """A list of shapes left from PyTorch gets a button that names the inputs for TensorFlow."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input("[[1, 224, 224, 3]]").run()
    keyed(app.selectbox, "framework").set_value("TENSORFLOW").run()
    assert any("needs named inputs" in e for e in errors(app))
    button(app, "Name the inputs").click().run()
    assert json.loads(draft(app).input_shapes) == {"input0": [1, 224, 224, 3]}
