"""Every choice stays consistent (issue 11): known device values offered, a preset's board
picked as a device, stale options dropped and said, documentation-style text accepted once."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.helpers import button, errors, fill_valid_request, keyed, preview
from tests.app.rendered import shown
from ui import keys


def draft(app: AppTest):
    return app.session_state["draft"]


def to_target(new_app) -> AppTest:
    app = new_app()
    button(app, "Next").click().run()
    return app


def test_a_device_with_known_values_offers_them_on_the_options_step(new_app):
    """Jetson Nano without options: its gpu-code, trt-ver and cuda-ver are offered, not forced."""
    app = to_target(new_app)
    keyed(app.selectbox, "device").set_value("jetson_nano").run()
    button(app, "Next").click().run()
    offers = [t for t in (shown(i.value) for i in app.info) if t.startswith("Known values")]
    assert offers and "jetson_nano" in offers[0]
    assert "gpu-code sm_53" in offers[0] and "cuda-ver 10.0" in offers[0]
    assert draft(app).options == {}
    button(app, "Use them").click().run()
    assert draft(app).options == {"gpu-code": "sm_53", "trt-ver": "5.0.6", "cuda-ver": "10.0"}
    assert keyed(app.text_input, "opt_gpu-code").value == "sm_53"
    assert not [i for i in app.info if shown(i.value).startswith("Known values")]


def test_an_arm_boards_form_shows_its_values_as_written_and_no_x86_cpu(new_app):
    """rasp3b: its known mattr reads "mattr +neon" (it read Python's ['+neon']), and the mcpu
    field suggests no x86 CPU (its placeholder was skylake-avx512)."""
    app = to_target(new_app)
    keyed(app.selectbox, "device").set_value("rasp3b").run()
    button(app, "Next").click().run()
    [offer] = [t for t in (shown(i.value) for i in app.info) if t.startswith("Known values")]
    assert "mattr +neon" in offer and "[" not in offer
    assert "skylake" not in keyed(app.text_input, "opt_mcpu").placeholder


def test_switching_a_board_preset_to_a_device_picks_its_device(new_app):
    """Jetson TX2 (a platform preset) -> "A device" selects jetson_tx2, not the last device."""
    app = to_target(new_app)
    app.button(key="preset_jetson-tx2").click().run()
    keyed(app.radio, "target_kind").set_value("device").run()
    assert draft(app).device == "jetson_tx2"
    assert keyed(app.selectbox, "device").value == "jetson_tx2"
    assert preview(app)["TargetDevice"] == "jetson_tx2"


def test_a_board_preset_switched_to_its_device_drops_the_last_devices_options(new_app):
    """Core ML, then the Raspberry Pi 3 preset, then "A device": rasp3b was sent Core ML's
    class_labels, and the Pi's mattr was gone. Now the device's own values come, said once."""
    app = to_target(new_app)
    app.button(key="preset_coreml").click().run()
    app.button(key="preset_rasp3b-plus").click().run()
    keyed(app.radio, "target_kind").set_value("device").run()
    assert draft(app).device == "rasp3b"
    assert "class_labels" not in draft(app).options
    assert json.loads(preview(app)["CompilerOptions"]) == {"mattr": ["+neon"]}
    notes = [shown(i.value) for i in app.info if i.value.startswith("Removed")]
    assert len(notes) == 1 and "class_labels" in notes[0]


def in_use(app: AppTest) -> list[str]:
    """The preset the gallery says is in use (its badge), and the highlighted preset buttons."""
    badges = [shown(c.value) for c in app.caption if "in use" in c.value]
    primary = [
        b.key
        for b in app.button
        if (b.key or "").startswith("preset_") and b.proto.type == "primary"
    ]
    return badges + primary


def test_a_preset_is_in_use_only_while_the_request_names_its_target(new_app):
    """Jetson Nano, then "A platform" (the draft's own platform, an earlier preset's, comes
    back), or Jetson TX2 with its accelerator removed: no badge or highlighted button claims a
    preset the request no longer is; back on Jetson Nano's device, it is in use again."""
    app = to_target(new_app)
    app.button(key="preset_x86-linux-nvidia").click().run()
    app.button(key="preset_jetson-nano").click().run()
    assert any("Jetson Nano" in text for text in in_use(app)) and "preset_jetson-nano" in in_use(
        app
    )
    keyed(app.radio, "target_kind").set_value("platform").run()
    assert preview(app)["TargetPlatform"]["Accelerator"] == "NVIDIA"
    assert in_use(app) == []
    keyed(app.radio, "target_kind").set_value("device").run()
    assert "preset_jetson-nano" in in_use(app)
    app.button(key="preset_jetson-tx2").click().run()
    assert "preset_jetson-tx2" in in_use(app)
    keyed(app.selectbox, "accelerator").set_value("").run()
    assert in_use(app) == []


def test_changing_the_accelerator_drops_options_the_target_does_not_take(new_app):
    """Jetson TX2's GPU options go when the accelerator goes, and the step says so."""
    app = to_target(new_app)
    app.button(key="preset_jetson-tx2").click().run()
    keyed(app.selectbox, "accelerator").set_value("").run()
    assert draft(app).options == {}
    assert "CompilerOptions" not in preview(app)
    notes = [shown(i.value) for i in app.info if i.value.startswith("Removed")]
    assert notes and "gpu-code" in notes[0] and "cuda-ver" in notes[0]


def test_options_typed_as_the_documentation_writes_them_are_applied(new_app):
    """Single-quoted options, as the reference writes them, are read like Import reads them."""
    app = to_target(new_app)
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    keyed(app.text_area, "opt__json").input("{'mcpu': 'cortex-a53', 'mattr': ['+neon']}").run()
    assert draft(app).options == {"mcpu": "cortex-a53", "mattr": ["+neon"]}
    assert json.loads(preview(app)["CompilerOptions"])["mcpu"] == "cortex-a53"


def test_options_typed_naming_a_key_twice_apply_the_last_value_as_import_does(new_app):
    """Import keeps the last value of a key named twice and says so; the box did refuse it."""
    app = to_target(new_app)
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    typed = '{"mcpu": "cortex-a7", "mattr": ["+neon"], "mcpu": "cortex-a53"}'
    keyed(app.text_area, "opt__json").input(typed).run()
    assert draft(app).options == {"mcpu": "cortex-a53", "mattr": ["+neon"]}
    assert json.loads(preview(app)["CompilerOptions"])["mcpu"] == "cortex-a53"
    assert not [e for e in errors(app) if "twice" in e]
    [said] = [shown(c.value) for c in app.caption if "twice" in c.value]
    assert "Named 'mcpu' twice: kept the last value, as Import does" in said
    assert typed in said  # what was typed is not lost: the box now shows what was kept
    assert f"; you typed '{typed}'." in said  # a space before the quote (plain() trims ends)
    assert json.loads(keyed(app.text_area, "opt__json").value)["mcpu"] == "cortex-a53"


def test_an_options_error_is_shown_once(new_app):
    """Broken options JSON is said once on the step, not once per panel."""
    app = to_target(new_app)
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    keyed(app.text_area, "opt__json").input("{broken").run()
    assert len([e for e in errors(app) if "is not valid JSON" in e]) == 1


def test_shapes_typed_as_the_documentation_writes_them_become_json(new_app):
    """{'input0': [1,3,224,224]} in the shapes box is rewritten as JSON, and the box shows it."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input("{'input0': [1, 3, 224, 224]}").run()
    assert draft(app).input_shapes == '{"input0": [1, 3, 224, 224]}'
    assert keyed(app.text_area, "shapes_json").value == '{"input0": [1, 3, 224, 224]}'
    assert not [e for e in errors(app) if "DataInputConfig" in e or "shape" in e.lower()]


def test_shapes_typed_that_way_naming_an_input_twice_keep_both_and_warn(new_app):
    """A rewrite as JSON keeps both values of an input named twice (Python's dict kept only
    the last, in silence); the check then warns about it, as it does for JSON text."""
    app = new_app()
    typed = "{'data': [1, 3, 224, 224], 'data': [1, 3, 300, 300]}"
    keyed(app.text_area, "shapes_json").input(typed).run()
    kept = '{"data": [1, 3, 224, 224], "data": [1, 3, 300, 300]}'
    assert draft(app).input_shapes == kept
    assert keyed(app.text_area, "shapes_json").value == kept
    assert [w for w in app.main.warning if "shapes/duplicate-key" in shown(w.value)]


def test_json_a_shell_stripped_of_its_quotes_is_read_in_both_boxes(new_app):
    """{data: [1, 3, 224, 224]} and {mcpu: cortex-a53, mattr: [+neon]}, as a shell leaves
    single-quoted JSON inside a single-quoted argument: read as Import reads them."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input("{data: [1, 3, 224, 224]}").run()
    assert draft(app).input_shapes == '{"data": [1, 3, 224, 224]}'
    app = to_target(new_app)
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    keyed(app.text_area, "opt__json").input("{mcpu: cortex-a53, mattr: [+neon]}").run()
    assert draft(app).options == {"mcpu": "cortex-a53", "mattr": ["+neon"]}


def test_framework_version_is_chosen_from_the_documented_ones_or_typed(new_app):
    """PyTorch on ml_c5 offers the guide's versions; "Another version" keeps free text."""
    app = new_app()
    keyed(app.selectbox, "framework").set_value("PYTORCH").run()
    choice = keyed(app.selectbox, "version_choice")
    assert {"1.8", "1.13", "2.0"} <= set(choice.options) and "Another version…" in choice.options
    choice.set_value("1.13").run()
    assert draft(app).framework_version == "1.13"
    keyed(app.selectbox, "version_choice").set_value("Another version…").run()
    keyed(app.text_input, "framework_version").input("2.1").run()
    assert draft(app).framework_version == "2.1"
    assert keyed(app.text_input, "framework_version").value == "2.1"


def test_shapes_carried_over_from_another_framework_are_pointed_out(new_app):
    """PyTorch shapes, then TensorFlow chosen: a warning names both frameworks' layouts."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input('{"input0": [1, 3, 224, 224]}').run()
    assert not [w for w in app.main.warning if "were written for" in shown(w.value)]
    keyed(app.selectbox, "framework").set_value("TENSORFLOW").run()
    said = [shown(w.value) for w in app.main.warning]
    assert any("written for PYTORCH" in t and "TENSORFLOW wants NHWC" in t for t in said)
    keyed(app.text_area, "shapes_json").input('{"input": [1, 224, 224, 3]}').run()
    assert not [w for w in app.main.warning if "were written for" in shown(w.value)]


def test_shapes_left_for_a_framework_that_takes_none_are_said_once(new_app):
    """PyTorch shapes, then XGBoost: one warning (the rule's, with its source) and the button
    that removes them; no "carried over" sentence with an empty layout ("XGBOOST wants )")."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input('{"input0": [1, 3, 224, 224]}').run()
    keyed(app.selectbox, "framework").set_value("XGBOOST").run()
    said = [shown(w.value) for w in app.main.warning] + [shown(i.value) for i in app.main.info]
    about_shapes = [t for t in said if "DataInputConfig" in t or "input shapes" in t]
    assert len(about_shapes) == 1 and "rule shapes/not-needed" in about_shapes[0], said
    assert not [t for t in said if "wants )" in t]
    button(app, "Remove the input shapes").click().run()
    assert draft(app).input_shapes == ""
    assert any("XGBOOST takes no input shapes" in shown(i.value) for i in app.main.info)


def _sidebar_of_another_page() -> None:
    from ui import sidebar, state

    state.current_draft()
    sidebar.render(live_page=False)


def test_the_sidebar_leaves_the_target_to_the_wizard_whose_clicks_it_misses(new_app):
    """A click in the wizard reruns its fragment alone, so a sidebar line would keep the target
    from before it (the default ml_c5 beside a Jetson TX2 preview): on Configure the sidebar
    leaves the target to the wizard; the other pages, redrawn whole, show it."""
    app = new_app()
    assert app.sidebar.text_input  # the sidebar is drawn, without the target
    assert not [c for c in app.sidebar.caption if "Target:" in c.value]
    other = AppTest.from_function(_sidebar_of_another_page, default_timeout=30).run()
    assert [c for c in other.sidebar.caption if "Target:" in c.value]


def test_a_preset_draws_the_steps_fields_under_new_keys(new_app):
    """A preset gives the step's fields its values under new keys: under the same ones, the
    values a Next clicked before the browser drew the preset sends reached their callbacks
    and undid it (tests/e2e/test_wizard_flow.py). The cost: the browser mounts them again."""
    app = to_target(new_app)
    app.button(key="preset_rk3399").click().run()
    assert keyed(app.selectbox, "accelerator").value == "MALI"
    before = {w.key for w in (*app.selectbox, *app.radio)}
    app.button(key="preset_jetson-tx2").click().run()
    assert keyed(app.selectbox, "accelerator").value == "NVIDIA"
    assert not before & {w.key for w in (*app.selectbox, *app.radio)}
    assert preview(app)["TargetPlatform"]["Accelerator"] == "NVIDIA"


def test_choice_fields_state_their_value_in_every_run(new_app):
    """A selectbox or radio whose code the browser loads after a later run replaced its element
    takes the element's default (the first choice) unless the run states the value; an early
    click on the Model step under load once turned PYTORCH into TENSORFLOW that way. So every
    run states it, not only the run that set it."""
    app = new_app()
    app.session_state[f"{keys.PREVIEW_FOLDS}job"] = True
    app.run()  # a run that changed nothing of the step
    framework = keyed(app.selectbox, "framework")
    assert framework.value == "PYTORCH" and framework.proto.set_value
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    button(app, "Back").click().run()
    assert all(w.proto.set_value for w in (*app.selectbox, *app.radio) if "@" in (w.key or ""))


def test_an_undocumented_option_is_kept_sent_and_warned_about_on_the_step(new_app):
    """A key the reference does not give for the target (class_labels on a Raspberry Pi) is
    kept in the draft and in the preview (the documentation never says it is refused), the step
    warns about it with a way to remove it, and it is not an error."""
    app = to_target(new_app)
    app.button(key="preset_rasp3b-plus").click().run()
    button(app, "Next").click().run()
    typed = {"mcpu": "cortex-a53", "class_labels": "labels.txt"}
    keyed(app.text_area, "opt__json").input(json.dumps(typed)).run()
    assert draft(app).options == typed
    assert json.loads(preview(app)["CompilerOptions"]) == typed
    assert not [e for e in errors(app) if "class_labels" in e]
    notes = [shown(w.value) for w in app.warning if "Not documented for this target" in w.value]
    assert notes and "class_labels" in notes[0] and "mcpu" not in notes[0]
    button(app, "Remove them").click().run()
    assert draft(app).options == {"mcpu": "cortex-a53"}


def test_a_new_device_drops_the_old_ones_options_and_keeps_the_users_own(new_app):
    """ml_c5 to ml_m5: mcpu (documented for both) and class_labels (typed by the user, sent with
    a warning; documented for Core ML only) stay; to jetson_nano, mcpu (the old target's CPU
    option) goes and the step says so, while the user's class_labels still stays."""
    app = to_target(new_app)
    keyed(app.selectbox, "device").set_value("ml_c5").run()
    draft(app).set_options({"mcpu": "skylake-avx512", "class_labels": "labels.txt"})
    keyed(app.selectbox, "device").set_value("ml_m5").run()
    assert draft(app).options == {"mcpu": "skylake-avx512", "class_labels": "labels.txt"}
    keyed(app.selectbox, "device").set_value("jetson_nano").run()
    assert draft(app).options == {"class_labels": "labels.txt"}
    notes = [shown(i.value) for i in app.info if i.value.startswith("Removed")]
    assert notes and "mcpu" in notes[0] and "class_labels" not in notes[0]


def test_gpu_options_go_when_the_platform_changes_one_field_at_a_time(new_app):
    """Jetson TX2's platform (LINUX, ARM64, NVIDIA) to ANDROID, then no accelerator: the middle
    step is no valid target, so nothing is dropped there; the GPU options go at the end."""
    app = to_target(new_app)
    app.button(key="preset_jetson-tx2").click().run()
    assert "gpu-code" in draft(app).options
    keyed(app.selectbox, "os").set_value("ANDROID").run()
    keyed(app.selectbox, "accelerator").set_value("").run()
    assert not {"gpu-code", "trt-ver", "cuda-ver"} & set(draft(app).options)
    notes = [shown(i.value) for i in app.info if i.value.startswith("Removed")]
    assert notes and "gpu-code" in notes[0]


def test_the_shapes_box_says_when_it_rewrote_what_was_typed(new_app):
    """A trailing comma (or the documentation's quotes) is repaired as Import repairs it, and
    said once under the box with what was typed; JSON typed as JSON is not said."""
    app = new_app()
    keyed(app.text_area, "shapes_json").input('{"input0": [1, 3, 224,]}').run()
    assert draft(app).input_shapes == '{"input0": [1, 3, 224]}'
    said = [shown(c.value) for c in app.caption if "Rewritten as JSON" in shown(c.value)]
    assert said and "[1, 3, 224,]" in said[0], said
    app.run()
    assert not [c for c in app.caption if "Rewritten as JSON" in shown(c.value)]
    keyed(app.text_area, "shapes_json").input('{"input0": [1, 3, 8, 8]}').run()
    assert not [c for c in app.caption if "Rewritten as JSON" in shown(c.value)]


def _said(app: AppTest, text: str) -> int:
    return sum(text in shown(e.value) for e in (*app.info, *app.warning))


def test_a_devices_note_is_said_once_whether_the_request_is_checked_or_not(new_app):
    """ml_inf2's region note: an info box while the request is unfinished (no check runs), the
    check's warning once it runs; a finished request showed both, the same sentence twice."""
    from core.spec import catalog

    note = catalog.device("ml_inf2").note
    assert note
    app = to_target(new_app)
    keyed(app.selectbox, "device").set_value("ml_inf2").run()
    assert _said(app, note) == 1
    app = new_app()
    fill_valid_request(app)
    button(app, "Next").click().run()
    keyed(app.radio, "target_kind").set_value("device").run()
    keyed(app.selectbox, "device").set_value("ml_inf2").run()
    assert draft(app).device == "ml_inf2"
    assert any(p.message == note for p in draft(app).check()[1])  # the check's warning ran
    assert _said(app, note) == 1


def test_a_framework_undocumented_on_the_device_is_said_on_the_target_step(new_app):
    """ONNX on ml_inf2 warns where ml_inf2 is picked; it was said only beside Framework on the
    Model step and on Review."""
    app = new_app()
    keyed(app.selectbox, "framework").set_value("ONNX").run()
    button(app, "Next").click().run()
    keyed(app.selectbox, "device").set_value("ml_inf2").run()
    assert app.subheader[0].value == "Target"
    said = [shown(w.value) for w in app.warning if "framework-target/" in shown(w.value)]
    assert len(said) == 1 and "nothing documents ONNX on ml_inf2" in said[0]
