"""CompilerOptions: which model applies to which target, and the rules of each family."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.draft.model import Draft
from core.errors import Problem
from core.interchange.importer import import_text
from core.spec import catalog, rules
from core.spec import option_fields as of
from core.spec import options as opt
from core.spec.request import check_output_config, check_request
from core.spec.strict import check_strict
from core.spec.target import DeviceTarget, PlatformTarget

NVIDIA_OK = {"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
NVIDIA_PLATFORM = {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}
NEURON = "--verbose 1 --num-neuroncores 2 -O2"


def output(target: dict[str, Any], options: Any = None) -> dict[str, Any]:
    """An API OutputConfig; dict options are JSON-encoded as the API wants."""
    config: dict[str, Any] = {"S3OutputLocation": "s3://bucket/out/", **target}
    if options is not None:
        config["CompilerOptions"] = options if isinstance(options, str) else json.dumps(options)
    return config


def device(value: str) -> dict[str, Any]:
    return {"TargetDevice": value}


def platform(os_: str, arch: str, accelerator: str | None = None) -> dict[str, Any]:
    target = {"Os": os_, "Arch": arch}
    if accelerator:
        target["Accelerator"] = accelerator
    return {"TargetPlatform": target}


def errors(config: dict[str, Any]) -> list[Problem]:
    result, problems = check_output_config(config)
    found = [p for p in problems if p.severity == "error"]
    assert (result is None) == bool(found)
    return found


def warnings_of(config: dict[str, Any]) -> list[Problem]:
    return [p for p in check_output_config(config)[1] if p.severity == "warning"]


def paths(config: dict[str, Any]) -> list[str]:
    return [p.path for p in errors(config)]


def request(
    config: dict[str, Any], framework: str = "PYTORCH", shapes: str | None = None
) -> dict[str, Any]:
    inputs: dict[str, Any] = {"S3Uri": "s3://bucket/model.tar.gz", "Framework": framework}
    inputs["DataInputConfig"] = shapes or '{"input0": [1, 3, 224, 224]}'
    return {
        "CompilationJobName": "options-test",
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputConfig": inputs,
        "OutputConfig": config,
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }


# ---- which model applies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "model"),
    [
        ("ml_c5", opt.MlInstanceOptions),
        ("ml_g4dn", opt.MlInstanceOptions),
        ("ml_inf1", opt.NeuronOptions),
        ("ml_inf2", opt.NeuronOptions),
        ("ml_trn1", opt.NeuronOptions),
        ("ml_eia2", opt.EiaOptions),
        ("jetson_nano", opt.NvidiaDeviceOptions),
        ("jetson_xavier", opt.NvidiaDeviceOptions),
        ("rasp3b", opt.ArmCpuOptions),
        ("rk3399", opt.ArmCpuOptions),
        ("sbe_c", opt.CpuOptions),
        ("x86_win64", opt.CpuOptions),
        ("qcs605", opt.AndroidArmOptions),
        ("coreml", opt.CoreMLOptions),
        ("lambda", opt.NoOptions),
        ("amba_cv22", opt.NoOptions),
    ],
)
def test_options_model_for_devices(value: str, model: type[opt.CompilerOptionsBase]) -> None:
    """Each representative TargetDevice gets the options family the reference describes."""
    assert opt.options_model(DeviceTarget(TargetDevice=value)) is model


@pytest.mark.parametrize(
    ("os_", "arch", "accelerator", "model"),
    [
        ("LINUX", "ARM64", "NVIDIA", opt.NvidiaOptions),
        ("LINUX", "X86_64", "NVIDIA", opt.NvidiaOptions),
        ("LINUX", "X86_64", None, opt.CpuOptions),
        ("LINUX", "X86_64", "INTEL_GRAPHICS", opt.CpuOptions),
        ("LINUX", "ARM_EABIHF", None, opt.ArmCpuOptions),
        ("LINUX", "ARM64", "MALI", opt.ArmCpuOptions),
        ("ANDROID", "ARM64", None, opt.AndroidArmOptions),
        ("ANDROID", "ARM_EABI", "MALI", opt.AndroidArmOptions),
        ("ANDROID", "X86", None, opt.AndroidOptions),
        ("ANDROID", "X86_64", "INTEL_GRAPHICS", opt.AndroidOptions),
    ],
)
def test_options_model_for_platforms(
    os_: str, arch: str, accelerator: str | None, model: type[opt.CompilerOptionsBase]
) -> None:
    """Platforms map to NVIDIA, Android (ARM or x86) or CPU (ARM or x86) options."""
    target = PlatformTarget(Os=os_, Arch=arch, Accelerator=accelerator)
    assert opt.options_model(target) is model


def test_jetpack_value_selects_the_jetpack_model() -> None:
    """On a Jetson device, options written in the JetPack form select the JetPack model."""
    target = DeviceTarget(TargetDevice="jetson_xavier")
    value = {"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"}
    assert opt.options_model(target, value) is opt.NvidiaJetpackOptions
    assert opt.options_model(target, NVIDIA_OK) is opt.NvidiaDeviceOptions


@pytest.mark.parametrize("value", ["ml_new9", "new_board"])
def test_uncurated_device_gets_the_generic_model(value: str) -> None:
    """A device botocore adds later gets free-form generic options, ml_* included: the request's
    warning says its options are not checked, so none are refused."""
    target = DeviceTarget.model_construct(device=value)
    model = opt.options_model(target)
    assert model is opt.GenericOptions
    assert model.model_validate({"anything": [1, 2]}).api_value() == {"anything": [1, 2]}
    assert model.model_validate({"dtype": "float16"}).api_value() == {"dtype": "float16"}


# ---- NVIDIA -----------------------------------------------------------------------------------

NVIDIA_TARGETS = [device("jetson_tx2"), {"TargetPlatform": NVIDIA_PLATFORM}]
JETSONS = ["jetson_nano", "jetson_tx1", "jetson_tx2", "jetson_xavier"]


def rule_ids(problems: list[Problem]) -> list[str]:
    """The rules.toml ids the problems' messages name ("... (rule <id>, <source>)")."""
    return [
        p.message.split("(rule ", 1)[1].split(",", 1)[0] for p in problems if "(rule " in p.message
    ]


@pytest.mark.parametrize("target", NVIDIA_TARGETS)
def test_nvidia_options_with_all_three_keys_pass(target: dict[str, Any]) -> None:
    """gpu-code, trt-ver and cuda-ver together are accepted and sent back unchanged."""
    result, problems = check_output_config(output(target, NVIDIA_OK))
    assert problems == []
    assert result is not None
    assert json.loads(result.to_api()["CompilerOptions"]) == NVIDIA_OK


NVIDIA_CITED = (
    " (rule options/nvidia-required, API reference: OutputConfig, CompilerOptions, NVIDIA)."
)


@pytest.mark.parametrize("key", ["gpu-code", "trt-ver", "cuda-ver"])
def test_nvidia_platform_missing_key_is_an_error_at_its_path(key: str) -> None:
    """On an NVIDIA TargetPlatform, leaving out any one of the three keys is an error at
    CompilerOptions.<key> (the API: "It also requires gpu-code, trt-ver, cuda-ver")."""
    values = {k: v for k, v in NVIDIA_OK.items() if k != key}
    found = errors(output({"TargetPlatform": NVIDIA_PLATFORM}, values))
    assert [p.path for p in found] == [f"OutputConfig.CompilerOptions.{key}"]
    assert found[0].message == f"{key} is required{NVIDIA_CITED}"


@pytest.mark.parametrize("key", ["gpu-code", "trt-ver", "cuda-ver"])
def test_named_jetson_takes_any_of_the_three_keys(key: str) -> None:
    """A named Jetson device knows its GPU: any subset of the three keys is valid."""
    assert errors(output(device("jetson_tx2"), {key: NVIDIA_OK[key]})) == []


@pytest.mark.parametrize("target", NVIDIA_TARGETS)
@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("trt-ver", "6.0"),
        ("trt-ver", "6.0.1.5"),
        ("trt-ver", "v6.0.1"),
        ("cuda-ver", "10"),
        ("cuda-ver", "10.0.1"),
        ("cuda-ver", "cuda10.0"),
    ],
)
def test_nvidia_malformed_value_is_an_error_at_its_path(
    target: dict[str, Any], key: str, bad: str
) -> None:
    """trt-ver must be x.y.z and cuda-ver x.y, matched in full (the API text says so)."""
    found = errors(output(target, {**NVIDIA_OK, key: bad}))
    assert [p.path for p in found] == [f"OutputConfig.CompilerOptions.{key}"]
    assert bad in found[0].message


@pytest.mark.parametrize("target", NVIDIA_TARGETS)
@pytest.mark.parametrize("bad", ["sm62", "62", "xsm_62", "SM_72", "sm_7"])
def test_a_gpu_code_unlike_the_examples_warns(target: dict[str, Any], bad: str) -> None:
    """The reference shows gpu-code values (sm_72, sm_62) but states no form for them, as it
    does for trt-ver and cuda-ver: another form is sent, with a warning naming it."""
    config = output(target, {**NVIDIA_OK, "gpu-code": bad})
    assert errors(config) == []
    said = [p.message for p in warnings_of(config) if "options/gpu-code-form" in p.message]
    assert len(said) == 1 and repr(bad) in said[0], said


def test_the_api_texts_gpu_code_spelling_satisfies_an_nvidia_platform() -> None:
    """The API text names the option gpu_code while its examples write gpu-code: either
    spelling is the required GPU code on an NVIDIA TargetPlatform, sent as written, with a
    warning naming the examples' spelling; neither is still an error."""
    values = {"gpu_code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
    config = output({"TargetPlatform": NVIDIA_PLATFORM}, values)
    result, problems = check_output_config(config)
    assert result is not None and json.loads(result.to_api()["CompilerOptions"]) == values
    said = [p for p in problems if p.path == "OutputConfig.CompilerOptions.gpu_code"]
    assert len(said) == 1, problems  # the text's own spelling, which the warning owns to
    assert "its text writes 'gpu_code' in its list of NVIDIA options, but every example writes "
    assert "'gpu-code', and which one SageMaker reads is not documented" in said[0].message
    both = output({"TargetPlatform": NVIDIA_PLATFORM}, {**values, "gpu-code": "sm_62"})
    assert errors(both) == []
    assert any("options/gpu-code-twice" in p.message for p in warnings_of(both))
    del values["gpu_code"]
    found = errors(output({"TargetPlatform": NVIDIA_PLATFORM}, values))
    assert [(p.path, p.message) for p in found] == [
        (
            "OutputConfig.CompilerOptions.gpu-code",
            f"gpu-code is required{NVIDIA_CITED}",
        )
    ]


def test_nvidia_platform_without_options_is_an_error() -> None:
    """An NVIDIA platform with no CompilerOptions at all is refused, naming the keys."""
    found = errors(output({"TargetPlatform": NVIDIA_PLATFORM}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    for key in ("gpu-code", "trt-ver", "cuda-ver"):
        assert key in found[0].message


@pytest.mark.parametrize("value", JETSONS)
def test_named_jetson_without_options_is_valid_with_its_known_values_suggested(value: str) -> None:
    """No CompilerOptions on a named Jetson is valid; the guide's values for it are suggested
    (a warning naming rule options/nvidia-device-known-values, and `suggested_options`)."""
    result, problems = check_output_config(output(device(value)))
    assert result is not None
    assert [(p.path, p.severity) for p in problems] == [("OutputConfig.CompilerOptions", "warning")]
    assert rule_ids(problems) == ["options/nvidia-device-known-values"]
    example = catalog.device(value).example
    assert example and json.dumps(example) in problems[0].message
    assert rules.suggested_options(result.facts()) == example
    with_options = check_output_config(output(device(value), example))[0]
    assert with_options is not None and rules.suggested_options(with_options.facts()) is None


def undocumented(config: dict[str, Any]) -> list[Problem]:
    """The options/undocumented-key warnings of an OutputConfig that passes."""
    result, problems = check_output_config(config)
    assert result is not None, problems
    return [p for p in problems if rule_ids([p]) == ["options/undocumented-key"]]


def test_underscore_nvidia_key_is_sent_with_a_warning_naming_the_api_spelling() -> None:
    """The API text spells the key gpu_code once (NOTES), so it is not refused: it is sent as
    written, and the warning names gpu-code, the spelling of every example (the importer
    repairs it, NOTES: "accept both spellings on import")."""
    underscored = {"gpu_code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
    result, _ = check_output_config(output(device("jetson_tx2"), underscored))
    assert result is not None and json.loads(result.to_api()["CompilerOptions"]) == underscored
    [warning] = undocumented(output(device("jetson_tx2"), underscored))
    assert warning.path == "OutputConfig.CompilerOptions.gpu_code"
    assert warning.severity == "warning"
    assert "'gpu_code' is not a compiler option" in warning.message
    assert "but every example writes 'gpu-code'" in warning.message
    [other] = undocumented(output(device("jetson_tx2"), {"gpucode": "sm_62"}))
    assert "it spells this one 'gpu-code'" in other.message  # no text writes gpucode


def test_a_required_nvidia_key_written_with_an_underscore_is_missing_in_those_words() -> None:
    """On an NVIDIA platform trt-ver is required, and no reference text writes it trt_ver:
    given only so, the refusal says that it is written so, not a bare "required"."""
    underscored = {"gpu-code": "sm_72", "trt_ver": "6.0.1", "cuda-ver": "10.0"}
    found = errors(output({"TargetPlatform": NVIDIA_PLATFORM}, underscored))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.trt-ver"]
    assert "writes it 'trt_ver'" in found[0].message


def test_underscore_nvidia_keys_are_imported_and_emitted_hyphenated() -> None:
    """gpu_code/trt_ver/cuda_ver are read on import and sent as the API's gpu-code."""
    underscored = {"gpu_code": "sm_62", "trt_ver": "6.0.1", "cuda_ver": "10.0"}
    result = import_text(json.dumps(output(device("jetson_tx2"), underscored)))
    assert result.errors == []
    assert json.loads(result.api["CompilerOptions"]) == NVIDIA_OK


def test_both_spellings_of_one_nvidia_key_warn_at_the_python_one() -> None:
    """trt_ver beside trt-ver: the reference does not say which one Neo reads, so a warning at
    trt_ver that names the API's spelling."""
    found = undocumented(output(device("jetson_tx2"), {**NVIDIA_OK, "trt_ver": "6.0.1"}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.trt_ver"]
    assert "it spells this one 'trt-ver'" in found[0].message


@pytest.mark.parametrize(
    ("target", "key", "spelled"),
    [
        (platform("ANDROID", "ARM64"), "ANDROIDPLATFORM", "ANDROID_PLATFORM"),
        (device("ml_eia2"), "precisionmode", "precision_mode"),
        (device("coreml"), "classlabels", "class_labels"),
    ],
)
def test_a_key_spelled_as_the_reference_text_loses_it_names_the_apis_spelling(
    target: dict[str, Any], key: str, spelled: str
) -> None:
    """The reference's text loses underscores (ANDROIDPLATFORM); such a key is sent with a
    warning that names the spelling the target takes, so its limits get checked once fixed."""
    found = undocumented(output(target, {key: "x"}))
    assert [p.path for p in found] == [f"OutputConfig.CompilerOptions.{key}"]
    assert f"it spells this one '{spelled}'" in found[0].message
    elsewhere = undocumented(output(device("ml_c5"), {key: "x"}))  # not a key ml_c5 takes
    assert "it spells this one" not in elsewhere[0].message


@pytest.mark.parametrize("value", JETSONS)
@pytest.mark.parametrize("spelling", ["gpu_code", "gpu-code"])
def test_jetpack_form_accepted_for_jetson_devices(value: str, spelling: str) -> None:
    """{JETPACK_VERSION, gpu_code} (the guide's TensorFlow 2 example) and the same with gpu-code
    are accepted for Jetson devices and sent as written: the guide writes sm_72 on jetson_nano's
    row, whose own example is sm_53, so no board's GPU code is compared. The form is on
    jetson_nano's row alone: on the other boards the guide is silent, so a warning."""
    jetpack = {"JETPACK_VERSION": "4.6", spelling: "sm_72"}
    result, problems = check_output_config(output(device(value), jetpack))
    assert result is not None
    assert json.loads(result.to_api()["CompilerOptions"]) == jetpack
    expected = [] if value == "jetson_nano" else ["options/jetpack-device"]
    assert rule_ids(problems) == expected


def test_jetpack_form_takes_trt_and_cuda_versions_beside_it() -> None:
    """JETPACK_VERSION beside gpu-code, trt-ver and cuda-ver is one valid form."""
    values = {"JETPACK_VERSION": "4.6", **NVIDIA_OK}
    assert errors(output(device("jetson_tx2"), values)) == []


def test_jetpack_form_warns_about_two_spellings_of_the_gpu_code() -> None:
    """gpu_code and gpu-code together say one thing twice; the reference says nothing of which
    Neo reads, so it is a warning, not a refusal."""
    values = {"JETPACK_VERSION": "4.6", "gpu_code": "sm_53", "gpu-code": "sm_53"}
    config = output(device("jetson_nano"), values)
    assert errors(config) == []
    assert rule_ids(warnings_of(config)) == ["options/gpu-code-twice"]


@pytest.mark.parametrize(("value", "code"), [("jetson_nano", "sm_72"), ("jetson_tx2", "sm_53")])
def test_gpu_code_not_the_devices_own_is_a_warning(value: str, code: str) -> None:
    """sm_72 on a jetson_nano (an sm_53 board) passes with a warning naming the device's code."""
    result, problems = check_output_config(output(device(value), {**NVIDIA_OK, "gpu-code": code}))
    assert result is not None
    assert rule_ids(problems) == ["options/gpu-code-device"]
    assert catalog.device(value).example["gpu-code"] in problems[0].message  # type: ignore[index]


@pytest.mark.parametrize(
    ("key", "bad", "rule"),
    [
        ("JETPACK_VERSION", "four", "options/jetpack-version-form"),
        ("JETPACK_VERSION", "4", "options/jetpack-version-form"),
        ("gpu_code", "sm72", "options/gpu-code-form"),
        ("gpu_code", "sm_72xy", "options/gpu-code-form"),
    ],
)
def test_jetpack_form_unlike_the_guides_example_warns(key: str, bad: str, rule: str) -> None:
    """The guide gives one JetPack example ('4.6', 'sm_72') and no form: another is sent,
    with a warning at CompilerOptions naming the value."""
    config = output(
        device("jetson_xavier"), {"JETPACK_VERSION": "4.6", "gpu_code": "sm_72", key: bad}
    )
    assert errors(config) == []
    said = [p for p in warnings_of(config) if rule in p.message]
    assert len(said) == 1 and repr(bad) in said[0].message


# ---- Android ----------------------------------------------------------------------------------

ANDROID_TARGETS = [
    platform("ANDROID", "ARM64"),
    platform("ANDROID", "X86"),
    platform("ANDROID", "ARM_EABI", "MALI"),
    device("qcs605"),
]


@pytest.mark.parametrize("target", ANDROID_TARGETS)
@pytest.mark.parametrize("level", [21, 25, 29])
def test_android_platform_in_range_passes(target: dict[str, Any], level: int) -> None:
    """ANDROID_PLATFORM from 21 to 29 inclusive is accepted."""
    assert errors(output(target, {"ANDROID_PLATFORM": level})) == []


@pytest.mark.parametrize("target", ANDROID_TARGETS)
@pytest.mark.parametrize("level", [20, 30])
def test_android_platform_out_of_range_fails(target: dict[str, Any], level: int) -> None:
    """ANDROID_PLATFORM 20 and 30 are refused at CompilerOptions.ANDROID_PLATFORM."""
    found = errors(output(target, {"ANDROID_PLATFORM": level}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.ANDROID_PLATFORM"]
    assert str(21 if level < 21 else 29) in found[0].message


def test_android_platform_reference_spelling_is_undocumented() -> None:
    """The reference's 'ANDROIDPLATFORM' is not the key its examples give: a warning there."""
    found = undocumented(output(platform("ANDROID", "ARM64"), {"ANDROIDPLATFORM": 29}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.ANDROIDPLATFORM"]
    assert "they give ANDROID_PLATFORM, mcpu, mattr" in found[0].message


# ---- CPU and mattr ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        platform("LINUX", "X86_64"),
        platform("ANDROID", "X86_64"),
        platform("ANDROID", "X86", "INTEL_GRAPHICS"),
        device("sbe_c"),
        device("x86_win64"),
        device("deeplens"),
        device("ml_c5"),
    ],
)
def test_mattr_and_mcpu_on_x86_cpu_targets_pass(target: dict[str, Any]) -> None:
    """The API lists mcpu and mattr under "CPU": x86 targets take both, as ARM ones do."""
    values = {"mcpu": "skylake-avx512", "mattr": ["+avx2"]}
    result, problems = check_output_config(output(target, values))
    assert problems == [] and result is not None
    assert json.loads(result.to_api()["CompilerOptions"]) == values


@pytest.mark.parametrize("target", [platform("ANDROID", "ARM64"), device("qcs605")])
def test_android_arm_takes_mcpu_mattr_and_the_api_level(target: dict[str, Any]) -> None:
    """Android ARM takes ANDROID_PLATFORM beside the CPU options mcpu and mattr."""
    values = {"ANDROID_PLATFORM": 27, "mcpu": "cortex-a53", "mattr": ["+neon"]}
    assert errors(output(target, values)) == []


@pytest.mark.parametrize(
    "target",
    [
        platform("LINUX", "ARM_EABIHF"),
        platform("LINUX", "ARM64", "MALI"),
        platform("ANDROID", "ARM_EABI"),
        device("rasp3b"),
    ],
)
def test_mattr_on_arm_passes_and_bare_string_becomes_list(target: dict[str, Any]) -> None:
    """ARM targets take mattr; the bare string '+neon' is sent as ['+neon']."""
    result, problems = check_output_config(output(target, {"mattr": "+neon"}))
    assert problems == []
    assert result is not None
    assert json.loads(result.to_api()["CompilerOptions"]) == {"mattr": ["+neon"]}


def test_mattr_comma_string_becomes_list_of_flags() -> None:
    """A comma-separated mattr string becomes a list of flags."""
    assert opt.ArmCpuOptions(mattr="+neon, +vfpv4").api_value() == {"mattr": ["+neon", "+vfpv4"]}


@pytest.mark.parametrize(
    "target", [platform("LINUX", "ARM_EABIHF"), platform("ANDROID", "ARM64"), device("qcs605")]
)
@pytest.mark.parametrize("mattr", [["neon"], "neon", ["+neon", "vfpv4"]])
def test_mattr_flag_without_sign_is_sent_with_a_warning(target: dict[str, Any], mattr: Any) -> None:
    """The reference writes every mattr flag with a sign but never says one is required: a flag
    without it is sent as written, with options/mattr-unsigned naming it (it was refused)."""
    result, problems = check_output_config(output(target, {"mattr": mattr}))
    assert result is not None
    [warning] = [p for p in problems if "options/mattr-unsigned" in p.message]
    assert warning.path == "OutputConfig.CompilerOptions.mattr" and warning.severity == "warning"
    unsigned = [flag for flag in sent_flags(mattr) if not flag.startswith("+")]
    assert f"mattr flag(s) {', '.join(map(repr, unsigned))}: no + or -" in warning.message
    sent = json.loads(result.to_api()["CompilerOptions"])["mattr"]
    assert sent == (mattr if isinstance(mattr, list) else [mattr])


def sent_flags(mattr: Any) -> list[str]:
    return mattr if isinstance(mattr, list) else [mattr]


def test_every_unsigned_mattr_flag_is_named() -> None:
    """Each flag without a sign is named, not only the first (markup and other scripts too)."""
    config = output(platform("LINUX", "ARM_EABIHF"), {"mattr": ["+neon", "**bold**", "名前"]})
    [warning] = [p for p in check_output_config(config)[1] if "mattr-unsigned" in p.message]
    assert "'**bold**', '名前': no + or -" in warning.message


@pytest.mark.parametrize("mattr", [["+neon", ""], ["  "], []])
def test_an_empty_mattr_flag_is_sent_with_one_warning(mattr: list[str]) -> None:
    """The reference is silent on an empty flag: it is sent, and options/empty-value says so
    once (options/mattr-unsigned does not name it again)."""
    config = output(platform("LINUX", "ARM_EABIHF"), {"mattr": mattr})
    assert errors(config) == []
    assert rule_ids(warnings_of(config)) == ["options/empty-value"]
    assert "gives mattr with nothing in it" in warnings_of(config)[0].message


@pytest.mark.parametrize(
    "target", [platform("LINUX", "X86_64"), platform("LINUX", "ARM64"), device("sbe_c")]
)
def test_mcpu_on_cpu_targets_passes(target: dict[str, Any]) -> None:
    """mcpu is accepted on x86 and ARM CPU targets."""
    assert errors(output(target, {"mcpu": "skylake-avx512"})) == []


# ---- EIA --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        {"precision_mode": "FP16"},
        {"precision_mode": "FP32", "signature_def_key": "serving_default"},
        {"precision_mode": "FP32", "output_names": ["output:0"]},
    ],
)
def test_eia_valid_options_pass(value: dict[str, Any]) -> None:
    """EIA takes precision_mode with one of signature_def_key or output_names."""
    assert errors(output(device("ml_eia2"), value)) == []


def test_eia_signature_and_output_names_together_fail() -> None:
    """Setting both signature_def_key and output_names is refused."""
    value = {"signature_def_key": "serving_default", "output_names": ["output:0"]}
    found = errors(output(device("ml_eia2"), value))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    assert "signature_def_key" in found[0].message and "output_names" in found[0].message


@pytest.mark.parametrize("names", [[""], ["output:0", "  "], []])
def test_eia_empty_output_names_are_sent_with_a_warning(names: list[str]) -> None:
    """The reference is silent on an empty tensor name or list: sent, with options/empty-value."""
    config = output(device("ml_eia2"), {"output_names": names})
    assert errors(config) == []
    assert "options/empty-value" in rule_ids(warnings_of(config))


@pytest.mark.parametrize("mode", ["FP64", "fp16", "INT8"])
def test_eia_precision_mode_other_than_fp16_fp32_fails(mode: str) -> None:
    """precision_mode is FP16 or FP32 only."""
    found = errors(output(device("ml_eia2"), {"precision_mode": mode}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.precision_mode"]
    assert "FP16" in found[0].message and "FP32" in found[0].message


# ---- CoreML -----------------------------------------------------------------------------------


def test_class_labels_on_coreml_passes() -> None:
    """coreml takes class_labels."""
    assert errors(output(device("coreml"), {"class_labels": "labels.txt"})) == []


@pytest.mark.parametrize(
    ("target", "other_options"),
    [
        (device("ml_c5"), {}),
        (device("jetson_nano"), NVIDIA_OK),
        (platform("LINUX", "X86_64"), {}),
    ],
)
def test_class_labels_elsewhere_warns(target: dict[str, Any], other_options: dict) -> None:
    """class_labels is documented for coreml only: on ml_c5, a Jetson or a platform it is sent
    with a warning (the reference never says other keys are refused)."""
    found = undocumented(output(target, {"class_labels": "labels.txt", **other_options}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.class_labels"]
    assert "'class_labels' is not a compiler option" in found[0].message


# ---- dtype ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float", "int64", "long"])
def test_dtype_values_pass_with_pytorch(dtype: str) -> None:
    """dtype float32, float, int64 and long are accepted for a PyTorch model on ml_*."""
    _, problems = check_request(request(output(device("ml_c5"), {"dtype": dtype})))
    assert problems == []


@pytest.mark.parametrize("dtype", ["float16", "int32", "FLOAT32"])
def test_dtype_other_values_fail(dtype: str) -> None:
    """Other dtype values are refused at CompilerOptions.dtype."""
    _, problems = check_request(request(output(device("ml_c5"), {"dtype": dtype})))
    assert [p.path for p in problems] == ["OutputConfig.CompilerOptions.dtype"]


@pytest.mark.parametrize(
    ("framework", "shapes"),
    [
        ("TENSORFLOW", '{"input": [1, 224, 224, 3]}'),
        ("MXNET", '{"data": [1, 3, 224, 224]}'),
        ("ONNX", '{"data": [1, 3, 224, 224]}'),
    ],
)
def test_dtype_with_non_pytorch_framework_warns(framework: str, shapes: str) -> None:
    """dtype is documented for PyTorch only; the reference is silent on other frameworks, so
    with one it is a warning naming it (rules.toml), never a refusal."""
    api = request(output(device("ml_c5"), {"dtype": "float32"}), framework, shapes)
    accepted, problems = check_request(api)
    assert accepted is not None
    assert [(p.path, p.severity) for p in problems] == [
        ("OutputConfig.CompilerOptions.dtype", "warning")
    ]
    assert framework in problems[0].message
    assert "options/dtype-pytorch-only" in problems[0].message


def test_dtype_on_inferentia_fails() -> None:
    """ml_inf1 takes neuron flags, not dtype (the reference names it for the flag string)."""
    assert errors(output(device("ml_inf1"), {"dtype": "float32"}))


def test_dtype_on_trainium_is_documented_and_passes_silently() -> None:
    """DTYPE applies to "ml_* (except for ml_inf) instances": ml_trn1 takes {"dtype": ...}
    beside Neuron's flag string, as written; it used to be refused as not a flag string."""
    result, problems = check_output_config(output(device("ml_trn1"), {"dtype": "int64"}))
    assert result is not None and problems == []
    assert json.loads(result.to_api()["CompilerOptions"]) == {"dtype": "int64"}
    # not one of PyTorch's values: refused for PyTorch (the request helper's framework)
    _, problems = check_request(request(output(device("ml_trn1"), {"dtype": "float16"})))
    assert [p.severity for p in problems if "options/dtype-values" in p.message] == ["error"]


@pytest.mark.parametrize("device_value", ["ml_trn1", "ml_inf2"])
def test_neuron_flags_on_a_device_that_also_takes_an_object_stay_flags(device_value: str) -> None:
    """The flag string still reads as flags in the draft (its form is {"flags": ...}): an import
    or a clone keeps it and sends it; typing an object, then a string, switches the form."""
    api = {
        "CompilationJobName": "neuron",
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputConfig": {
            "S3Uri": "s3://my-bucket/model.tar.gz",
            "Framework": "PYTORCH",
            "DataInputConfig": '{"input0": [1, 3, 224, 224]}',
        },
        "OutputConfig": {
            "S3OutputLocation": "s3://my-bucket/out/",
            "TargetDevice": device_value,
            "CompilerOptions": json.dumps(NEURON),
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }
    draft = Draft.from_api(api)
    assert draft.options == {"flags": NEURON}
    assert draft.to_api()["OutputConfig"]["CompilerOptions"] == json.dumps(NEURON)
    assert draft.edit_options_json('{"dtype": "int64"}') is None
    assert draft.to_api()["OutputConfig"]["CompilerOptions"] == '{"dtype": "int64"}'
    assert draft.edit_options_json('"-O2"') is None and draft.options == {"flags": "-O2"}


def test_an_object_on_inferentia2_names_no_keys_it_does_not_document() -> None:
    """Any object on ml_inf2 gets the one warning; no 'the reference gives dtype' for it."""
    result, problems = check_output_config(output(device("ml_inf2"), {"foo": 1}))
    assert result is not None
    assert [p.message.split(" (rule ")[1][:26] for p in problems] == ["options/inferentia2-object"]


def test_mattr_that_is_not_a_list_on_a_target_without_mattr_warns_and_never_raises() -> None:
    """A Jetson documents no mattr, so any value passes with the undocumented-key warning; the
    unsigned-flag rule reads lists only (it raised TypeError on 5, and split '+neon' into
    letters)."""
    for mattr in (5, "+neon", {"a": 1}, [5, None]):
        options = {"gpu-code": "sm_53", "trt-ver": "4.1.3", "cuda-ver": "10.0", "mattr": mattr}
        result, problems = check_output_config(output(device("jetson_nano"), options))
        assert result is not None, mattr
        assert not any("options/mattr-unsigned" in p.message for p in problems), mattr


def test_an_object_of_options_on_inferentia2_is_sent_with_a_warning() -> None:
    """Nothing documents an object for ml_inf2 (the flag string is given for ml_inf1, DTYPE
    excepts Inferentia), and nothing refuses one: a warning names both, no error."""
    result, problems = check_output_config(output(device("ml_inf2"), {"dtype": "float32"}))
    assert result is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "options/inferentia2-object" in problems[0].message


# ---- length -----------------------------------------------------------------------------------


def mattr_options(chars: int, separators: tuple[str, str] = (", ", ": ")) -> dict[str, Any]:
    """ARM options whose JSON (with these separators) is exactly chars long."""
    flags = ["+a"]
    while len(json.dumps({"mattr": [*flags, "+a"]}, separators=separators)) <= chars:
        flags.append("+a")
    short = chars - len(json.dumps({"mattr": flags}, separators=separators))
    flags[-1] += "b" * short
    assert len(json.dumps({"mattr": flags}, separators=separators)) == chars
    return {"mattr": flags}


ARM = platform("LINUX", "ARM64")


def test_compiler_options_sent_of_1024_chars_pass_and_1025_fail() -> None:
    """The CompilerOptions sent may be up to 1024 characters, not 1025."""
    exact = mattr_options(1024)
    result, problems = check_output_config(output(ARM, exact))
    assert problems == [] and result is not None
    assert len(result.to_api()["CompilerOptions"]) == 1024
    found = errors(output(ARM, mattr_options(1025, (",", ":"))))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    assert "1024" in found[0].message and "1025" in found[0].message


def test_compact_options_near_the_limit_are_sent_compact() -> None:
    """A compact 1,021-character input that json.dumps' spaces would push past 1024 is valid
    and is sent compact: what is sent fits the limit (it used to be sent at 1,161)."""
    compact = json.dumps(mattr_options(1021, (",", ":")), separators=(",", ":"))
    assert len(json.dumps(json.loads(compact))) > 1024
    result, problems = check_output_config(output(ARM, compact))
    assert problems == [] and result is not None
    assert result.to_api()["CompilerOptions"] == compact


def test_options_that_grow_when_normalised_are_sent_as_written() -> None:
    """mattr as a bare comma string fits as written but not as the list the app makes of it:
    sent as written (it was refused for the app's own rewrite, a request the API takes); past
    the limit both ways, refused with the length of the shortest form the app can send."""
    flags = ",".join(["+a"] * 330)
    written = json.dumps({"mattr": flags}, separators=(",", ":"))
    assert len(written) <= 1024
    result, problems = check_output_config(output(ARM, written))
    assert result is not None and errors(output(ARM, written)) == [], problems
    assert result.to_api()["CompilerOptions"] == written
    too_long = json.dumps({"mattr": ",".join(["+a"] * 400)})
    found = errors(output(ARM, too_long))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    assert "as sent" in found[0].message and "1024" in found[0].message


def test_pretty_printed_options_are_sent_within_the_limit_but_strictly_too_long() -> None:
    """Options padded past 1024 characters are sent compact (lenient check passes), but the
    file itself would be refused by the API: strict validation says so."""
    padded = '{"mattr": ["+neon"]' + " " * 1100 + "}"
    result, problems = check_output_config(output(ARM, padded))
    assert problems == [] and result is not None
    assert result.to_api()["CompilerOptions"] == '{"mattr": ["+neon"]}'
    _, strict = check_strict(request(output(ARM, padded)))
    assert [(p.path, "as written" in p.message) for p in strict] == [
        ("OutputConfig.CompilerOptions", True)
    ]


def test_multi_line_options_are_valid_and_strictly_warned_about() -> None:
    """Pretty-printed (multi-line) options are JSON like any other: the model accepts them and
    the app sends them on one line. The file as written is warned about, never refused: the
    API's pattern is ".*" where DataInputConfig's is "[\\S\\s]+", and no page says whether the
    server's "." takes a line break."""
    pretty = json.dumps({"mattr": ["+neon"]}, indent=4)
    assert "\n" in pretty
    result, problems = check_output_config(output(ARM, pretty))
    assert problems == [] and result is not None
    assert result.to_api()["CompilerOptions"] == '{"mattr": ["+neon"]}'
    checked, problems = check_strict(request(output(ARM, pretty)))
    assert checked is not None
    assert [(p.path, p.severity, "options/line-break" in p.message) for p in problems] == [
        ("OutputConfig.CompilerOptions", "warning", True)
    ]


def test_options_are_sent_with_every_java_line_terminator_escaped() -> None:
    """Written as the escape "\\u2028", options were sent with the character itself (the app
    re-encodes them without ASCII escapes), which a server whose "." takes no line terminator
    may refuse; written raw, they are warned about as a line break."""
    escaped = '{"class_labels": "labels\\u2028.txt", "x": "a\\u0085b\\u2029"}'
    result, problems = check_output_config(output(device("coreml"), escaped))
    assert result is not None, problems
    sent = result.to_api()["CompilerOptions"]
    assert sent == escaped and json.loads(sent)["class_labels"] == "labels\u2028.txt"
    raw = '{"class_labels": "labels\u2028.txt"}'
    checked, problems = check_strict(request(output(device("coreml"), raw)))
    assert checked is not None
    assert ["options/line-break" in p.message for p in problems] == [True]


def test_options_sent_as_written_go_on_one_line_with_every_token_as_written() -> None:
    """Options sent as written (their rewrite is past the limit) lose the whitespace between
    their tokens and keep each token: a line break in them may be refused by a server whose
    "." takes none, and what is left is the shortest form of what was written."""
    flags = ",".join(["+a"] * 330)
    written = '{\n  "mattr": "' + flags + '",\r\n  "n": 1E2\n}'
    assert len(written) <= 1024  # the rewrite (mattr as a list, 100.0) is past it
    result, problems = check_output_config(output(ARM, written))
    assert result is not None and errors(output(ARM, written)) == [], problems
    assert result.to_api()["CompilerOptions"] == '{"mattr":"' + flags + '","n":1E2}'
    padded = written.replace("\n}", "\n" + " " * 200 + "}")  # past 1024 only with its spaces
    assert len(padded) > 1024
    result, problems = check_output_config(output(ARM, padded))
    assert result is not None and errors(output(ARM, padded)) == []


def test_compiler_options_empty_object_is_too_short() -> None:
    """The 2-character '{}' is below the 3-character minimum of the API."""
    found = errors(output(device("ml_c5"), "{}"))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    assert "at least 3" in found[0].message


def test_compiler_options_must_be_a_json_string() -> None:
    """An object where the API wants a JSON string is refused with the fix in the sentence."""
    config = output(device("ml_c5"))
    config["CompilerOptions"] = {"dtype": "float32"}
    found = errors(config)
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    assert "json.dumps" in found[0].message


def test_single_quoted_pseudo_json_is_explained() -> None:
    """The reference's single-quoted options are not JSON; the sentence shows a correct example."""
    found = errors(output(device("ml_c5"), "{'mcpu': 'skylake-avx512'}"))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    message = found[0].message
    assert "double quotes" in message
    assert '{"mcpu": "skylake-avx512"}' in message and "{{" not in message


# ---- Inferentia -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ml_inf1", "ml_inf2", "ml_trn1"])
def test_neuron_flag_string_passes_and_keeps_its_form(value: str) -> None:
    """A JSON-encoded flag string is accepted and to_api sends it in the same encoded form."""
    encoded = json.dumps(NEURON)
    assert encoded == '"--verbose 1 --num-neuroncores 2 -O2"'
    result, problems = check_output_config(output(device(value), encoded))
    assert problems == []
    assert result is not None
    assert result.to_api()["CompilerOptions"] == encoded


def test_neuron_text_that_is_not_flags_warns() -> None:
    """The reference gives one flag string as an example and no form: a string that does not
    start with '-' is sent with a warning, a blank one too (options/empty-value alone); an
    empty one, '""', is shorter than the API's 3 characters and refused."""
    config = output(device("ml_inf1"), json.dumps("verbose"))
    assert errors(config) == []
    assert rule_ids(warnings_of(config)) == ["options/neuron-flags"]
    blank = output(device("ml_inf1"), json.dumps("  "))
    assert errors(blank) == []
    assert rule_ids(warnings_of(blank)) == ["options/empty-value"]
    assert "its flag string" in warnings_of(blank)[0].message
    [refused] = errors(output(device("ml_inf1"), json.dumps("")))
    assert refused.path == "OutputConfig.CompilerOptions"
    assert "at least 3 characters" in refused.message


# ---- unknown keys and targets without options --------------------------------------------------


@pytest.mark.parametrize("value", ["lambda", "amba_cv2", "imx8mplus"])
def test_targets_without_options_warn_about_any_key(value: str) -> None:
    """Devices Neo documents no options for: a key is sent with a warning saying the reference
    gives none (the API reference: "For any other cases, it is optional to specify
    CompilerOptions")."""
    found = undocumented(output(device(value), {"mcpu": "x"}))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.mcpu"]
    assert "(they give none)" in found[0].message


def test_documented_keys_bring_no_undocumented_warning() -> None:
    """The warning names only the keys the target's model does not give."""
    assert undocumented(output(device("ml_c5"), {"mcpu": "skylake-avx512"})) == []
    assert undocumented(output(device("jetson_tx2"), NVIDIA_OK)) == []


# ---- form generation --------------------------------------------------------------------------


def fields_by_key(model: type[opt.CompilerOptionsBase]) -> dict[str, of.OptionField]:
    return {f.key: f for f in of.option_fields(model)}


def test_nvidia_fields_are_all_required_text_with_api_keys() -> None:
    """A form for NVIDIA shows gpu-code, trt-ver, cuda-ver, all required, with examples."""
    fields = fields_by_key(opt.NvidiaOptions)
    assert list(fields) == ["gpu-code", "trt-ver", "cuda-ver"]
    assert all(f.required and f.kind == "text" and f.example and f.help for f in fields.values())


@pytest.mark.parametrize("model", [opt.AndroidOptions, opt.AndroidArmOptions])
def test_android_platform_field_is_bounded_int(model: type[opt.CompilerOptionsBase]) -> None:
    """ANDROID_PLATFORM is an optional integer field from 21 to 29."""
    field = fields_by_key(model)["ANDROID_PLATFORM"]
    assert (field.kind, field.minimum, field.maximum, field.required) == ("int", 21, 29, False)


def test_dtype_field_offers_the_four_choices() -> None:
    """dtype is a choice of float32, float, int64, long."""
    field = fields_by_key(opt.MlInstanceOptions)["dtype"]
    assert field.kind == "choice"
    assert set(field.choices) == {"float32", "float", "int64", "long"}


def test_eia_and_arm_field_kinds() -> None:
    """precision_mode is a FP16/FP32 choice, output_names and mattr are lists."""
    eia = fields_by_key(opt.EiaOptions)
    assert eia["precision_mode"].kind == "choice"
    assert set(eia["precision_mode"].choices) == {"FP16", "FP32"}
    assert eia["output_names"].kind == "list"
    arm = fields_by_key(opt.ArmCpuOptions)
    assert arm["mattr"].kind == "list" and arm["mcpu"].kind == "text"
    assert not arm["mattr"].required


def test_no_options_model_has_no_fields() -> None:
    """Targets without options give an empty form."""
    assert of.option_fields(opt.NoOptions) == []


@pytest.mark.parametrize("model", list(opt.FAMILIES.values()), ids=list(opt.FAMILIES))
def test_form_built_from_field_examples_is_valid(model: type[opt.CompilerOptionsBase]) -> None:
    """Filling every field a form shows with its example gives options the model accepts."""
    values = {f.key: f.example for f in of.option_fields(model) if f.example is not None}
    if model is opt.EiaOptions:  # at most one of the two may be set
        values.pop("output_names", None)
    parsed = model.model_validate(values)
    dumped = parsed.api_value()
    if isinstance(dumped, dict):
        assert set(dumped) == set(values)
    required = {f.key for f in of.option_fields(model) if f.required}
    assert required <= set(values)


def test_generic_options_nested_too_deeply_are_refused_with_a_sentence() -> None:
    """Options for a device the data does not describe are free-form but not bottomless: past
    32 levels they are refused as a problem (they could not be written back)."""
    nested: Any = 1
    for _ in range(300):
        nested = [nested]
    target = DeviceTarget.model_construct(device="new_board")
    model = opt.options_model(target)
    assert model is opt.GenericOptions
    with pytest.raises(ValueError, match="32 levels"):
        model.model_validate({"a": nested})
    shallow: Any = 1
    for _ in range(31):
        shallow = [shallow]
    assert isinstance(model.model_validate({"a": shallow}).to_api_string(), str)


def test_an_undocumented_key_is_sent_as_written_null_included() -> None:
    """A key the reference does not give is sent as it was written: {"class_labels": null} on
    ml_c5 is sent, not dropped as an unset documented key is."""
    result, _ = check_output_config(output(device("ml_c5"), '{"class_labels": null}'))
    assert result is not None
    assert json.loads(result.to_api()["CompilerOptions"]) == {"class_labels": None}


@pytest.mark.parametrize("written", ['{"foo": NaN}', '{"mcpu": "x", "foo": [Infinity]}'])
def test_options_holding_nan_or_infinity_are_refused(written: str) -> None:
    """Python's JSON reader takes NaN and Infinity; JSON (and the API) has no such value."""
    found = errors(output(device("ml_c5"), written))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions"]
    assert "NaN, Infinity or a number past what a 64-bit float holds" in found[0].message


def test_stale_keys_are_the_old_targets_documented_ones_the_new_one_lacks() -> None:
    """From a Jetson to a CPU: gpu-code is stale; mcpu (the CPU's own) and class_labels (the
    user's, documented by neither) are not. A target not described keeps everything."""
    keys = ["gpu-code", "mcpu", "class_labels"]
    assert opt.stale_options(keys, opt.NvidiaDeviceOptions, opt.CpuOptions) == ["gpu-code"]
    assert opt.stale_options(keys, opt.CpuOptions, opt.NvidiaDeviceOptions) == ["mcpu"]
    assert opt.stale_options(keys, opt.NvidiaDeviceOptions, opt.GenericOptions) == []


@pytest.mark.parametrize("between", [opt.GenericOptions, opt.NeuronOptions])
def test_stale_keys_after_a_target_that_takes_any_keys(between: type) -> None:
    """Through a target that takes any keys (an Os changed before its Arch is not valid yet;
    Neuron takes a flag string): the keys some target documents and the new one does not are
    left from earlier; a key no target documents is still the user's own."""
    keys = ["gpu-code", "trt-ver", "mcpu", "my-flag"]
    assert opt.stale_options(keys, between, opt.AndroidOptions) == ["gpu-code", "trt-ver"]
    assert opt.stale_options(keys, opt.NvidiaOptions, between) == []


@pytest.mark.parametrize("target", NVIDIA_TARGETS)
def test_gpu_code_written_both_ways_is_sent_both_ways(target: dict[str, Any]) -> None:
    """An extra key that is a field's Python name (gpu_code beside gpu-code) is sent beside the
    field, not in its place: what is sent is what was written."""
    values = {**NVIDIA_OK, "gpu_code": "sm_62"}
    result, _ = check_output_config(output(target, values))
    assert result is not None and json.loads(result.to_api()["CompilerOptions"]) == values


@pytest.mark.parametrize("spelled", [None, ["sm_62"]])
def test_gpu_code_in_the_api_texts_spelling_must_be_text(spelled: Any) -> None:
    """gpu_code stands for the required GPU code only as text or a number, as gpu-code does:
    null or a list is refused at gpu_code, not sent (a number and empty text warn)."""
    values = {"gpu_code": spelled, "trt-ver": "6.0.1", "cuda-ver": "10.0"}
    found = errors(output({"TargetPlatform": NVIDIA_PLATFORM}, values))
    assert [p.path for p in found] == ["OutputConfig.CompilerOptions.gpu_code"], found


def test_gpu_code_rules_speak_of_nvidia_targets_only() -> None:
    """On ml_c5 a gpu-code is an undocumented key (one warning), not also a malformed GPU code."""
    found = warnings_of(output(device("ml_c5"), {"gpu-code": "x", "gpu_code": "y"}))
    assert rule_ids(found) == ["options/undocumented-key", "options/undocumented-key"]


@pytest.mark.parametrize(
    ("target", "values", "key"),
    [
        ({"TargetPlatform": NVIDIA_PLATFORM}, {**NVIDIA_OK, "gpu-code": ""}, "gpu-code"),
        (
            {"TargetPlatform": NVIDIA_PLATFORM},
            {"gpu_code": " ", "trt-ver": "6.0.1", "cuda-ver": "10.0"},
            "gpu_code",
        ),
        (device("jetson_nano"), {"JETPACK_VERSION": "", "gpu_code": "sm_53"}, "JETPACK_VERSION"),
        (device("jetson_nano"), {"JETPACK_VERSION": "4.6", "gpu_code": ""}, "gpu_code"),
    ],
)
def test_an_empty_gpu_code_or_jetpack_version_is_sent_with_one_warning(
    target: dict[str, Any], values: dict[str, Any], key: str
) -> None:
    """The reference is silent on empty values, as on an empty mcpu: sent, with one
    options/empty-value warning naming the key (not also a form unlike the examples)."""
    config = output(target, values)
    assert errors(config) == []
    found = [p for p in warnings_of(config) if "undocumented-key" not in p.message]
    assert rule_ids(found) == ["options/empty-value"]
    assert f"gives {key} with nothing in it" in found[0].message


def test_android_platform_true_is_said_to_be_no_api_level() -> None:
    """true was read as 1 and refused as "greater than or equal to 21", which misled."""
    config = output(device("qcs605"), {"ANDROID_PLATFORM": True})
    [problem] = [p for p in errors(config) if p.path.endswith("ANDROID_PLATFORM")]
    assert problem.message == (
        "ANDROID_PLATFORM is an Android API level from 21 to 29, not true (rule "
        "options/android-platform, API reference: OutputConfig, CompilerOptions, ANDROID)."
    )


def test_an_nvidia_platform_missing_every_key_is_told_all_three_at_once() -> None:
    """The reference's m5.2xlarge example ({'mcpu': ...} on an NVIDIA platform): trt-ver and
    cuda-ver were said missing, and gpu-code only once they were given."""
    found = errors(output({"TargetPlatform": NVIDIA_PLATFORM}, {"mcpu": "skylake-avx512"}))
    assert sorted(p.path.rsplit(".", 1)[-1] for p in found) == ["cuda-ver", "gpu-code", "trt-ver"]
    assert all("required" in p.message for p in found), found


@pytest.mark.parametrize(
    ("target", "options", "key"),
    [
        (
            device("jetson_xavier"),
            {"gpu-code": "sm_72", "trt-ver": "5.1.6", "cuda-ver": 10.0},
            "cuda-ver",
        ),
        (device("ml_c5"), {"mcpu": 5}, "mcpu"),
        (device("coreml"), {"class_labels": 5}, "class_labels"),
        (device("jetson_nano"), {"JETPACK_VERSION": 4.6, "gpu_code": "sm_53"}, "JETPACK_VERSION"),
    ],
)
def test_a_number_where_the_examples_write_text_warns_and_is_sent_as_written(
    target: dict[str, Any], options: dict[str, Any], key: str
) -> None:
    """The reference states no option's type, only examples in text: "cuda-ver": 10.0 was
    refused ("should be a valid string"); it is checked as its text, warned about and sent."""
    result, problems = check_output_config(output(target, options))
    assert result is not None, problems
    assert json.loads(result.to_api()["CompilerOptions"]) == options
    said = [p for p in problems if "options/number-as-text" in p.message]
    assert len(said) == 1 and repr(key) in said[0].message and said[0].severity == "warning"


@pytest.mark.parametrize("dtype", [{"input": "float16"}, ["float16"], True])
def test_a_dtype_that_is_not_text_warns_for_a_framework_the_reference_is_silent_on(
    dtype: Any,
) -> None:
    """dtype is documented for PyTorch alone: for TensorFlow on ml_c5 an object, a list or true
    was refused with "should be a valid string" and no source; it is sent with the warning
    the text form gets, and for PyTorch refused by the rule that names the reference."""
    for framework, shapes in (("TENSORFLOW", '{"input": [1, 224, 224, 3]}'), ("PYTORCH", None)):
        api = request(output(device("ml_c5"), {"dtype": dtype}), framework, shapes)
        accepted, problems = check_request(api)
        cited = [p for p in problems if p.path == "OutputConfig.CompilerOptions.dtype"]
        if framework == "PYTORCH":
            assert accepted is None and [p.severity for p in cited] == ["error"]
            assert "options/dtype-values" in cited[0].message
        else:
            assert accepted is not None, problems
            assert json.loads(accepted.to_api()["OutputConfig"]["CompilerOptions"]) == {
                "dtype": dtype
            }
            assert [p.severity for p in cited] == ["warning"]
            assert "options/dtype-pytorch-only" in cited[0].message


def test_a_number_is_still_held_to_the_form_the_reference_states() -> None:
    """trt-ver's x.y.z is stated: 6 is not in it, written as text or as a number."""
    for value in ("6", 6):
        found = errors(output(device("jetson_tx2"), {"trt-ver": value}))
        assert [p.path for p in found] == ["OutputConfig.CompilerOptions.trt-ver"]
