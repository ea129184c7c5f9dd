"""The Model step reads the model: by path, by upload, from S3; fills from it; checks against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.aws.connection import make_client
from core.draft.model import Draft
from tests.app.helpers import button, go_to_review, keyed, preview_fold
from tests.app.rendered import shown, texts
from tests.unit.compile.compile_models import onnx_cnn, onnx_two_inputs
from tests.unit.model.model_builders import keras_h5

PATH, UPLOAD, S3 = "A path on this machine", "Upload a file", "The S3 URI below"


def read_path(app: AppTest, path: Path) -> None:
    app.radio(key="model_source").set_value(PATH).run()
    app.text_input(key="model_path").input(str(path)).run()
    button(app, "Read this path").click().run()
    assert not app.exception


def uploader(app: AppTest):
    """The Model step's file uploader (one a draft: its key carries the draft's id)."""
    [found] = [u for u in app.file_uploader if str(u.key).startswith("model_upload@")]
    return found


def draft(app: AppTest) -> Draft:
    found: Draft = app.session_state["draft"]
    return found


def tables(app: AppTest) -> list[list[dict[str, str]]]:
    return [frame.value.astype(str).to_dict("records") for frame in app.dataframe]


def input_config(app: AppTest) -> dict[str, object]:
    """The live preview's InputConfig."""
    return preview_fold(app, "input", "InputConfig")


def model_problems(app: AppTest) -> list[str]:
    return [p.message for p in draft(app).model_problems()]


def test_a_path_shows_each_input_and_where_each_fact_came_from(new_app, tmp_path: Path) -> None:
    """Reading a path fills the table: name, shape with N for the dynamic batch, type, layout."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx", batch="N"))
    inputs, facts = tables(app)[:2]
    assert inputs == [
        {
            "Input": "data",
            "Shape": "[N,3,32,32]",
            "Element type": "float32",
            "Layout (inferred)": "NCHW",
            "Dynamic dimensions": "0",
        }
    ]
    by_fact = {row["Fact"]: row for row in facts}
    assert by_fact["Framework"]["Value"] == "ONNX"
    assert by_fact["File read"]["Value"] == "cnn.onnx"
    assert "graph.input minus graph.initializer" in by_fact["inputs"]["Where it came from"]
    assert by_fact["inputs"]["Value"] == "the inputs above"  # not an empty cell
    assert by_fact["opset"]["Value"] == "ai.onnx 13"  # a stated value, in the Value column
    assert by_fact["opset"]["Where it came from"] == "stated in the file"
    assert draft(app).known_model is not None
    # the draft still says PYTORCH (the default): the model says otherwise, beside the field
    mismatch = "The model is ONNX (cnn.onnx), but Framework is PYTORCH"
    assert any(mismatch in e for e in texts(app.error))


def test_a_failed_read_says_the_model_shown_is_the_earlier_one(new_app, tmp_path: Path) -> None:
    """A folder of two models after a model was read: the error says the table below is still
    the earlier model's (it read as the folder's), and the earlier model is kept."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    (tmp_path / "two").mkdir()
    onnx_cnn(tmp_path / "two" / "a.onnx")
    onnx_cnn(tmp_path / "two" / "b.onnx")
    read_path(app, tmp_path / "two")

    [error] = [e for e in texts(app.error) if "keep one" in e]
    assert "keep one in the folder" in error
    assert error.endswith(
        "The model below is still the one read before, from cnn.onnx on this machine."
    )
    assert draft(app).known_model is not None and draft(app).known_model.file == "cnn.onnx"


def test_fill_asks_the_dynamic_batch_and_writes_framework_and_shapes(new_app, tmp_path) -> None:
    """One click writes DataInputConfig with the batch given, and Framework ONNX."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx", batch="N"))
    app.text_input(key="model_batch").input("4").run()
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    assert not app.exception
    config = input_config(app)
    assert config["Framework"] == "ONNX"
    assert json.loads(str(config["DataInputConfig"])) == {"data": [4, 3, 32, 32]}
    assert keyed(app.selectbox, "framework").value == "ONNX"
    assert model_problems(app) == []


def test_a_reopened_draft_asks_the_batch_its_shapes_give_and_fill_keeps_it(
    new_app, tmp_path
) -> None:
    """After a reload the batch box was empty and Fill wrote batch 1 over the shapes' 4, saying
    only "Framework ONNX"; now the box shows 4, and Fill says what DataInputConfig became."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx", batch="N"))
    app.text_input(key="model_batch").input("4").run()
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    again = new_app(draft=draft(app).id)
    assert again.text_input(key="model_batch").value == "4"
    button(again, "Fill DataInputConfig and Framework from the model").click().run()
    assert json.loads(str(input_config(again)["DataInputConfig"])) == {"data": [4, 3, 32, 32]}
    assert any("DataInputConfig unchanged" in s for s in texts(again.success))
    again.text_input(key="model_batch").input("2").run()
    button(again, "Fill DataInputConfig and Framework from the model").click().run()
    assert any(
        "DataInputConfig now '{\"data\": [2, 3, 32, 32]}'" in s for s in texts(again.success)
    )


def test_a_keras_images_size_boxes_take_the_nchw_shapes_at_their_own_places(
    new_app, tmp_path
) -> None:
    """A Keras input [N, H, W, 3] with H and W left open, beside the guide's NCHW shapes: the
    boxes for H and W read the shapes at the model's NHWC places (3 and 224), and Fill wrote
    [1, 3, 3, 224] with no word."""
    app = new_app()
    draft(app).framework = "KERAS"
    draft(app).input_shapes = '{"input_1": [2, 3, 160, 224]}'
    read_path(app, keras_h5(tmp_path / "open.h5", (("input_1", (None, None, None, 3)),)))
    assert app.text_input(key="model_batch").value == "2"
    sizes = [box.value for box in app.text_input if str(box.key).startswith("model_dim_")]
    assert sizes == ["160", "224"]  # height, then width
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    assert json.loads(draft(app).input_shapes) == {"input_1": [2, 3, 160, 224]}
    assert model_problems(app) == []


@pytest.mark.parametrize("typed", ["9" * 5000, "0", "2.5", "four"])
def test_a_batch_size_that_is_no_size_is_said_and_nothing_is_filled(new_app, tmp_path, typed):
    """Never 1 in its place, as a browser's number field made of 5,000 nines: the field keeps
    what was typed and the panel says why nothing was filled."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx", batch="N"))
    before = draft(app).input_shapes
    app.text_input(key="model_batch").input(typed).run()
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    assert not app.exception
    assert draft(app).input_shapes == before
    assert app.text_input(key="model_batch").value == typed
    said = (  # 5,000 nines is a whole number from 1: it is too long to be a size
        "The batch size has 5,000 digits, more than any size takes"
        if typed.isdigit() and len(typed) > 100
        else "The batch size takes a whole number from 1"
    )
    assert any(said in e for e in texts(app.error))


def test_a_wrong_input_name_is_named_with_the_models_inputs(new_app, tmp_path: Path) -> None:
    """Shapes typed with a name the model lacks: the problem names the model's real inputs."""
    app = new_app()
    read_path(app, onnx_two_inputs(tmp_path / "two.onnx"))
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    assert json.loads(draft(app).input_shapes) == {"image": [1, 3, 32, 32], "scale": [1, 10]}
    keyed(app.text_area, "shapes_json").input(
        '{"pixel_values": [1, 3, 32, 32], "scale": [1, 10]}'
    ).run()
    expected = (
        "The model has no input 'pixel_values'; the model's inputs are 'image' [1,3,32,32], "
        "'scale' [1,10] ("
    )
    assert any(m.startswith(expected + "rule model/inputs,") for m in model_problems(app))
    assert any(expected in e for e in texts(app.error))  # beside the shapes field
    assert any(expected in shown(m.value) for m in app.markdown)  # and in the preview's list
    assert draft(app).check()[0] is None


def test_a_framework_that_is_not_the_models_is_named(new_app, tmp_path: Path) -> None:
    """After filling, choosing TENSORFLOW for an ONNX file is a problem naming both."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    keyed(app.selectbox, "framework").set_value("TENSORFLOW").run()
    assert model_problems(app) == [
        "The model is ONNX (cnn.onnx), but Framework is TENSORFLOW; set Framework to ONNX "
        "(rule model/framework, API reference: InputConfig, Framework)."
    ]


def test_an_upload_is_read_and_kept_on_the_server(new_app, tmp_path: Path) -> None:
    """An uploaded file is read like a path, and kept for the upload to S3 and the check."""
    app = new_app()
    data = onnx_two_inputs(tmp_path / "two.onnx").read_bytes()
    uploader(app).upload("two.onnx", data).run()
    assert not app.exception
    assert [row["Input"] for row in tables(app)[0]] == ["image", "scale"]
    local = app.session_state["model_local"]
    assert local.path.read_bytes() == data and local.label == "the upload two.onnx"
    assert any("Read the upload two.onnx: ONNX, 2 inputs." in s for s in texts(app.success))
    caption = " ".join(texts(app.caption))
    assert "limited to 200 MB" in caption


def test_a_file_that_is_no_model_is_a_sentence_and_changes_nothing(new_app) -> None:
    """A text file uploaded as a model: one sentence, no traceback, no model in the draft."""
    app = new_app()
    uploader(app).upload("notes.txt", b"hello, not a model\n").run()
    assert not app.exception
    assert draft(app).known_model is None
    assert any("notes.txt" in e and "not a model file" in e for e in texts(app.error))


def test_an_upload_key_that_is_no_tar_gz_is_refused_before_sending(new_app, tmp_path) -> None:
    """The upload is a .tar.gz: a key ending otherwise sent it, then warned that the S3Uri
    was no .tar.gz. Now it says so first, sends nothing and keeps what was typed."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.text_input(key="model_bucket").input("models-bucket").run()
    app.text_input(key="model_key").input("dir/cnn.onnx").run()
    button(app, "Upload to S3").click().run()
    assert any("like 'dir/cnn.onnx.tar.gz'" in e for e in texts(app.error))
    assert draft(app).model_s3_uri == "" and app.text_input(key="model_key").value == "dir/cnn.onnx"
    app.text_input(key="model_key").input("dir/cnn.TGZ").run()
    button(app, "Upload to S3").click().run()
    assert any("like 'dir/cnn.tar.gz'" in e for e in texts(app.error))  # not cnn.TGZ.tar.gz
    s3 = make_client(app.session_state["connection"], "s3")
    with pytest.raises(s3.exceptions.ClientError):
        s3.head_object(Bucket="models-bucket", Key="dir/cnn.onnx")


def test_upload_to_the_local_s3_fills_the_uri_and_reads_back(new_app, tmp_path: Path) -> None:
    """The model goes to the local endpoint's S3 packed as .tar.gz; S3Uri names it; S3 reads it."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    assert app.text_input(key="model_key").value == "models/cnn.tar.gz"
    app.text_input(key="model_bucket").input("models-bucket").run()
    button(app, "Upload to S3").click().run()
    assert not app.exception
    uri = "s3://models-bucket/models/cnn.tar.gz"
    assert draft(app).model_s3_uri == uri
    assert keyed(app.text_input, "model_s3").value == uri
    assert draft(app).known_model.s3_uri == uri
    s3 = make_client(app.session_state["connection"], "s3")
    head = s3.get_object(Bucket="models-bucket", Key="models/cnn.tar.gz")["Body"].read(2)
    assert head == b"\x1f\x8b"  # gzip: packed the Neo way

    button(app, "Forget this model").click().run()
    assert draft(app).known_model is None
    app.radio(key="model_source").set_value(S3).run()
    button(app, "Read from S3").click().run()
    assert not app.exception
    model = draft(app).known_model
    assert model is not None and model.origin == uri and model.s3_uri == uri
    assert model.file == "cnn.onnx"  # the member read inside the archive
    assert app.session_state["model_local"] is None


def test_a_model_the_s3_uri_no_longer_names_refuses_nothing(new_app, tmp_path: Path) -> None:
    """Uploaded, then the S3 URI pointed at another artifact and Framework changed: the model
    read was still refusing the request ("The model is ONNX ... Framework is PYTORCH") beside
    the warning that it is not the request's model, and the upload note still said the S3 URI
    named it."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.text_input(key="model_bucket").input("models-bucket").run()
    button(app, "Upload to S3").click().run()
    assert any("the S3 URI names it now" in s for s in texts(app.success))
    keyed(app.text_input, "model_s3").input("s3://models-bucket/models/other.tar.gz").run()
    keyed(app.selectbox, "framework").set_value("PYTORCH").run()
    found = draft(app).model_problems()
    assert [(p.path, p.severity) for p in found] == [("InputConfig.S3Uri", "warning")]
    assert not any("Framework is PYTORCH" in e for e in texts(app.error))
    assert not any("the S3 URI names it now" in s for s in texts(app.success))
    keyed(app.text_input, "model_s3").input("s3://models-bucket/models/cnn.tar.gz").run()
    assert any(p.severity == "error" for p in draft(app).model_problems())  # its model again


def test_a_path_error_is_said_beside_the_path_not_beside_s3(new_app) -> None:
    """A path that does not exist is said under the path box; choosing S3 instead, the
    sentence about the path is not shown beside Read from S3 (it stayed there)."""
    app = new_app()
    read_path(app, Path("/no/such/model.onnx"))
    assert any("No such file" in e for e in texts(app.error))
    app.radio(key="model_source").set_value(S3).run()
    assert not any("No such file" in e for e in texts(app.error))
    app.radio(key="model_source").set_value(PATH).run()
    assert any("No such file" in e for e in texts(app.error))


@pytest.mark.parametrize(
    ("typed", "said"),
    [("/" + "a" * 300, "cannot be read: File name too long"), ("~nosuchuser123/m.onnx", "home")],
    ids=["name-too-long", "unknown-user"],
)
def test_a_path_the_system_cannot_look_up_is_a_sentence(new_app, typed: str, said: str) -> None:
    """A name past the system's limit (OSError) and ~user of no user (RuntimeError) were
    tracebacks on the page; both are said under the path box, which keeps the text."""
    app = new_app()
    read_path(app, Path(typed))
    assert any(said in e for e in texts(app.error)), texts(app.error)
    assert app.text_input(key="model_path").value == typed


def test_a_missing_s3_object_is_a_sentence(new_app) -> None:
    """Reading an S3 URI with nothing there says so, and the draft keeps no model."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://no-such-bucket-here/model.tar.gz").run()
    app.radio(key="model_source").set_value(S3).run()
    button(app, "Read from S3").click().run()
    assert not app.exception
    assert draft(app).known_model is None
    assert any("s3://no-such-bucket-here/model.tar.gz" in e for e in texts(app.error))


def test_the_model_survives_a_reload_and_an_import(new_app, tmp_path: Path) -> None:
    """The model read is part of the saved draft; an imported request is checked against it."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    draft_id = draft(app).id
    again = new_app(draft=draft_id)
    assert draft(again).known_model is not None
    assert [row["Input"] for row in tables(again)[0]] == ["data"]

    request = {
        "InputConfig": {
            "S3Uri": "s3://b/m.tar.gz",
            "Framework": "ONNX",
            "DataInputConfig": '{"input": [1, 3, 32, 32]}',
        },
        "OutputConfig": {"S3OutputLocation": "s3://b/out/", "TargetDevice": "ml_c5"},
    }
    again.text_area(key="import_text").input(json.dumps(request)).run()
    button(again, "Import").click().run()
    assert not again.exception
    assert draft(again).known_model is not None
    report = again.session_state["import_report"]
    assert any("The model has no input 'input'" in p.message for p in report.problems)


def test_the_path_box_is_offered_only_on_loopback(new_app) -> None:
    """A server listening beyond this machine (a login configured, someone logged in: the
    app shows nothing otherwise) offers upload and S3 only."""
    app = new_app()
    assert PATH in app.radio(key="model_source").options
    before = st.get_option("server.address")
    st.config.set_option("server.address", "0.0.0.0")
    app.secrets["auth"] = {"redirect_uri": "http://host/oauth2callback", "cookie_secret": "x"}
    app.user = {"is_logged_in": True, "email": "ml@example.com"}
    try:
        app.run()
        assert app.radio(key="model_source").options == [UPLOAD, S3]
    finally:
        st.config.set_option("server.address", before)


def test_a_new_draft_keeps_nothing_of_the_last_ones_model(new_app, tmp_path: Path) -> None:
    """The file uploaded, its message and the server's copy belong to the draft: a new draft
    (Drafts, New draft) opens without them, so it cannot send another draft's model; the
    draft it replaced keeps its model reference."""
    app = new_app()
    data = onnx_two_inputs(tmp_path / "two.onnx").read_bytes()
    uploader(app).upload("two.onnx", data).run()
    assert app.session_state["model_local"] is not None
    first = draft(app).id
    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()
    app.switch_page("app_pages/configure.py").run()
    assert draft(app).id != first and draft(app).known_model is None
    assert "model_local" not in app.session_state
    assert uploader(app).value is None
    assert not [s for s in texts(app.success) if "two.onnx" in s], texts(app.success)


def test_a_shared_draft_says_its_model_file_is_not_in_this_tab(new_app, tmp_path: Path) -> None:
    """A shared link opens what was read, not the file: "From the upload cnn.onnx" read as if
    the new tab had uploaded it, and nothing said why it offered no upload to S3."""
    from core.draft.share import to_token

    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    here = " ".join(texts(app.caption))
    assert "Read from" in here and "this tab does not hold it" not in here
    other = new_app(d=to_token(draft(app)))
    assert draft(other).known_model is not None
    there = " ".join(texts(other.caption))
    assert "Read from" in there and "this tab does not hold it" in there, there


def test_another_model_read_after_an_upload_is_not_taken_for_the_uploaded_one(
    new_app, tmp_path: Path
) -> None:
    """cnn.onnx uploaded, then two.onnx read: S3Uri still named cnn's upload, Review said
    valid, and Check locally compiled two.onnx; the job then failed on the shapes. The Key
    offered was still models/cnn.tar.gz, so an upload would overwrite cnn's object."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.text_input(key="model_bucket").input("models-bucket").run()
    button(app, "Upload to S3").click().run()
    uri = "s3://models-bucket/models/cnn.tar.gz"
    assert draft(app).model_s3_uri == uri
    read_path(app, onnx_two_inputs(tmp_path / "two.onnx"))
    assert app.text_input(key="model_key").value == "models/two.tar.gz"
    said = [(p.path, p.severity, p.message) for p in draft(app).model_problems()]
    assert [(path, severity) for path, severity, _ in said] == [("InputConfig.S3Uri", "warning")]
    assert f"S3Uri names {uri}, which holds the model read before" in said[0][2]
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    go_to_review(app)  # Check locally compiles what the job would: the object S3Uri names
    assert any(c.startswith(f"Compiles {uri} for ml_c5") for c in texts(app.caption))
    button(app, "Back").click().run()
    while app.subheader[0].value != "Model":
        button(app, "Back").click().run()
    button(app, "Upload to S3").click().run()
    assert draft(app).model_s3_uri == "s3://models-bucket/models/two.tar.gz"
    assert not [p for p in draft(app).model_problems() if p.path == "InputConfig.S3Uri"]
    go_to_review(app)
    assert any(c.startswith(f"Compiles {tmp_path / 'two.onnx'} for") for c in texts(app.caption))


def test_a_key_typed_for_the_upload_is_kept_when_another_model_is_read(
    new_app, tmp_path: Path
) -> None:
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.text_input(key="model_key").input("mine/v1.tar.gz").run()
    read_path(app, onnx_two_inputs(tmp_path / "two.onnx"))
    assert app.text_input(key="model_key").value == "mine/v1.tar.gz"


def test_the_source_the_path_and_the_key_survive_a_visit_to_another_step(
    new_app, tmp_path: Path
) -> None:
    """A path typed (not read yet) was empty after a visit to Target, and "Read it from" was back
    on Upload; a typed Key went the same way, so Upload to S3 asked for a key again."""
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.text_input(key="model_key").input("mine/v1.tar.gz").run()
    app.text_input(key="model_path").input(str(tmp_path / "next.onnx")).run()
    button(app, "Next").click().run()
    button(app, "Back").click().run()
    assert app.radio(key="model_source").value == PATH
    assert app.text_input(key="model_path").value == str(tmp_path / "next.onnx")
    assert app.text_input(key="model_key").value == "mine/v1.tar.gz"


def test_fill_from_a_keras_file_writes_no_version_the_checks_refuse(
    new_app, tmp_path: Path
) -> None:
    """Fill wrote the file's keras_version as FrameworkVersion, which the app's own rule then
    refused ("FrameworkVersion applies to ... only; remove it for KERAS"), and did not say it
    had written it."""
    app = new_app()
    draft(app).framework_version = "1.8"  # PyTorch's, the framework before
    read_path(app, keras_h5(tmp_path / "model.h5"))
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    assert (draft(app).framework, draft(app).framework_version) == ("KERAS", "")
    assert not [p for p in draft(app).check()[1] if p.path == "InputConfig.FrameworkVersion"]
    filled = [s for s in texts(app.success) if s.startswith("Filled from the model")]
    assert filled and "FrameworkVersion" not in filled[0]


def test_a_batch_size_that_is_no_size_is_said_under_its_box_at_once(
    new_app, tmp_path: Path
) -> None:
    app = new_app()
    read_path(app, onnx_cnn(tmp_path / "cnn.onnx", batch="N"))
    app.text_input(key="model_batch").input("abc").run()
    said = [e for e in texts(app.error) if "The batch size takes a whole number" in e]
    assert said, texts(app.error)
    app.text_input(key="model_batch").input("4").run()
    assert not [e for e in texts(app.error) if "The batch size" in e]


PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1"


def test_a_model_package_replaces_input_config_and_the_artifact_waits(new_app) -> None:
    """The Model step's other source, a versioned model package: the request sends
    ModelPackageVersionArn and no InputConfig (the API refuses both), the preview's model fold
    shows it, Check locally says why it cannot run, and going back to the artifact finds the
    S3 URI and framework as they were."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://my-bucket/model.tar.gz").run()
    keyed(app.selectbox, "framework").set_value("TENSORFLOW").run()
    keyed(app.radio, "model_kind").set_value("package").run()
    assert not [w for w in app.text_input if str(w.key).startswith("cfg_model_s3@")]
    keyed(app.text_input, "model_package").input(PACKAGE).run()
    assert draft(app).to_api()["ModelPackageVersionArn"] == PACKAGE
    assert "InputConfig" not in draft(app).to_api()
    assert preview_fold(app, "input", "ModelPackageVersionArn") == {
        "ModelPackageVersionArn": PACKAGE
    }
    go_to_review(app)
    assert not [b for b in app.button if b.label == "Check locally"]
    assert any("Model Registry, which this check does not read" in t for t in texts(app.info))
    for _ in range(4):
        button(app, "Back").click().run()
    keyed(app.radio, "model_kind").set_value("artifact").run()
    assert keyed(app.text_input, "model_s3").value == "s3://my-bucket/model.tar.gz"
    assert draft(app).to_api()["InputConfig"]["Framework"] == "TENSORFLOW"
    assert "ModelPackageVersionArn" not in draft(app).to_api()
