"""The two editable tables (tags, input shapes) and the shapes editor per framework."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from core.spec.shapes import convention
from tests.app.helpers import button, edit_table, errors, keyed


def draft(app: AppTest):
    return app.session_state["draft"]


def output_step(new_app) -> AppTest:
    app = new_app()
    for _ in range(3):
        button(app, "Next").click().run()
    return app


def test_every_tag_edit_is_kept(new_app):
    """Item 4: successive edits of the tags table all reach the draft (none is dropped)."""
    app = output_step(new_app)
    edit_table(app, "tags", {"added_rows": [{"Key": "team", "Value": "ml"}]})
    assert draft(app).tags == [{"Key": "team", "Value": "ml"}]
    edit_table(
        app,
        "tags",
        {"added_rows": [{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "dev"}]},
    )
    assert draft(app).tags == [{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "dev"}]
    edit_table(
        app,
        "tags",
        {"added_rows": [{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "prod"}]},
    )
    assert draft(app).tags[1] == {"Key": "env", "Value": "prod"}
    assert not app.exception


def test_tag_problem_shows_in_the_run_of_the_edit(new_app):
    """Item 4: a bad tag's sentence shows beside the table right away, not one run late."""
    app = output_step(new_app)
    edit_table(app, "tags", {"added_rows": [{"Key": "bad{key", "Value": "v"}]})
    assert any("Key 'bad{key' is not valid" in e for e in errors(app))
    edit_table(app, "tags", {"added_rows": [{"Key": "good", "Value": "v"}]})
    assert not any("bad{key" in e for e in errors(app))


def test_tags_table_is_rebuilt_after_leaving_the_step_and_after_an_import(new_app):
    """The table shows the draft's tags when the step is shown again or the draft is replaced."""
    app = output_step(new_app)
    edit_table(app, "tags", {"added_rows": [{"Key": "team", "Value": "ml"}]})
    button(app, "Back").click().run()
    button(app, "Next").click().run()
    assert keyed(app.data_editor, "tags").value.to_dict("records") == [
        {"Key": "team", "Value": "ml"}
    ]
    edit_table(app, "tags", {"edited_rows": {0: {"Value": "research"}}})
    assert draft(app).tags == [{"Key": "team", "Value": "research"}]


def test_every_shape_edit_is_kept_and_its_problem_is_fresh(new_app):
    """Item 4: shapes table edits all land, and "required" goes in the run of the edit."""
    app = new_app()
    assert any("DataInputConfig is required" in e for e in errors(app))
    edit_table(app, "shapes_table", {"added_rows": [{"Input name": "x", "Shape": "1, 3"}]})
    assert json.loads(draft(app).input_shapes) == {"x": [1, 3]}
    assert not any("DataInputConfig is required" in e for e in errors(app))
    edit_table(
        app,
        "shapes_table",
        {
            "added_rows": [
                {"Input name": "x", "Shape": "1, 3"},
                {"Input name": "y", "Shape": "1, 10"},
            ]
        },
    )
    assert json.loads(draft(app).input_shapes) == {"x": [1, 3], "y": [1, 10]}
    assert json.loads(keyed(app.text_area, "shapes_json").value) == {"x": [1, 3], "y": [1, 10]}


def test_a_row_that_is_no_shape_is_kept_and_explained(new_app):
    """A shape typed '1, x' stays in the draft and core says what is wrong with it."""
    app = new_app()
    edit_table(app, "shapes_table", {"added_rows": [{"Input name": "x", "Shape": "1, x"}]})
    assert json.loads(draft(app).input_shapes) == {"x": "1, x"}
    assert any("The shape of 'x' must be a non-empty list" in e for e in errors(app))


def test_empty_shapes_show_no_example_rows_but_the_example_caption(new_app):
    """Item 8: with no shapes the table is empty; the framework's example is in the caption."""
    app = new_app()
    assert draft(app).input_shapes == ""
    assert keyed(app.data_editor, "shapes_table").value.empty
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
    table = keyed(app.data_editor, "shapes_table").value
    assert table["Shape"].tolist() == ["1, 3, 224, 224"]
    assert table["Input name"].tolist() == [""]
    edit_table(app, "shapes_table", {"added_rows": [{"Shape": "1, 10"}]})
    assert json.loads(draft(app).input_shapes) == [[1, 3, 224, 224], [1, 10]]
    reopened = new_app(draft=draft(app).id)
    assert keyed(reopened.radio, "shapes_mode").value == "List of shapes"


def test_empty_list_form_is_remembered(new_app):
    """Item 8: the form chosen with no shapes yet is saved, and the first row follows it."""
    app = new_app()
    keyed(app.radio, "shapes_mode").set_value("List of shapes").run()
    reopened = new_app(draft=draft(app).id)
    assert keyed(reopened.radio, "shapes_mode").value == "List of shapes"
    edit_table(reopened, "shapes_table", {"added_rows": [{"Shape": "1, 3"}]})
    assert json.loads(draft(reopened).input_shapes) == [[1, 3]]


def test_xgboost_says_it_needs_no_shapes_and_offers_to_clear_them(new_app):
    """Item 8: leftover shapes under XGBoost say 'takes no input shapes', and can be removed."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input("[[1, 3, 224, 224]]").run()
    keyed(app.selectbox, "framework").set_value("XGBOOST").run()
    assert any(i.value == "XGBOOST takes no input shapes." for i in app.main.info)
    assert any(e == "XGBOOST takes no input shapes; remove DataInputConfig." for e in errors(app))
    assert not any("like ;" in e or "only PyTorch" in e for e in errors(app))
    button(app, "Remove the input shapes").click().run()
    assert draft(app).input_shapes == ""
    assert not any("DataInputConfig" in e or "input shapes" in e for e in errors(app))


def test_a_list_under_a_named_framework_can_be_named(new_app):
    """A list of shapes left from PyTorch gets a button that names the inputs for TensorFlow."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input("[[1, 224, 224, 3]]").run()
    keyed(app.selectbox, "framework").set_value("TENSORFLOW").run()
    assert any("needs named inputs" in e for e in errors(app))
    button(app, "Name the inputs (input0, input1, ...)").click().run()
    assert json.loads(draft(app).input_shapes) == {"input0": [1, 224, 224, 3]}
