"""Presets: the reference's six examples corrected, plus common devices, all valid as shipped."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator

from core.errors import NeoConfigError
from core.knowledge import presets as pr
from core.spec.presets import preset_output_config
from core.spec.request import check_output_config, check_request
from core.spec.strict import check_strict

REQUIRED_IDS = [
    "rasp3b-plus",
    "jetson-tx2",
    "ec2-m5-2xlarge",
    "rk3399",
    "armv7-phone",
    "armv8-phone",
    "rasp4b-64",
    "jetson-nano",
    "jetson-xavier",
    "x86-linux-nvidia",
    "ml-c5",
    "ml-inf1",
    "coreml",
]

# The platform examples of the OutputConfig API reference, as printed there (single quotes,
# underscores lost and all), keyed by the preset that corrects them.
REFERENCE_EXAMPLES: dict[str, tuple[dict[str, str], str | None]] = {
    "rasp3b-plus": ({"Os": "LINUX", "Arch": "ARMEABIHF"}, "{'mattr': ['+neon']}"),
    "jetson-tx2": (
        {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},
        "{'gpu-code': 'sm62', 'trt-ver': '6.0.1', 'cuda-ver': '10.0'}",
    ),
    "ec2-m5-2xlarge": (
        {"Os": "LINUX", "Arch": "X8664", "Accelerator": "NVIDIA"},
        "{'mcpu': 'skylake-avx512'}",
    ),
    "rk3399": ({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"}, None),
    "armv7-phone": (
        {"Os": "ANDROID", "Arch": "ARMEABI"},
        "{'ANDROIDPLATFORM': 25, 'mattr': ['+neon']}",
    ),
    "armv8-phone": ({"Os": "ANDROID", "Arch": "ARM64"}, "{'ANDROIDPLATFORM': 29}"),
}
BROKEN_SPELLINGS = ("ARMEABIHF", "ARMEABI", "X8664", "sm62", "ANDROIDPLATFORM", "gpucode")


@pytest.fixture(scope="module")
def input_shape() -> Any:
    model = botocore.session.get_session().get_service_model("sagemaker")
    return model.operation_model("CreateCompilationJob").input_shape


def full_request(preset: pr.Preset) -> dict[str, Any]:
    return {
        "CompilationJobName": f"preset-{preset.id}",
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputConfig": {
            "S3Uri": "s3://bucket/model.tar.gz",
            "Framework": "PYTORCH",
            "DataInputConfig": '{"input0": [1, 3, 224, 224]}',
        },
        "OutputConfig": preset_output_config(preset, "s3://bucket/compiled/"),
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }


ALL = pr.presets()


def test_required_presets_exist() -> None:
    """At least the 13 presets of the issue exist, with unique ids."""
    ids = [p.id for p in ALL]
    assert len(ids) == len(set(ids))
    assert set(REQUIRED_IDS) <= set(ids)
    assert len(ids) >= 13


@pytest.mark.parametrize("preset", ALL, ids=[p.id for p in ALL])
def test_preset_names_exactly_one_target_and_has_titles(preset: pr.Preset) -> None:
    """Each preset names a device or a platform (never both), with a title and a line."""
    assert (preset.device is None) != (preset.platform is None)
    assert preset.title.strip() and preset.line.strip()
    api = preset_output_config(preset)
    assert ("TargetDevice" in api) != ("TargetPlatform" in api)
    assert preset.kind == ("device" if preset.device else "platform")


@pytest.mark.parametrize("preset", ALL, ids=[p.id for p in ALL])
def test_preset_output_config_validates(preset: pr.Preset) -> None:
    """Every preset's OutputConfig passes check_output_config with no problem at all."""
    result, problems = check_output_config(preset_output_config(preset))
    assert problems == []
    assert result is not None
    assert result.to_api() == preset_output_config(preset)


@pytest.mark.parametrize("preset", ALL, ids=[p.id for p in ALL])
def test_full_request_from_preset_validates(preset: pr.Preset, input_shape: Any) -> None:
    """A full request built around each preset passes check_request and botocore's validator."""
    request, problems = check_request(full_request(preset))
    assert request is not None, problems
    assert all(p.severity == "warning" for p in problems)
    report = ParamValidator().validate(request.to_api(), input_shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("preset", ALL, ids=[p.id for p in ALL])
def test_full_request_from_preset_passes_strict_validation(preset: pr.Preset) -> None:
    """A preset is written as sent: `python -m core validate` finds nothing to repair."""
    request, problems = check_strict(full_request(preset))
    assert request is not None, problems
    assert all(p.severity == "warning" for p in problems)


@pytest.mark.parametrize("preset", ALL, ids=[p.id for p in ALL])
def test_preset_avoids_the_reference_spellings(preset: pr.Preset) -> None:
    """No preset's target or options uses ARMEABIHF, X8664, sm62, ANDROIDPLATFORM and the like."""
    sent = json.dumps(preset_output_config(preset))
    for spelling in BROKEN_SPELLINGS:
        assert spelling not in sent, spelling


def test_m5_preset_has_no_nvidia_and_says_why() -> None:
    """The m5.2xlarge preset compiles for the CPU, and its data explains dropping NVIDIA."""
    m5 = pr.preset("ec2-m5-2xlarge")
    assert m5.platform is not None
    assert m5.platform.get("Accelerator") is None
    assert m5.platform["Arch"] == "X86_64"
    assert m5.why.strip()
    assert "NVIDIA" in m5.why and "GPU" in m5.why
    assert m5.options == {"mcpu": "skylake-avx512"}


def _corrected(platform: dict[str, str], options: str | None) -> tuple[dict[str, str], Any]:
    """The reference example with its spellings fixed, as the tests (not the code) read them."""
    arch = {"ARMEABIHF": "ARM_EABIHF", "ARMEABI": "ARM_EABI", "X8664": "X86_64"}
    fixed = {k: arch.get(v, v) for k, v in platform.items()}
    if options is None:
        return fixed, None
    text = options.replace("'", '"').replace("ANDROIDPLATFORM", "ANDROID_PLATFORM")
    return fixed, json.loads(text.replace('"sm62"', '"sm_62"'))


@pytest.mark.parametrize("preset_id", list(REFERENCE_EXAMPLES))
def test_reference_presets_are_the_reference_examples_corrected(preset_id: str) -> None:
    """The first six presets are the reference's examples with only their mistakes fixed."""
    platform, options = _corrected(*REFERENCE_EXAMPLES[preset_id])
    preset = pr.preset(preset_id)
    if preset_id == "ec2-m5-2xlarge":
        platform.pop("Accelerator")  # the one correction that is a decision, explained in `why`
    assert preset.platform == platform
    assert preset.options == options
    if preset_id != "rk3399":
        assert preset.fixed.strip() or preset.why.strip()


def test_reference_examples_as_printed_are_invalid() -> None:
    """The uncorrected examples are indeed refused, so the presets fix something real."""
    for preset_id, (platform, options) in REFERENCE_EXAMPLES.items():
        if preset_id == "rk3399":
            continue  # printed correctly in the reference
        config: dict[str, Any] = {"S3OutputLocation": "s3://b/o/", "TargetPlatform": platform}
        if options is not None:
            config["CompilerOptions"] = options
        assert check_output_config(config)[1], preset_id


def test_neuron_preset_sends_a_json_encoded_flag_string() -> None:
    """The ml-inf1 preset's options are a flag string, sent JSON-encoded as Inferentia expects."""
    inf1 = pr.preset("ml-inf1")
    assert inf1.device == "ml_inf1"
    assert isinstance(inf1.options, str)
    encoded = preset_output_config(inf1)["CompilerOptions"]
    assert json.loads(encoded) == inf1.options
    assert encoded.startswith('"--')


@pytest.mark.parametrize(
    ("preset_id", "device"),
    [("jetson-nano", "jetson_nano"), ("jetson-xavier", "jetson_xavier"), ("coreml", "coreml")],
)
def test_device_presets_name_their_device(preset_id: str, device: str) -> None:
    """Device presets target the device their name says."""
    assert pr.preset(preset_id).target_api() == {"TargetDevice": device}


def test_unknown_preset_raises_neo_config_error_listing_ids() -> None:
    """Asking for a preset that does not exist raises NeoConfigError naming the real ones."""
    with pytest.raises(NeoConfigError) as caught:
        pr.preset("jetson-orin")
    assert "jetson-orin" in str(caught.value) and "jetson-nano" in str(caught.value)
