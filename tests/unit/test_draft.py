"""The wizard's draft: default names, target switching, presets, API round trips, share tokens."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.draft.model import Draft
from core.draft.model_ref import upload_target
from core.draft.names import default_job_name, fleet_base
from core.draft.option_values import option_from_widget, whole_number_or_text
from core.draft.share import MAX_TOKEN_CHARS, from_token, to_token
from core.draft.steps import STEPS, step_for
from core.errors import NeoConfigError
from core.knowledge.presets import Preset, preset, presets
from core.spec import catalog, service
from core.spec.catalog import device_choices
from core.spec.presets import preset_output_config

ALL_PRESETS = presets()
PRESET_IDS = [p.id for p in ALL_PRESETS]
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"


def name_problem(name: str) -> str | None:
    return service.limit("CompilationJobName").check(name, "CompilationJobName")


def filled(draft: Draft) -> Draft:
    """The parts of a draft that are not the target, filled in validly."""
    draft.model_s3_uri = "s3://bucket/model.tar.gz"
    draft.framework = "PYTORCH"
    draft.input_shapes = '{"input0": [1, 3, 224, 224]}'
    draft.output_s3 = "s3://bucket/compiled/"
    draft.role_arn = ROLE
    return draft


def token_of(payload: bytes) -> str:
    """A token made the way to_token makes them, from raw bytes."""
    return base64.urlsafe_b64encode(zlib.compress(payload, 9)).decode("ascii").rstrip("=")


# ---- default job name -------------------------------------------------------------------------


def test_default_job_names_are_unique_and_valid() -> None:
    """Many default names made at once are all different and all valid job names."""
    names = [default_job_name() for _ in range(500)]
    assert len(set(names)) == len(names)
    assert all(name_problem(n) is None for n in names)


def test_new_drafts_get_distinct_valid_job_names() -> None:
    """Each new draft starts with its own valid job name."""
    first, second = Draft(), Draft()
    assert first.job_name != second.job_name
    assert name_problem(first.job_name) is None


@pytest.mark.parametrize(
    "hint", ["jetson_nano", "LINUX / ARM64 / NVIDIA", "My Model v2.0!", "modèle-été", "x" * 200]
)
def test_default_job_name_with_hint_is_valid_and_uses_it(hint: str) -> None:
    """A hint (a target summary, a model name) is folded into a valid job name."""
    name = default_job_name(hint)
    assert name_problem(name) is None
    assert name.startswith("neo-")


@pytest.mark.parametrize(
    ("hint", "base"),
    [
        ("LINUX / ARM64 / NVIDIA", "neo-linux-arm64-nvidia"),
        ("ANDROID / ARM_EABI / MALI", "neo-android-arm-eabi"),  # 21 letters: cut after a word
        ("My Model v2.0!", "neo-my-model-v2-0"),
    ],
)
def test_a_hint_becomes_whole_words_joined_by_single_hyphens(hint: str, base: str) -> None:
    """'LINUX / ARM64 / NVIDIA' made neo-linux--arm64--nvid-...: the run of separators left
    two hyphens, and the cut fell inside a word."""
    assert fleet_base(default_job_name(hint)) == base


@pytest.mark.parametrize(
    ("file_name", "key"),
    [
        ("cnn.onnx", "models/cnn.tar.gz"),
        ("resnet.tgz", "models/resnet.tar.gz"),
        ("Model.TAR.GZ", "models/Model.tar.gz"),
        ("dir\\net.tar.gz", "models/net.tar.gz"),
    ],
)
def test_the_upload_key_offered_ends_in_tar_gz(file_name: str, key: str) -> None:
    """The key the upload accepts: an archive keeps its name (a .tgz's default was refused)."""
    assert upload_target("s3://out-bucket/compiled/", "", file_name) == ("out-bucket", key)


def test_a_fleets_base_name_drops_only_a_default_names_time_and_random_part() -> None:
    """Each target's job name gets its own time and random part; a name the user gave is kept
    whole (its last word was cut: "tab-a-name" became "tab-a")."""
    assert fleet_base(default_job_name("jetson_nano")) == "neo-jetson-nano"
    assert fleet_base("tab-a-name") == "tab-a-name"
    assert fleet_base("x" * 63) == "x" * 40


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_default_job_name_is_valid_for_any_hint(hint: str) -> None:
    """Whatever the hint, the default name matches the API's pattern and length."""
    assert name_problem(default_job_name(hint)) is None


# ---- target switching -------------------------------------------------------------------------


def test_switching_back_restores_device_and_its_options() -> None:
    """Device -> platform -> device brings back the device and its options untouched."""
    draft = Draft()
    draft.apply_preset(preset("jetson-nano"))
    device_api = draft.output_config_api()
    draft.target_kind = "platform"
    draft.apply_preset(preset("armv7-phone"))
    draft.platform_arch = "ARM64"
    draft.set_options({"ANDROID_PLATFORM": 28})
    platform_api = draft.output_config_api()
    assert "TargetDevice" not in platform_api
    draft.target_kind = "device"
    assert draft.output_config_api() == device_api
    draft.target_kind = "platform"
    assert draft.output_config_api() == platform_api


def test_switching_kind_keeps_each_side_options_apart() -> None:
    """Options typed for the platform never show up in the device's request, and back."""
    draft = Draft(device="ml_c5")
    draft.set_options({"dtype": "float32"})
    draft.target_kind = "platform"
    assert draft.options == {}
    draft.set_options({"mcpu": "cortex-a72"})
    draft.target_kind = "device"
    assert draft.options == {"dtype": "float32"}
    assert json.loads(draft.output_config_api()["CompilerOptions"]) == {"dtype": "float32"}


def test_set_options_drops_empty_values() -> None:
    """Form fields left empty (None, '', []) are not sent as options."""
    draft = Draft()
    draft.set_options({"dtype": "float32", "x": None, "y": "", "z": []})
    assert draft.options == {"dtype": "float32"}
    draft.set_options({"dtype": None})
    assert "CompilerOptions" not in draft.output_config_api()


OPTION_VALUES = st.one_of(
    st.none(), st.text(max_size=6), st.integers(15, 35), st.lists(st.text(max_size=4), max_size=2)
)
OPS = st.one_of(
    st.tuples(st.just("kind"), st.sampled_from(["device", "platform"])),
    st.tuples(st.just("preset"), st.sampled_from(PRESET_IDS)),
    st.tuples(st.just("device"), st.sampled_from(service.target_devices())),
    st.tuples(
        st.just("platform"),
        st.tuples(
            st.sampled_from(service.os_values()),
            st.sampled_from(service.arch_values()),
            st.sampled_from(["", *service.accelerator_values()]),
        ),
    ),
    st.tuples(
        st.just("options"),
        st.dictionaries(
            st.sampled_from(["mcpu", "mattr", "dtype", "ANDROID_PLATFORM", "gpu-code", "flags"]),
            OPTION_VALUES,
            max_size=3,
        ),
    ),
    st.tuples(
        st.just("field"),
        st.tuples(
            st.sampled_from(["job_name", "role_arn", "output_s3", "model_s3_uri", "kms_key_id"]),
            st.text(max_size=12),
        ),
    ),
)


def _preset_options(chosen: Preset) -> dict[str, Any]:
    if isinstance(chosen.options, str):
        return {"flags": chosen.options}
    return dict(chosen.options or {})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, max_size=25))
def test_random_edits_never_send_both_targets(ops: list[tuple[str, Any]]) -> None:
    """Any sequence of kind switches, presets and edits yields exactly one target, the chosen one.

    A reference model tracks each side (device, platform) separately: switching kinds must bring
    back that side's last choice and options.
    """
    draft = Draft()
    kind = draft.target_kind
    device_side: tuple[str, dict[str, Any]] = (draft.device, {})
    platform_side: tuple[dict[str, str], dict[str, Any]] = (
        {"Os": draft.platform_os, "Arch": draft.platform_arch},
        {},
    )
    for op, value in ops:
        if op == "kind":
            draft.target_kind = value
            kind = value
        elif op == "preset":
            chosen = preset(value)
            draft.apply_preset(chosen)
            kind = chosen.kind
            if chosen.device:
                device_side = (chosen.device, _preset_options(chosen))
            else:
                platform_side = (dict(chosen.platform or {}), _preset_options(chosen))
        elif op == "device":
            draft.device = value
            device_side = (value, device_side[1])
        elif op == "platform":
            os_, arch, acc = value
            draft.platform_os, draft.platform_arch, draft.platform_accelerator = os_, arch, acc
            target = {"Os": os_, "Arch": arch} | ({"Accelerator": acc} if acc else {})
            platform_side = (target, platform_side[1])
        elif op == "options":
            draft.set_options(value)
            kept = {k: v for k, v in value.items() if v is not None and v != "" and v != []}
            if kind == "device":
                device_side = (device_side[0], kept)
            else:
                platform_side = (platform_side[0], kept)
        else:
            setattr(draft, value[0], value[1])

        api = draft.to_api()
        output = api["OutputConfig"]
        assert ("TargetDevice" in output) != ("TargetPlatform" in output)
        assert draft.target_kind == kind
        if kind == "device":
            assert output["TargetDevice"] == device_side[0]
            assert draft.options == device_side[1]
        else:
            assert output["TargetPlatform"] == platform_side[0]
            assert draft.options == platform_side[1]
        assert ("CompilerOptions" in output) == bool(draft.options)
    request, problems = draft.check()  # a draft in any state can be checked without raising
    assert request is not None or problems


# ---- presets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("chosen", ALL_PRESETS, ids=PRESET_IDS)
def test_apply_preset_fills_target_and_options(chosen: Preset) -> None:
    """Applying a preset sets the draft's target and options to the preset's OutputConfig."""
    draft = filled(Draft())
    draft.apply_preset(chosen)
    assert draft.preset == chosen.id
    assert draft.target_kind == chosen.kind
    assert draft.output_config_api() == preset_output_config(chosen, draft.output_s3)
    request, problems = draft.check()
    assert request is not None, problems
    assert all(p.severity == "warning" for p in problems)


def test_apply_preset_keeps_the_other_kinds_choice() -> None:
    """A platform preset leaves the device choice alone, so switching back finds it."""
    draft = Draft()
    draft.apply_preset(preset("coreml"))
    draft.apply_preset(preset("rk3399"))
    assert draft.target_kind == "platform"
    draft.target_kind = "device"
    assert draft.output_config_api()["TargetDevice"] == "coreml"
    assert draft.options == {"class_labels": "imagenet_labels_1000.txt"}


def test_neuron_preset_options_round_trip_as_flag_string() -> None:
    """The Inferentia preset's flags go out JSON-encoded and come back as the same flags."""
    draft = Draft()
    draft.apply_preset(preset("ml-inf1"))
    encoded = draft.options_api()
    assert encoded == json.dumps(preset("ml-inf1").options)
    assert Draft.from_api(draft.output_config_api()).options == draft.options


# ---- API round trip ---------------------------------------------------------------------------


def test_from_api_reads_a_full_request_back() -> None:
    """A full request loaded into a draft is written back unchanged."""
    api = {
        "CompilationJobName": "round-trip",
        "RoleArn": ROLE,
        "InputConfig": {
            "S3Uri": "s3://bucket/model.tar.gz",
            "Framework": "TENSORFLOW",
            "FrameworkVersion": "2.9",
            "DataInputConfig": '{"input": [1, 224, 224, 3]}',
        },
        "OutputConfig": {
            "S3OutputLocation": "s3://bucket/out/",
            "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64", "Accelerator": "NVIDIA"},
            "CompilerOptions": json.dumps(
                {"gpu-code": "sm_70", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
            ),
            "KmsKeyId": "alias/ExampleAlias",
        },
        "StoppingCondition": {
            "MaxRuntimeInSeconds": 1800,
            "MaxWaitTimeInSeconds": 3600,
            "MaxPendingTimeInSeconds": 7200,
        },
        "VpcConfig": {"SecurityGroupIds": ["sg-01"], "Subnets": ["subnet-01"]},
        "Tags": [{"Key": "team", "Value": "ml"}],
    }
    draft = Draft.from_api(api)
    assert draft.to_api() == api
    request, problems = draft.check()
    assert request is not None and [p for p in problems if p.severity == "error"] == []


def test_from_api_reads_an_output_config_alone() -> None:
    """An OutputConfig on its own fills the target, options and output location."""
    config = preset_output_config(preset("jetson-tx2"), "s3://bucket/out/")
    draft = Draft.from_api(config)
    assert draft.target_kind == "platform"
    assert draft.output_config_api() == config


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=15)


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    """Drafts in any state a person can leave them: a preset, then free edits."""
    draft = Draft()
    draft.apply_preset(draw(st.sampled_from(ALL_PRESETS)))
    if draw(st.booleans()):
        draft.target_kind = "device" if draft.target_kind == "platform" else "platform"
    draft.job_name = draw(TEXT)
    draft.role_arn = draw(TEXT)
    draft.model_s3_uri = draw(TEXT)
    draft.output_s3 = draw(TEXT)
    draft.kms_key_id = draw(TEXT)
    draft.framework = draw(st.sampled_from(service.frameworks()))
    draft.framework_version = draw(st.sampled_from(["", "1.8", "2.0"]))
    draft.input_shapes = draw(st.sampled_from(["", '{"data": [1, 3, 224, 224]}', " [[1, 3]] "]))
    draft.max_runtime = draw(st.integers(1, 10**6))
    draft.max_pending = draw(st.none() | st.integers(0, 10**7))
    draft.max_wait = draw(st.none() | st.integers(0, 10**7))
    draft.security_groups = draw(st.lists(TEXT, max_size=3))
    draft.subnets = draw(st.lists(TEXT, max_size=3))
    draft.tags = draw(st.lists(st.fixed_dictionaries({"Key": TEXT, "Value": TEXT}), max_size=3))
    return draft


@settings(max_examples=150, deadline=None)
@given(drafts())
def test_from_api_of_to_api_is_the_same_request(draft: Draft) -> None:
    """Draft.from_api(draft.to_api()) describes exactly the same request."""
    api = draft.to_api()
    again = Draft.from_api(api)
    assert again.to_api() == api
    assert again.target_kind == draft.target_kind


# ---- share tokens -----------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(drafts())
def test_share_token_round_trip(draft: Draft) -> None:
    """from_token(to_token(draft)) gives back every field but the draft's id and step."""
    draft.step = 3
    token = to_token(draft)
    assert len(token) <= MAX_TOKEN_CHARS
    assert token.replace("-", "").replace("_", "").isalnum()  # URL-safe as is
    back = from_token(token)
    assert back.model_dump(exclude={"id", "step"}) == draft.model_dump(exclude={"id", "step"})
    assert back.to_api() == draft.to_api()


VALID_TOKEN = to_token(filled(Draft()))
DAMAGED = {
    "empty": "",
    "garbage": "this is not a token!",
    "truncated": VALID_TOKEN[: len(VALID_TOKEN) // 2],
    "flipped": VALID_TOKEN[:20] + ("A" if VALID_TOKEN[20] != "A" else "B") + VALID_TOKEN[21:],
    "not zlib": base64.urlsafe_b64encode(b"hello world").decode(),
    "not json": token_of(b"not json at all"),
    "json list": token_of(b"[1, 2, 3]"),
    "json null": token_of(b"null"),
    "wrong type": token_of(b'{"step": "three"}'),
    "both targets": token_of(b'{"target_kind": "both"}'),
    "deep nesting": token_of(b"[" * 200_000),
    "inflates too far": token_of(b'{"name": "' + b"a" * 3_000_000 + b'"}'),
}


@pytest.mark.parametrize("token", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_token_raises_neo_config_error(token: str) -> None:
    """A damaged or hostile token raises NeoConfigError, never another exception."""
    assert len(token) <= MAX_TOKEN_CHARS
    with pytest.raises(NeoConfigError) as caught:
        from_token(token)
    said = caught.value.message
    assert "damaged" in said or "expands to more than 64 KB" in said


def test_oversized_token_raises_neo_config_error() -> None:
    """A token longer than any this app makes is refused before decoding."""
    with pytest.raises(NeoConfigError) as caught:
        from_token("A" * (MAX_TOKEN_CHARS + 1))
    assert "too long" in caught.value.message


# ---- steps ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "step"),
    [
        ("InputConfig", "Model"),
        ("InputConfig.S3Uri", "Model"),
        ("InputConfig.DataInputConfig", "Model"),
        ("InputConfig.FrameworkVersion", "Model"),
        ("ModelPackageVersionArn", "Model"),
        ("OutputConfig", "Target"),
        ("OutputConfig.TargetDevice", "Target"),
        ("OutputConfig.TargetPlatform", "Target"),
        ("OutputConfig.TargetPlatform.Arch", "Target"),
        ("OutputConfig.TargetPlatform.Accelerator", "Target"),
        ("OutputConfig.CompilerOptions", "Compiler options"),
        ("OutputConfig.CompilerOptions.gpu-code", "Compiler options"),
        ("OutputConfig.S3OutputLocation", "Output and job"),
        ("OutputConfig.KmsKeyId", "Output and job"),
        ("CompilationJobName", "Output and job"),
        ("RoleArn", "Output and job"),
        ("StoppingCondition.MaxPendingTimeInSeconds", "Output and job"),
        ("VpcConfig.Subnets", "Output and job"),
        ("Tags[0].Key", "Output and job"),
    ],
)
def test_step_for_maps_paths_to_their_step(path: str, step: str) -> None:
    """Each problem path links back to the wizard step that owns the field."""
    assert STEPS[step_for(path)] == step


def test_every_problem_of_a_blank_draft_links_to_an_editing_step() -> None:
    """A blank draft's problems (model, output, role) each point to a step before Review."""
    _, problems = Draft().check()
    assert problems
    steps = {p.path: STEPS[step_for(p.path)] for p in problems}
    assert steps["InputConfig.S3Uri"] == "Model"
    assert steps["RoleArn"] == "Output and job"
    assert all(step != "Review" for step in steps.values())


def test_device_choices_cover_every_device_once() -> None:
    """The device picker lists every TargetDevice once, labelled with its human name."""
    choices = device_choices()
    assert sorted(v for v, _ in choices) == sorted(service.target_devices())
    labels = dict(choices)
    assert labels["jetson_nano"] == catalog.device("jetson_nano").label


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("900", 900),
        (" -5 ", -5),
        ("+60", 60),
        ("", None),
        ("   ", None),
        ("1e3", 1000),  # the number it writes (a browser's number field made it 1)
        ("900.0", 900),
        ("1_000", 1000),  # pydantic reads it so: the draft must not keep it as text
        ("21.5", "21.5"),
        ("9007199254740991", 9007199254740991),
        ("9007199254740992", "9007199254740992"),  # past what a browser holds exactly
        ("9" * 17, "9" * 17),
        ("9" * 5000, "9" * 5000),
        ("٣", "٣"),  # a digit of another script: int() reads it, the API does not
    ],
)
def test_a_whole_number_field_reads_digits_and_keeps_anything_else_as_typed(typed, read):
    """Never 0, 1 or 21 for 5,000 nines, 1e3 or 21.5 (a browser's number field made those):
    a whole number however written, else the text as typed."""
    assert whole_number_or_text(typed) == read
    assert option_from_widget("int", typed) == read


def test_a_layout_the_model_refuses_is_said_once(tmp_path) -> None:
    """A Keras model's [4, 224, 224, 3]: the guess from the sizes ("looks channel-last") and
    the model's own error ("is written NHWC ... write [4,3,224,224]") said it twice."""
    from core.draft.model_ref import ModelRef
    from core.model import inspect_path
    from tests.unit.model.model_builders import keras_h5

    path = keras_h5(tmp_path / "model.h5")
    draft = Draft(framework="KERAS", input_shapes='{"input_1": [4, 224, 224, 3]}')
    said = [p.message for p in draft.check()[1] if p.path == "InputConfig.DataInputConfig"]
    assert any("looks channel-last" in s for s in said), said  # no model: the guess is all
    draft.known_model = ModelRef.of(inspect_path(path, "KERAS"), "model.h5")
    said = [p.message for p in draft.check()[1] if p.path == "InputConfig.DataInputConfig"]
    assert not any("looks channel-last" in s for s in said), said
    assert any("is written NHWC" in s for s in said), said


def test_options_typed_with_a_number_past_a_float_are_kept_as_text_and_explained() -> None:
    """1e400 in the options box raised a validation error out of the callback (a traceback on
    the page): it is a number JSON allows, which the draft would send as Infinity."""
    draft = Draft()
    typed = '{"mcpu": "skylake-avx512", "opt": 1e400}'
    said = draft.edit_options_json(typed)
    assert said is not None and "like 1e400" in said
    assert draft.options_text == typed and draft.options == {}
