"""The Compiler options step: values that do not fit a widget, JSON kept until it parses."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.spec.option_fields import option_fields
from core.spec.options import NvidiaOptions
from tests.app.helpers import button, errors, keyed, preview
from tests.app.rendered import shown


def draft(app: AppTest):
    return app.session_state["draft"]


def options_step(new_app, preset: str) -> AppTest:
    app = new_app()
    button(app, "Next").click().run()
    app.button(key=f"preset_{preset}").click().run()
    return button(app, "Next").click().run()


BAD_VALUES = [
    ("rasp3b-plus", "mcpu", '{"mcpu": true}', "true"),
    ("rasp3b-plus", "mcpu", '{"mcpu": ["a"]}', '["a"]'),
    ("armv7-phone", "ANDROID_PLATFORM", '{"ANDROID_PLATFORM": ["21"]}', '["21"]'),
    ("armv7-phone", "ANDROID_PLATFORM", '{"ANDROID_PLATFORM": 3.7}', "3.7"),
    ("ml-inf1", "flags", '{"flags": 5}', "5"),
]


@pytest.mark.parametrize(("preset", "key", "typed", "shown"), BAD_VALUES)
def test_a_value_that_does_not_fit_its_widget_is_shown_as_text(new_app, preset, key, typed, shown):
    """Item 2: the step renders, shows the value as text with core's sentence, and survives."""
    app = options_step(new_app, preset)
    keyed(app.text_area, "opt__json").input(typed).run()
    assert not app.exception
    assert keyed(app.text_input, f"opt_{key}__raw").value == shown
    assert errors(app)  # core's sentence for the value
    assert {"Back", "Next"} <= {b.label for b in app.button}
    reopened = new_app(draft=draft(app).id)  # the bad value was saved: a reload must render
    assert not reopened.exception
    assert reopened.subheader[0].value == "Compiler options"


def test_a_number_where_text_goes_is_shown_as_written_and_warned(new_app):
    """{"mcpu": 5}: the reference states no type, so it warns (it was refused) and is sent as
    written; the field shows it as text, as any value its widget does not hold."""
    app = options_step(new_app, "rasp3b-plus")
    keyed(app.text_area, "opt__json").input('{"mcpu": 5}').run()
    assert not app.exception
    assert keyed(app.text_input, "opt_mcpu__raw").value == "5"
    assert not errors(app)
    assert any("options/number-as-text" in shown(w.value) for w in app.warning)
    assert json.loads(preview(app)["CompilerOptions"])["mcpu"] == 5
    assert not any("does not fit the form" in c.value for c in app.caption)  # it is taken
    button(app, "Send 5 as text").click().run()  # retyping "5" in the field changes nothing
    assert json.loads(preview(app)["CompilerOptions"])["mcpu"] == "5"
    assert keyed(app.text_input, "opt_mcpu").value == "5"
    assert not any("options/number-as-text" in shown(w.value) for w in app.warning)


def test_typing_over_a_value_that_did_not_fit_brings_the_widget_back(new_app):
    """Item 2: a value typed in the text field replaces the bad one; the form widget returns."""
    app = options_step(new_app, "rasp3b-plus")
    keyed(app.text_area, "opt__json").input('{"mcpu": 5}').run()
    keyed(app.text_input, "opt_mcpu__raw").input("cortex-a53").run()
    assert draft(app).options["mcpu"] == "cortex-a53"
    assert keyed(app.text_input, "opt_mcpu").value == "cortex-a53"
    assert not errors(app)


def test_imported_options_that_do_not_fit_render(new_app):
    """Item 2: an imported CompilerOptions '{"mcpu": 5}' renders the step."""
    app = new_app()
    app.text_area(key="import_text").input(
        json.dumps(
            {
                "S3OutputLocation": "s3://b/o",
                "TargetDevice": "rasp3b",
                "CompilerOptions": '{"mcpu": 5}',
            }
        )
    ).run()
    button(app, "Import").click().run()
    button(app, "Next").click().run()
    assert not app.exception
    assert app.subheader[0].value == "Compiler options"
    assert keyed(app.text_input, "opt_mcpu__raw").value == "5"


def test_broken_json_is_kept_across_steps_and_reloads(new_app):
    """Item 3: malformed JSON stays in the box (and the store) with its error until it parses."""
    app = options_step(new_app, "rasp3b-plus")
    typed = '{"mcpu": "cortex-a53", '
    keyed(app.text_area, "opt__json").input(typed).run()
    assert any("is not valid JSON" in e for e in errors(app))
    button(app, "Next").click().run()
    button(app, "Back").click().run()
    assert keyed(app.text_area, "opt__json").value == typed
    reopened = new_app(draft=draft(app).id)
    assert keyed(reopened.text_area, "opt__json").value == typed
    assert any("is not valid JSON" in e for e in errors(reopened))
    keyed(reopened.text_area, "opt__json").input('{"mcpu": "cortex-a53"}').run()
    assert not errors(reopened)
    assert draft(reopened).options == {"mcpu": "cortex-a53"}


def test_editing_the_form_refills_the_json_box_and_clears_its_error(new_app):
    """Item 3: after a form edit, the box shows the draft's options and no stale error."""
    app = options_step(new_app, "rasp3b-plus")
    keyed(app.text_area, "opt__json").input("{broken").run()
    assert any("is not valid JSON" in e for e in errors(app))
    keyed(app.text_input, "opt_mcpu").input("cortex-a53").run()
    assert not any("is not valid JSON" in e for e in errors(app))
    assert json.loads(keyed(app.text_area, "opt__json").value)["mcpu"] == "cortex-a53"


def test_neuron_flags_are_not_marked_required_since_none_may_be_sent(new_app):
    """ml_inf1 takes no CompilerOptions at all (its request passes without them): its flag
    field was starred as required, and left empty, nothing said so."""
    app = options_step(new_app, "ml-inf1")
    keyed(app.text_input, "opt_flags").input("").run()
    assert "flags" in [t.label for t in app.text_input]
    assert "CompilerOptions" not in preview(app)
    assert not errors(app)


def test_neuron_json_hint_is_the_neuron_example(new_app):
    """Item 9: a non-object JSON for Inferentia gets the flag-string example, not mcpu."""
    app = options_step(new_app, "ml-inf1")
    keyed(app.text_area, "opt__json").input("[1, 2]").run()
    messages = " ".join(errors(app))
    assert "Neuron compiler flags" in messages and "mcpu" not in messages


def test_option_fields_show_the_references_help_text(new_app):
    """Item 10: each generated field carries its help text from the options model."""
    app = options_step(new_app, "jetson-tx2")
    helps = {f.key: f.help for f in option_fields(NvidiaOptions)}
    for key, text in helps.items():
        assert keyed(app.text_input, f"opt_{key}").help == text
        assert text


def test_trainium_takes_a_dtype_object_in_the_json_box(new_app):
    """ml_trn1 (an ml_* instance, not Inferentia) takes {"dtype": ...}: no error on the step,
    the form turns to the dtype field, and the preview sends it; it was refused before."""
    app = options_step(new_app, "ml-inf1")
    button(app, "Back").click().run()
    keyed(app.selectbox, "device").set_value("ml_trn1").run()
    button(app, "Next").click().run()
    keyed(app.text_area, "opt__json").input('{"dtype": "int64"}').run()
    assert not app.exception and not errors(app)
    assert keyed(app.selectbox, "opt_dtype").value == "int64"
    sent = json.loads(app.code[0].value)["CompilerOptions"]
    assert json.loads(sent) == {"dtype": "int64"}


@pytest.mark.parametrize(
    ("preset", "typed", "written"),
    [
        (
            "jetson-tx2",  # an NVIDIA TargetPlatform, where gpu_code stands for gpu-code
            {"gpu_code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"},
            {"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"},
        ),
        ("armv8-phone", {"ANDROIDPLATFORM": 29}, {"ANDROID_PLATFORM": 29}),
    ],
)
def test_a_key_written_otherwise_can_be_respelled_not_only_removed(
    new_app, preset: str, typed: dict, written: dict
) -> None:
    """A key the target takes in another spelling is offered the target's spelling, keeping its
    value and place: "Remove them" alone dropped an NVIDIA platform's GPU code."""
    app = options_step(new_app, preset)
    keyed(app.text_area, "opt__json").input(json.dumps(typed)).run()
    [old] = [key for key in typed if key not in written]
    button(app, f"Write {old} as {next(k for k in written if k not in typed)}").click().run()
    assert draft(app).options == written
    assert not any("Not documented" in w.value for w in app.warning)


def test_a_rules_warning_links_the_page_it_cites(new_app):
    """+neon on ml_c5: the warning names its rule and links its source, under the form's field
    and in the JSON tab where it was typed (it showed on the Form tab only)."""
    app = options_step(new_app, "ml-c5")
    keyed(app.text_area, "opt__json").input('{"mattr": ["+neon"]}').run()
    for tab in ("Form", "Edit as JSON"):
        [found] = [t for t in app.tabs if t.label == tab]
        assert [w for w in found.warning if "options/neon" in w.value], tab
    [json_tab] = [t for t in app.tabs if t.label == "Edit as JSON"]
    [warning] = [w.value for w in json_tab.warning if "options/neon" in w.value]
    assert warning.endswith(
        "(https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputConfig.html))."
    )


def test_warnings_about_options_replaced_by_typed_json_wait_for_it(new_app):
    """dtype applied, then JSON typed that cannot be applied (a 5,000-digit mcpu): the error
    says so, and the warnings about the dtype no longer in the box are gone (they stayed, with
    a Remove button acting on options the box no longer held)."""
    app = options_step(new_app, "rasp4b-64")
    keyed(app.text_area, "opt__json").input('{"dtype": "float16"}').run()
    assert any("Not documented" in w.value for w in app.warning)
    keyed(app.text_area, "opt__json").input('{"mcpu": ' + "9" * 5000 + "}").run()
    assert any("not applied yet" in e for e in errors(app)), errors(app)
    assert not any("Not documented" in w.value or "dtype" in w.value for w in app.warning)
    assert not [b for b in app.button if b.label == "Remove them"]
