"""The Configure page, driven through streamlit.testing's AppTest."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.draft.steps import STEPS
from core.knowledge.presets import presets
from core.spec.presets import preset_options
from tests.app.helpers import button, fill_valid_request, keyed
from tests.app.rendered import shown


def draft(app: AppTest):
    return app.session_state["draft"]


def preview_text(app: AppTest) -> str:
    return app.code[0].value if app.code else ""


def test_app_renders_configure_page_through_navigation(new_app):
    """app.py's st.navigation renders the Configure page by default, with no exception."""
    app = new_app()
    assert not app.exception
    assert app.title[0].value == "Configure a compilation job"
    # nothing above the title: a bare string in app.py once reached the page through "magic"
    first = app.main.children[0]
    assert getattr(first, "value", None) == "Configure a compilation job", first


@pytest.mark.parametrize(
    "page", ["app_pages/jobs.py", "app_pages/drafts.py", "app_pages/settings.py"]
)
def test_every_page_renders(new_app, page):
    """Each page of the navigation renders in AppTest with the pinned Streamlit."""
    app = new_app()
    app.switch_page(page).run()
    assert not app.exception
    assert app.title


def step_list(app: AppTest):
    return app.segmented_control[0]


def test_each_step_renders_with_step_list_and_back_next(new_app):
    """Next walks through all five steps; each shows its heading, and the list of steps marks it."""
    app = new_app()
    for index, name in enumerate(STEPS):
        assert not app.exception
        assert app.subheader[0].value == name
        assert step_list(app).label == f"Step {index + 1} of {len(STEPS)}: {name}"
        assert step_list(app).value == index
        if index < len(STEPS) - 1:
            button(app, "Next").click().run()
    assert not [b for b in app.button if b.label == "Next"]  # Review is the last step
    button(app, "Back").click().run()
    assert app.subheader[0].value == STEPS[-2]
    assert step_list(app).value == len(STEPS) - 2


def test_a_click_in_the_step_list_opens_that_step(new_app):
    """The list of steps is a control, not a picture of one: a click opens the step (ahead or
    back), Back and Next move its mark, and a click on the current step leaves it marked."""
    app = new_app()
    assert [step_list(app).format_func(i) for i in range(len(STEPS))] == [
        f"{i + 1}. {name}" for i, name in enumerate(STEPS)
    ]
    step_list(app).set_value(3).run()
    assert app.subheader[0].value == STEPS[3]
    assert draft(app).step == 3 and draft(app).furthest_step == 3
    step_list(app).set_value(1).run()
    assert app.subheader[0].value == STEPS[1]
    assert draft(app).furthest_step == 3  # going back keeps what was visited
    step_list(app).set_value(None).run()  # the current step clicked: it unselects
    assert app.subheader[0].value == STEPS[1]
    assert step_list(app).value == 1
    button(app, "Next").click().run()
    assert step_list(app).value == 2 and app.subheader[0].value == STEPS[2]


@pytest.mark.parametrize("preset", presets(), ids=lambda p: p.id)
def test_picking_a_preset_fills_target_and_options(new_app, preset):
    """A preset card's button sets the target and CompilerOptions shown in the live preview."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key=f"preset_{preset.id}").click().run()
    output = json.loads(preview_text(app))
    assert {k: output[k] for k in output if k.startswith("Target")} == preset.target_api()
    expected = preset_options(preset)
    assert output.get("CompilerOptions") == expected
    assert draft(app).preset == preset.id


def test_switching_device_and_platform_never_yields_both(new_app):
    """Toggling the target kind keeps exactly one of TargetDevice/TargetPlatform and restores."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_jetson-tx2").click().run()
    assert json.loads(preview_text(app))["TargetPlatform"]["Accelerator"] == "NVIDIA"
    for kind in ["device", "platform", "device", "platform"]:
        keyed(app.radio, "target_kind").set_value(kind).run()
        output = json.loads(preview_text(app))
        assert ("TargetDevice" in output) != ("TargetPlatform" in output)
        assert ("TargetDevice" in output) == (kind == "device")
        api = draft(app).to_api()["OutputConfig"]
        assert not ("TargetDevice" in api and "TargetPlatform" in api)
    assert json.loads(preview_text(app))["TargetPlatform"] == {
        "Os": "LINUX",
        "Arch": "ARM64",
        "Accelerator": "NVIDIA",
    }


def test_a_bad_value_shows_its_message_at_its_field(new_app):
    """A malformed S3 URI gets the core sentence under the field, and the text is kept."""
    app = new_app()
    keyed(app.text_input, "model_s3").input("bucket/model.tar.gz").run()
    messages = [shown(e.value) for e in app.main.error]
    assert any("S3Uri 'bucket/model.tar.gz' is not valid" in m for m in messages)
    assert keyed(app.text_input, "model_s3").value == "bucket/model.tar.gz"
    assert draft(app).model_s3_uri == "bucket/model.tar.gz"


def test_unsupported_platform_says_why(new_app):
    """An Os/Arch pair Neo does not support shows the developer guide's reason beside it."""
    app = new_app()
    button(app, "Next").click().run()
    keyed(app.radio, "target_kind").set_value("platform").run()
    keyed(app.selectbox, "os").set_value("ANDROID").run()
    keyed(app.selectbox, "arch").set_value("ARM_EABIHF").run()
    assert any("Neo does not support CPU only" in shown(e.value) for e in app.main.error)


def test_options_form_is_generated_and_required_fields_marked(new_app):
    """An NVIDIA platform shows gpu-code/trt-ver/cuda-ver marked required; edits reach the JSON."""
    app = new_app()
    button(app, "Next").click().run()
    keyed(app.radio, "target_kind").set_value("platform").run()
    keyed(app.selectbox, "accelerator").set_value("NVIDIA").run()
    button(app, "Next").click().run()
    labels = [t.label for t in app.text_input]
    assert {"gpu-code *", "trt-ver *", "cuda-ver *"} <= set(labels)
    keyed(app.text_input, "opt_trt-ver").input("6.0").run()
    assert any(
        shown(e.value).startswith(
            "trt-ver '6.0' is not in the form x.y.z, such as 6.0.1 ([rule options/nvidia-forms,"
        )
        for e in app.main.error
    )
    keyed(app.text_input, "opt_trt-ver").input("6.0.1").run()
    keyed(app.text_input, "opt_cuda-ver").input("10.0").run()
    keyed(app.text_input, "opt_gpu-code").input("sm62").run()  # unlike the examples: a warning
    assert any("GPU code 'sm62'" in shown(w.value) for w in app.main.warning)
    assert not [e.value for e in app.main.error if "sm62" in shown(e.value)]
    keyed(app.text_input, "opt_gpu-code").input("sm_62").run()
    assert json.loads(keyed(app.text_area, "opt__json").value)["gpu-code"] == "sm_62"


def test_a_gpu_code_warning_stays_while_trt_ver_is_cleared(new_app):
    """Jetson TX2 preset, gpu-code sm62 warned; clearing trt-ver took the warning away until
    trt-ver was typed again, and Review listed one problem and no warning."""
    app = new_app()
    fill_valid_request(app, preset="jetson-tx2")
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    keyed(app.text_input, "opt_gpu-code").input("sm62").run()
    assert any("GPU code 'sm62'" in shown(w.value) for w in app.main.warning)
    keyed(app.text_input, "opt_trt-ver").input("").run()
    assert any("trt-ver is required" in shown(e.value) for e in app.main.error)
    assert any("GPU code 'sm62'" in shown(w.value) for w in app.main.warning)


def test_an_nvidia_platform_without_options_is_refused_on_the_options_step(new_app):
    """An NVIDIA TargetPlatform needs CompilerOptions: once the user has been to the Options
    step, it says so while the output location (a later step) is still empty, not once it is
    filled (before, the model's check of the options waited for the output's fields)."""
    app = new_app()
    button(app, "Next").click().run()
    keyed(app.radio, "target_kind").set_value("platform").run()
    keyed(app.selectbox, "accelerator").set_value("NVIDIA").run()
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    button(app, "Back").click().run()
    said = [shown(e.value) for e in app.main.error]
    assert any("require CompilerOptions with gpu-code, trt-ver, cuda-ver" in s for s in said), said


def test_json_view_edits_update_the_form(new_app):
    """Typing JSON in 'Edit as JSON' fills the generated form fields."""
    app = new_app()
    button(app, "Next").click().run()
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    keyed(app.text_area, "opt__json").input('{"mcpu": "cortex-a53", "mattr": ["+neon"]}').run()
    assert keyed(app.text_input, "opt_mcpu").value == "cortex-a53"
    keyed(app.text_area, "opt__json").input("{not json").run()
    assert any("is not valid JSON" in shown(e.value) for e in app.main.error)
    assert keyed(app.text_area, "opt__json").value == "{not json"


def test_target_without_options_says_so(new_app):
    """A device with no documented options gets a line saying so instead of a form."""
    app = new_app()
    button(app, "Next").click().run()
    keyed(app.selectbox, "device").set_value("amba_cv22").run()
    button(app, "Next").click().run()
    assert any("documents no compiler options" in shown(i.value) for i in app.main.info)


def test_import_of_doc_example_lists_its_repairs(new_app):
    """Pasting the reference's Raspberry Pi example fills the wizard and lists each repair."""
    app = new_app()
    app.text_area(key="import_text").input(
        '"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"},\n'
        "\"CompilerOptions\": {'mattr': ['+neon']}"
    ).run()
    button(app, "Import").click().run()
    text = " ".join(shown(m.value) for m in app.markdown)
    assert "Repairs made" in text
    assert "ARM_EABIHF" in text
    assert draft(app).platform_arch == "ARM_EABIHF"
    assert json.loads(preview_text(app))["TargetPlatform"] == {"Os": "LINUX", "Arch": "ARM_EABIHF"}


def test_import_of_garbage_keeps_the_draft_and_says_why(new_app):
    """Text that is no config gets a clear error and leaves the draft untouched."""
    app = new_app()
    before = draft(app).to_api()
    app.text_area(key="import_text").input("this is { not a config").run()
    button(app, "Import").click().run()
    assert app.main.error
    assert draft(app).to_api() == before
    assert app.text_area(key="import_text").value == "this is { not a config"


def test_review_lists_problems_with_links_back_to_their_step(new_app):
    """On Review, each problem has a button that jumps to the step owning its field."""
    app = new_app()
    for _ in range(4):
        button(app, "Next").click().run()
    fix = next(b for b in app.button if b.label == "Fix in Model")
    fix.click().run()
    assert app.subheader[0].value == "Model"


def test_valid_request_has_exports_and_download(new_app):
    """A complete draft shows a valid request, the four export tabs and a JSON download."""
    app = new_app()
    fill_valid_request(app)
    assert draft(app).check()[0] is not None
    for _ in range(4):
        button(app, "Next").click().run()
    assert any("This request is valid" in shown(s.value) for s in app.main.success)
    codes = [c.value for c in app.code]
    assert any(
        "aws sagemaker create-compilation-job" in c and "--cli-input-json" in c for c in codes
    )
    assert any("create_compilation_job(**request)" in c for c in codes)
    assert app.get("download_button")


def test_draft_survives_a_new_session(new_app):
    """A new session opened on ?draft=<id> finds the same draft at the same step."""
    app = new_app()
    fill_valid_request(app)
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    saved = draft(app)
    reopened = new_app(draft=saved.id)
    assert draft(reopened).to_api() == saved.to_api()
    assert reopened.subheader[0].value == STEPS[2]


def test_share_token_reproduces_the_draft(new_app):
    """The share link (?d=token) opens a copy of the draft, under a new job name."""
    from core.draft.share import to_token

    app = new_app()
    fill_valid_request(app)
    token = to_token(draft(app))
    other = new_app(d=token)
    original, copy = draft(app).to_api(), draft(other).to_api()
    assert copy.pop("CompilationJobName") != original.pop("CompilationJobName")
    assert copy == original
    assert draft(other).id != draft(app).id


def test_a_gpu_code_warning_is_shown_under_the_gpu_code_field(new_app):
    """The warnings on a GPU code were said at the options' foot, under cuda-ver, the last
    field: a person fixing cuda-ver was told of the GPU code."""
    app = new_app()
    fill_valid_request(app, preset="jetson-tx2")
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    keyed(app.text_input, "opt_gpu-code").input("sm62").run()
    said = [
        e.key.split("@")[0] if e.type == "text_input" else shown(e.value)[:15]
        for e in app.tabs[0]
        if e.type in ("text_input", "warning")
    ]
    assert said == ["cfg_opt_gpu-code", "GPU code 'sm62'", "cfg_opt_trt-ver", "cfg_opt_cuda-ver"]
