"""Import on the Configure page: wrong types, what replaces what, the report, uploads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from core.jobs.store import Store
from tests.app.helpers import button, errors, keyed
from tests.app.rendered import shown
from tests.conftest import VALID_REQUEST

OUTPUT = {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"}


def draft(app: AppTest):
    return app.session_state["draft"]


def paste_and_import(app: AppTest, text: str) -> AppTest:
    app.text_area(key="import_text").input(text).run()
    return button(app, "Import").click().run()


def markdown(app: AppTest) -> str:
    return "\n".join(shown(m.value) for m in app.markdown)


WRONG_TYPES: dict[str, dict[str, Any]] = {
    "runtime text": {"StoppingCondition": {"MaxRuntimeInSeconds": "abc"}},
    "stopping text": {"StoppingCondition": "900"},
    "groups text": {"VpcConfig": {"SecurityGroupIds": "sg-1", "Subnets": "subnet-1"}},
    "tags object": {"Tags": {"a": "b"}},
    "tag value number": {"Tags": [{"Key": "a", "Value": 1}]},
    "tag null": {"Tags": [None]},
    "role number": {"RoleArn": 123},
    "uri number": {"InputConfig": {"S3Uri": 5, "Framework": "MXNET"}},
    "sections text": {"InputConfig": "x", "OutputConfig": "y"},
}


@pytest.mark.parametrize("fields", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrongly_typed_import_shows_sentences_and_every_step_renders(new_app, fields):
    """Issue 3 item 1: a wrong type is reported in the import panel, never as a traceback."""
    app = new_app()
    request = {**json.loads(json.dumps(VALID_REQUEST)), **fields}
    paste_and_import(app, json.dumps(request))
    assert not app.exception
    assert app.main.success  # imported
    text = markdown(app)
    assert "Repairs made" in text or "Not imported as given" in text
    for step in range(5):
        draft(app).step = step
        app.run()
        assert not app.exception, (step, app.exception)


def test_a_value_not_imported_is_said_once(new_app):
    """Broken CompilerOptions were listed twice under "Not imported as given": the reader's
    sentence and the draft's, in two wordings."""
    app = new_app()
    broken = '{"OutputConfig": {"TargetDevice": "rasp4b", "CompilerOptions": "{\\"mattr\\": 1"}}'
    paste_and_import(app, broken)
    shown_texts = [shown(m.value) for m in app.markdown]
    listed = shown_texts[shown_texts.index("**Not imported as given** (fill these in)") + 1]
    assert listed.count("OutputConfig.CompilerOptions") == 1, listed
    assert "kept in 'Edit as JSON' on the Compiler options step" in listed


def test_full_import_replaces_the_old_draft(new_app):
    """Item 6: old VPC, tags and role do not survive a full request that lacks them."""
    app = new_app()
    for _ in range(3):
        button(app, "Next").click().run()
    keyed(app.text_input, "sgs").input("sg-0123456789abcdef0").run()
    keyed(app.text_input, "role").input("arn:aws:iam::111111111111:role/Old").run()
    before = draft(app)
    request = json.loads(json.dumps(VALID_REQUEST))
    request.pop("CompilationJobName")
    request["RoleArn"] = "arn:aws:iam::123456789012:role/R"
    paste_and_import(app, json.dumps(request))
    after = draft(app)
    assert (after.id, after.name) == (before.id, before.name)
    assert "VpcConfig" not in after.to_api()
    assert after.role_arn == "arn:aws:iam::123456789012:role/R"
    # "Problems left" come from the draft, which has a default job name
    assert "CompilationJobName" not in markdown(app)
    assert app.subheader[0].value == "Review"
    assert any("This request is valid" in shown(s.value) for s in app.main.success)


def test_an_import_that_replaced_the_draft_can_be_undone(new_app):
    """A request with a few fields replaced the whole draft (model, role, shapes gone) with no
    way back; Undo brings the draft as it was, saved, and says so."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://my-bucket/models/mine.tar.gz").run()
    before = draft(app).model_copy(deep=True)
    paste_and_import(app, json.dumps({"CompilationJobName": "other", "OutputConfig": OUTPUT}))
    assert draft(app).model_s3_uri != before.model_s3_uri
    button(app, "Undo the import").click().run()
    assert draft(app).model_s3_uri == "s3://my-bucket/models/mine.tar.gz"
    assert draft(app).to_api() == before.to_api()
    assert Store.default().load_draft(before.id).data["model_s3_uri"] == before.model_s3_uri
    assert any("The import was undone" in shown(s.value) for s in app.success)
    assert not [b for b in app.button if b.label == "Undo the import"]


def test_undo_is_not_offered_once_the_imported_draft_was_edited(new_app):
    """Import, edit the model's S3 URI, submit: "Undo the import" stayed and, clicked, threw
    the edit away without a word. It goes with the first edit; a click on one still shown (a
    page not redrawn yet) says why it does nothing."""
    app = new_app()
    paste_and_import(app, json.dumps({"CompilationJobName": "other", "OutputConfig": OUTPUT}))
    assert [b for b in app.button if b.label == "Undo the import"]
    stale = button(app, "Undo the import")
    draft(app).model_s3_uri = "s3://my-bucket/models/edited.tar.gz"  # as the Model step writes
    stale.click().run()
    assert draft(app).model_s3_uri == "s3://my-bucket/models/edited.tar.gz"
    assert any("changed after the import, so it is not undone" in shown(e.value) for e in app.error)
    assert not [b for b in app.button if b.label == "Undo the import"]
    paste_and_import(app, json.dumps({"CompilationJobName": "again", "OutputConfig": OUTPUT}))
    button(app, "Back").click().run()  # Review to Output and job
    keyed(app.text_input, "role").input("arn:aws:iam::123456789012:role/Typed").run()
    assert not [b for b in app.button if b.label == "Undo the import"]


def test_an_import_into_a_saved_draft_is_saved_and_comes_back_on_reload(new_app):
    """A draft already saved (edited once) takes an import: the store holds the imported
    request at once, and a reload of ?draft=<id> opens it, not the draft before the import."""
    app = new_app()
    button(app, "Next").click().run()
    button(app, "Use Jetson Nano").click().run()
    draft_id = draft(app).id
    before = Store.default().load_draft(draft_id)
    assert before is not None and before.data["device"] == "jetson_nano"
    request = json.loads(json.dumps(VALID_REQUEST))
    request["OutputConfig"] = {"S3OutputLocation": "s3://b/o", "TargetDevice": "rasp3b"}
    paste_and_import(app, json.dumps(request))
    assert draft(app).id == draft_id and draft(app).device == "rasp3b"
    stored = Store.default().load_draft(draft_id)
    assert stored is not None and stored.version > before.version
    assert stored.data["device"] == "rasp3b"
    reloaded = new_app(draft=draft_id)
    assert draft(reloaded).device == "rasp3b"


def test_output_config_import_keeps_the_model(new_app):
    """Item 6: an OutputConfig alone replaces target and options, not the model or role."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://b/model.tar.gz").run()
    paste_and_import(app, json.dumps({**OUTPUT, "TargetDevice": "rasp3b"}))
    assert draft(app).model_s3_uri == "s3://b/model.tar.gz"
    assert (draft(app).device, draft(app).step) == ("rasp3b", 1)


def test_import_report_can_be_dismissed_and_is_replaced_by_the_next(new_app):
    """Item 9: the report stays until dismissed or until the next import replaces it."""
    app = new_app()
    paste_and_import(app, "this is { not a config")
    assert any("Nothing was imported" in e for e in errors(app))
    paste_and_import(app, json.dumps(OUTPUT))
    assert not any("Nothing was imported" in e for e in errors(app))
    said = [shown(s.value) for s in app.main.success]
    assert any("Imported an OutputConfig from" in s for s in said), said  # not (request)
    paste_and_import(app, json.dumps(VALID_REQUEST))
    said = [shown(s.value) for s in app.main.success]
    assert any("Imported a full request (JSON) from" in s for s in said), said
    button(app, "Dismiss").click().run()
    assert not any("Imported" in shown(s.value) for s in app.main.success)
    assert not any(b.label == "Dismiss" for b in app.button)


def test_upload_is_imported_and_says_it_was_the_file(new_app):
    """Item 10: an uploaded JSON file is imported, and the report names the file."""
    app = new_app()
    app.file_uploader(key="import_file").set_value(
        ("request.json", json.dumps(VALID_REQUEST).encode(), "application/json")
    ).run()
    button(app, "Import").click().run()
    assert not app.exception
    assert any("from the file request.json" in shown(s.value) for s in app.main.success)
    assert draft(app).job_name == VALID_REQUEST["CompilationJobName"]


def test_upload_over_two_megabytes_is_refused(new_app):
    """Item 10: a file over the 2 MB limit is refused with a sentence; the draft is kept."""
    app = new_app()
    before = draft(app).to_api()
    big = b'{"a": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    app.file_uploader(key="import_file").set_value(("big.json", big, "application/json")).run()
    button(app, "Import").click().run()
    assert any("over 2 MB" in e for e in errors(app))
    assert draft(app).to_api() == before


def test_import_reads_whichever_input_changed_last(new_app):
    """Item 9: with text and a file both given, the one changed last is read, and said."""
    app = new_app()
    app.text_area(key="import_text").input(json.dumps({**OUTPUT, "TargetDevice": "rasp3b"})).run()
    app.file_uploader(key="import_file").set_value(
        ("out.json", json.dumps({**OUTPUT, "TargetDevice": "jetson_nano"}).encode(), "text/plain")
    ).run()
    assert any("Import reads the file out.json" in shown(c.value) for c in app.caption)
    button(app, "Import").click().run()
    assert draft(app).device == "jetson_nano"
    app.text_area(key="import_text").input(json.dumps({**OUTPUT, "TargetDevice": "rasp4b"})).run()
    assert any("Import reads the pasted text" in shown(c.value) for c in app.caption)
    button(app, "Import").click().run()
    assert draft(app).device == "rasp4b"
    assert any("from the pasted text" in shown(s.value) for s in app.main.success)


def test_imported_values_outside_the_choices_show_as_not_valid(new_app):
    """Item 7: the selectbox shows the draft's bad value, marked, and picking a valid one works."""
    app = new_app()
    request = json.loads(json.dumps(VALID_REQUEST))
    request["InputConfig"]["Framework"] = "PYTORCHX"
    request["OutputConfig"] = {
        "S3OutputLocation": "s3://b/o",
        "TargetPlatform": {"Os": "WINDOWS", "Arch": "X86_64"},
    }
    paste_and_import(app, json.dumps(request))
    draft(app).step = 0
    app.run()
    framework = keyed(app.selectbox, "framework")
    assert framework.value == "PYTORCHX" == draft(app).framework
    assert "PYTORCHX (not valid)" in framework.options
    framework.set_value("MXNET").run()
    assert draft(app).framework == "MXNET"
    button(app, "Next").click().run()
    os_box = keyed(app.selectbox, "os")
    assert os_box.value == "WINDOWS" and "WINDOWS (not valid)" in os_box.options
    os_box.set_value("LINUX").run()
    assert draft(app).platform_os == "LINUX"


def test_imported_runtime_of_zero_shows_zero_and_its_problem(new_app):
    """Item 7: MaxRuntimeInSeconds 0 shows 0 (not 1) in the field, with core's sentence."""
    app = new_app()
    request = json.loads(json.dumps(VALID_REQUEST))
    request["StoppingCondition"] = {"MaxRuntimeInSeconds": 0}
    paste_and_import(app, json.dumps(request))
    button(app, "Back").click().run()
    assert keyed(app.text_input, "max_runtime").value == "0"
    assert draft(app).max_runtime == 0
    assert any("MaxRuntimeInSeconds must be at least 1" in e for e in errors(app))


def test_an_uploaded_file_that_is_not_utf8_is_refused_and_the_draft_kept(new_app):
    """Its bytes were replaced with '\ufffd' and the request imported as if nothing changed."""
    app = new_app()
    before = draft(app).to_api()
    text = json.dumps({**OUTPUT, "S3OutputLocation": "s3://bucket/café/"}, ensure_ascii=False)
    app.file_uploader(key="import_file").set_value(
        ("latin1.json", text.encode("cp1252"), "application/json")
    ).run()
    button(app, "Import").click().run()
    said = "from the file latin1.json: it is not UTF-8 text (byte 0xE9 on line 1 is not UTF-8)"
    assert any(said in e for e in errors(app)), errors(app)
    assert draft(app).to_api() == before


def test_an_uploaded_utf16_file_is_read(new_app):
    """PowerShell's `> job.json` writes UTF-16 with its mark: it was refused as "not UTF-8 (it
    may be Latin-1 or Windows-1252)"."""
    app = new_app()
    text = json.dumps({**OUTPUT, "S3OutputLocation": "s3://bucket/café/"}, ensure_ascii=False)
    app.file_uploader(key="import_file").set_value(
        ("job.json", text.encode("utf-16"), "application/json")
    ).run()
    button(app, "Import").click().run()
    assert draft(app).output_s3 == "s3://bucket/café/", errors(app)
