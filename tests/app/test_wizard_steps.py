"""Step by step: the live preview, target pickers, the Output and Review steps, sharing and
coming back after a server restart."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from core import local
from core.draft.share import MAX_TOKEN_CHARS, to_token
from core.draft.steps import STEPS
from core.interchange import render
from core.spec import catalog, service
from tests.app.helpers import (
    button,
    errors,
    fill_valid_request,
    go_to_review,
    keyed,
    preview,
    preview_fold,
)
from tests.app.rendered import shown
from ui import keys
from ui.widgets import SHOWN_CODE_MAX_CHARS


def draft(app: AppTest):
    return app.session_state["draft"]


def step(app: AppTest, index: int) -> AppTest:
    draft(app).step = index
    return app.run()


def preview_column(app: AppTest) -> Any:
    return next(
        column
        for column in app.columns
        if any(m.value == "**Live preview** (CreateCompilationJob)" for m in column.markdown)
    )


def test_live_preview_is_on_every_step(new_app):
    """Item 10: each step shows the OutputConfig preview and the problems left beside it."""
    app = new_app()
    for index, name in enumerate(STEPS):
        step(app, index)
        assert app.subheader[0].value == name
        column = preview_column(app)
        assert json.loads(column.code[0].value) == draft(app).output_config_api()
        said = [shown(m.value) for m in [*column.markdown, *column.caption]]
        assert any("problems left" in t or "steps ahead still to fill" in t for t in said)
    assert any("problems left" in shown(m.value) for m in preview_column(app).markdown)


def test_missing_values_show_once_their_step_was_visited(new_app):
    """First load: no wall of "is required"; after leaving the Model step, its missing S3Uri
    is named beside the field and in the preview."""
    app = new_app()
    assert not [e for e in app.main.error if "is required" in shown(e.value)]
    assert any("steps ahead still to fill" in shown(c.value) for c in app.caption)
    button(app, "Next").click().run()
    button(app, "Back").click().run()
    assert any("S3Uri is required" in shown(e.value) for e in app.main.error)
    assert any("S3Uri" in shown(m.value) for m in preview_column(app).markdown)


def test_the_side_list_counts_the_fields_still_to_fill_beside_the_problems_left(new_app):
    """On the Output step of a new draft the list names the Model step's missing fields and
    says that fields of this step and those ahead are still to fill (the list alone read as
    all there was to do)."""
    app = new_app()
    for _ in range(3):
        button(app, "Next").click().run()
    assert app.subheader[0].value == "Output and job"
    said = [shown(m.value) for m in [*preview_column(app).markdown, *preview_column(app).caption]]
    assert any(t.endswith(("problem left**", "problems left**")) for t in said), said
    assert any("S3Uri" in t for t in said)
    assert any("of this step and the steps ahead still to fill" in t for t in said), said


@pytest.mark.parametrize(
    "shapes",
    ['{"input": [1, 224, 224, 3]}', '{"input": [1, 224, 224, 3]'],
    ids=["valid", "malformed"],
)
def test_a_framework_the_target_does_not_take_is_refused_on_the_target_step(new_app, shapes):
    """TFLite for ml_c5 is refused as soon as the device is chosen, beside the framework and in
    the list; it waited for the output location and role to validate first. Shapes with an
    error of their own (a brace missing) hide nothing: the refusal vanished with them."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://my-bucket/model.tar.gz").run()
    keyed(app.selectbox, "framework").set_value("TFLITE").run()
    keyed(app.text_area, "shapes_json").input(shapes).run()
    button(app, "Next").click().run()
    keyed(app.selectbox, "device").set_value("ml_c5").run()
    assert app.subheader[0].value == "Target"
    listed = " ".join(shown(m.value) for m in preview_column(app).markdown)
    assert "framework-target/tflite-cloud" in listed
    button(app, "Back").click().run()
    assert any("TensorFlow Lite models for edge devices only" in e for e in errors(app))
    assert any("not valid JSON" in e for e in errors(app)) == shapes.endswith("]")


def test_the_shapes_error_is_under_the_box_above_the_example_button(new_app):
    """The error about the shapes sat below "Use the example shape", away from the box."""
    app = new_app()
    keyed(app.selectbox, "framework").set_value("ONNX").run()
    button(app, "Next").click().run()
    button(app, "Back").click().run()  # a missing value is said once the step was left
    order = [
        "error"
        if node.type == "error" and "DataInputConfig is required" in shown(node.value)
        else "button"
        if node.type == "button" and node.label == "Use the example shape"
        else None
        for node in app.main
        if node.type in ("error", "button")
    ]
    assert [kind for kind in order if kind] == ["error", "button"]


@pytest.mark.parametrize(
    ("framework", "shapes", "hint"),
    [
        (
            "PYTORCH",
            '{"input0": [1, 224, 224, 3]}',
            "looks channel-last (NHWC); PYTORCH wants NCHW",
        ),
        ("TENSORFLOW", '{"input": [1, 3, 224, 224]}', "looks channel-first (NCHW); TENSORFLOW"),
    ],
)
def test_a_layout_mix_up_is_pointed_out_on_the_model_step_of_a_new_draft(
    new_app, framework, shapes, hint
):
    """The hint shows beside the shapes as they are typed, while the target, output and role
    are still empty (it waited for a request valid in every other field)."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("s3://my-bucket/model.tar.gz").run()
    keyed(app.selectbox, "framework").set_value(framework).run()
    keyed(app.text_area, "shapes_json").input(shapes).run()
    assert app.subheader[0].value == "Model"
    assert any(hint in shown(w.value) for w in app.warning), [w.value for w in app.warning]


def test_the_preview_shows_the_whole_request_and_decoded_options(new_app):
    """OutputConfig open first, CompilerOptions decoded, InputConfig and the job folded below."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_jetson-tx2").click().run()
    column = preview_column(app)
    labels = [e.label for e in column.expander]
    assert labels == ["OutputConfig", "InputConfig", "Job: name, role, limits, VPC, tags"]
    assert json.loads(column.code[1].value) == {
        "gpu-code": "sm_62",
        "trt-ver": "6.0.1",
        "cuda-ver": "10.0",
    }
    assert len(column.code) == 2  # the folds closed: their members are not drawn
    assert (
        preview_fold(app, "job", "Job: name, role, limits, VPC, tags")["CompilationJobName"]
        == draft(app).job_name
    )
    assert preview_fold(app, "input", "InputConfig")["Framework"] == draft(app).framework


def test_devices_are_grouped_by_family_with_names_and_api_values(new_app):
    """Item 10: every device is offered once, families contiguous, name and API value shown."""
    app = new_app()
    step(app, 1)
    options = keyed(app.selectbox, "device").options
    assert len(options) == len(service.target_devices())
    families = [option.split(" · ")[0] for option in options]
    seen: list[str] = []
    for family in families:
        if not seen or seen[-1] != family:
            assert family not in seen, "a family is split in two"
            seen.append(family)
    assert set(seen) <= set(catalog.FAMILY_TITLES.values())
    nano = next(o for o in options if "jetson_nano" in o)
    assert "NVIDIA Jetson Nano" in nano and nano.startswith(catalog.FAMILY_TITLES["edge"])
    keyed(app.selectbox, "device").set_value("jetson_nano").run()
    assert any("API value `jetson_nano`" in shown(c.value) for c in app.caption)


def test_platform_accelerators_are_limited_to_supported_ones(new_app):
    """Item 10: Android on ARM64 offers no NVIDIA; Linux on ARM64 does."""
    app = new_app()
    step(app, 1)
    keyed(app.radio, "target_kind").set_value("platform").run()
    offered = keyed(app.selectbox, "accelerator").options
    assert any("NVIDIA" in o for o in offered)
    keyed(app.selectbox, "os").set_value("ANDROID").run()
    offered = keyed(app.selectbox, "accelerator").options
    assert not any("NVIDIA" in o for o in offered)
    expected = [a or "" for a in catalog.accelerators_for("ANDROID", "ARM64")]
    assert len(offered) == len(expected)
    # the pair once, then what it takes ("LINUX ARM_EABIHF: LINUX ARM_EABIHF, LINUX ..." before)
    keyed(app.selectbox, "os").set_value("LINUX").run()
    keyed(app.selectbox, "arch").set_value("ARM_EABIHF").run()
    [said] = [shown(c.value) for c in app.caption if "Neo documents" in shown(c.value)]
    assert said == "Neo documents LINUX ARM_EABIHF with: None (CPU), MALI"


def test_output_step_fields(new_app):
    """Item 10: KMS, job name and its button, max runtime, the VPC/tags/queue expander."""
    app = new_app()
    step(app, 3)
    keyed(app.text_input, "kms").input("alias/MyKey").run()
    assert preview(app)["KmsKeyId"] == "alias/MyKey"
    keyed(app.text_input, "kms").input("not a key").run()
    assert any("KmsKeyId 'not a key'" in e for e in errors(app))
    old_name = draft(app).job_name
    button(app, "New name").click().run()
    assert draft(app).job_name != old_name
    assert keyed(app.text_input, "job_name").value == draft(app).job_name
    keyed(app.text_input, "max_runtime").input("1800").run()
    assert draft(app).to_api()["StoppingCondition"]["MaxRuntimeInSeconds"] == 1800
    assert any(e.label == "VPC, tags and queue time (optional)" for e in app.expander)
    keyed(app.text_input, "subnets").input("subnet-0123456789abcdef0").run()
    assert draft(app).subnets == ["subnet-0123456789abcdef0"]


def test_the_optional_fold_opens_when_it_holds_a_value_or_a_problem(new_app):
    """Closed on a new draft; open when a field under it is given or has a problem, so "Fix in
    Output and job" from Review shows the problem (51 tags stayed hidden in a closed fold)."""

    def fold(app: AppTest) -> bool:
        [found] = [e for e in app.expander if e.label == "VPC, tags and queue time (optional)"]
        return found.proto.expanded

    app = new_app()
    step(app, 3)
    assert fold(app) is False
    app.session_state["draft"].tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    app.run()
    assert fold(app) is True and any("Tags" in e for e in errors(app))
    app.session_state["draft"].tags = []
    app.run()
    assert fold(app) is True  # the last tag removed: it stays open (it shut under the user)
    fresh = new_app()
    fresh.session_state["draft"].max_pending = 7200
    step(fresh, 3)
    assert fold(fresh) is True


def test_max_queue_time_is_optional_and_checked(new_app):
    """Item 9: MaxPendingTimeInSeconds has a field; empty sends nothing, out of range says so."""
    app = new_app()
    step(app, 3)
    field = keyed(app.text_input, "max_pending")
    assert field.value == ""
    assert "MaxPendingTimeInSeconds" not in draft(app).to_api()["StoppingCondition"]
    limit = service.limit("StoppingCondition.MaxPendingTimeInSeconds")
    assert f"from {limit.min} to {limit.max} seconds" in field.help
    field.input("60").run()
    assert any("MaxPendingTimeInSeconds must be at least" in e for e in errors(app))
    keyed(app.text_input, "max_pending").input("7200").run()
    assert draft(app).to_api()["StoppingCondition"]["MaxPendingTimeInSeconds"] == 7200
    assert not any("MaxPendingTimeInSeconds" in e for e in errors(app))


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, str, str | None]]:
    """Every file the page offers for download: (content, mime type, file name)."""
    offered: list[tuple[bytes, str, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self: Any, path_or_data: Any, mimetype: str, kind: Any, filename: Any = None):
        if isinstance(path_or_data, bytes):
            offered.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return offered


def test_review_tabs_download_and_submit(new_app, downloads):
    """Item 10: OutputConfig and SDK tabs hold their renderings, the download is the request."""
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    api = draft(app).to_api()
    codes = [c.value.strip() for c in app.code]
    assert render.to_json(api).strip() in codes
    assert render.output_config_json(api).strip() in codes
    connection = app.session_state["connection"]
    where = render.Where(
        region=connection.region,
        endpoint_url=connection.endpoint_url,
        access_key_id=local.credentials()["aws_access_key_id"],
        secret_access_key=local.credentials()["aws_secret_access_key"],
        note="Sends to this app's local simulation (moto), not to AWS; it answers while the app "
        "runs, and only with the key below (this app's own, not an AWS key).",
    )
    assert render.to_boto3(api, where).strip() in codes
    sdk = render.to_sdk(api, where)  # in a Session on the simulation, as boto3's client is
    assert sdk and sdk.strip() in codes and f"endpoint_url={connection.endpoint_url!r}" in sdk
    request_files = [d for d in downloads if d[2] == f"{draft(app).job_name}.json"]
    assert request_files and json.loads(request_files[-1][0]) == api
    assert request_files[-1][1] == "application/json"
    assert any(b.label == "Submit compilation job" for b in app.button)


def share_url(app: AppTest) -> str:
    return next(c.value for c in app.code if "?d=" in c.value)


def test_share_url_as_shown_opens_a_copy_in_a_new_session(new_app):
    """Item 5/10: the displayed URL carries only ?d=<token> and reproduces the draft."""
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    url = share_url(app)
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc
    query = parse_qs(parts.query)
    assert list(query) == ["d"], "the link must not carry ?draft= (or a second '?')"
    other = new_app(**{key: values[0] for key, values in query.items()})
    original, copy = draft(app).to_api(), draft(other).to_api()
    assert copy.pop("CompilationJobName") != original.pop("CompilationJobName")
    assert copy == original


def test_a_draft_too_large_for_a_link_offers_the_json_instead(new_app, downloads):
    """Item 5: over MAX_TOKEN_CHARS, no link is shown; the request JSON is offered instead."""
    import random
    import string

    app = new_app()
    go_to_review(app)
    rng = random.Random(7)
    draft(app).tags = [
        {
            "Key": "".join(rng.choices(string.ascii_letters, k=128)),
            "Value": "".join(rng.choices(string.ascii_letters, k=256)),
        }
        for _ in range(50)
    ]
    app.run()
    assert len(to_token(draft(app))) > MAX_TOKEN_CHARS
    assert not any("?d=" in c.value for c in app.code)
    assert any("too large to share as a link" in shown(w.value) for w in app.main.warning)
    assert any(b.label == "Download the request JSON to share" for b in app.get("download_button"))
    assert json.loads(downloads[-1][0]) == draft(app).to_api()


JOB_PART = "Download the JSON of this part"  # the preview's fold says it can be downloaded


def test_a_request_too_long_to_draw_is_offered_as_downloads(new_app, downloads):
    """A request of thousands of tags (1.4 MB) kept Review blank for about 20 s in Chromium:
    past SHOWN_CODE_MAX_CHARS a rendering is said and downloaded, not drawn."""
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    draft(app).tags = [{"Key": f"key{index}", "Value": "v" * 200} for index in range(600)]
    app.session_state[f"{keys.PREVIEW_FOLDS}job"] = True  # the fold of the tags, opened
    app.run()
    assert not app.exception
    assert all(len(block.value) <= SHOWN_CODE_MAX_CHARS for block in app.code)
    notes = [shown(note.value) for note in app.main.info]
    for what in ("request JSON", "AWS CLI command", "boto3 code", "SageMaker SDK code"):
        assert any(f"The {what} is" in note and "too long to show" in note for note in notes)
    assert any(note.startswith("The JSON of this part is") for note in notes)
    labels = [b.label for b in app.get("download_button")]
    for label in ("Download the AWS CLI command", "Download the boto3 code", JOB_PART):
        assert label in labels
    offered = {name: content.decode() for content, _, name in downloads}
    name = draft(app).job_name
    assert "aws sagemaker create-compilation-job" in offered[f"{name}.sh"]
    assert "key599" in offered[f"{name}_boto3.py"] and "key599" in offered[f"{name}.sh"]


def test_server_restart_keeps_the_draft_and_its_step(new_app):
    """Item 10: a new store instance on the same data folder brings back draft and step."""
    app = new_app()
    fill_valid_request(app)
    step(app, 3)
    button(app, "New name").click().run()  # an edit, so the step is saved with it
    saved = draft(app)
    st.cache_resource.clear()  # the server process's store is gone; only the folder remains
    reopened = new_app(draft=saved.id)
    assert draft(reopened).to_api() == saved.to_api()
    assert reopened.subheader[0].value == STEPS[3]


def test_pytorch_without_a_version_or_shapes_warns_on_a_cloud_target(new_app):
    """A new draft (PyTorch on ml_c5, no FrameworkVersion, no shapes): the guide lets a PyTorch
    2.0 model leave the shapes out there, and without a version nothing can tell, so this is
    a warning (it was refused), shown once the Model step has been left, like a missing value."""
    app = new_app()
    assert not [w for w in app.main.warning if "DataInputConfig is required" in shown(w.value)]
    button(app, "Next").click().run()
    button(app, "Back").click().run()
    warned = [shown(w.value) for w in app.main.warning]
    assert any("DataInputConfig is required unless" in w and "PyTorch 2.0" in w for w in warned)
    assert not [e for e in app.main.error if "DataInputConfig" in shown(e.value)]
