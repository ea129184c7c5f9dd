"""Import and repair: the reference's broken examples, every accepted form, and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import NeoConfigError
from core.interchange.importer import MAX_IMPORT_CHARS, import_text
from core.interchange.parse import source_words
from core.spec.request import check_request
from core.spec.strict import check_strict
from tests.conftest import VALID_REQUEST

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
"""Copies of the public reference pages the tests read, each with a line naming its source."""

# The six platform examples of the OutputConfig API reference, as printed there.
DOC_EXAMPLES = {
    "rasp3b": (
        '"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"},\n'
        "\"CompilerOptions\": {'mattr': ['+neon']}",
        {
            "TargetPlatform": {"Os": "LINUX", "Arch": "ARM_EABIHF"},
            "CompilerOptions": '{"mattr": ["+neon"]}',
        },
        ["Arch 'ARMEABIHF' is not an API value; using 'ARM_EABIHF'."],
    ),
    "jetson-tx2": (
        '"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},\n'
        "\"CompilerOptions\": {'gpu-code': 'sm62', 'trt-ver': '6.0.1', 'cuda-ver': '10.0'}",
        {
            "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},
            "CompilerOptions": '{"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}',
        },
        ["GPU code 'sm62' is written 'sm_62'."],
    ),
    "m5-2xlarge": (
        '"TargetPlatform": {"Os": "LINUX", "Arch": "X8664", "Accelerator": "NVIDIA"},\n'
        "\"CompilerOptions\": {'mcpu': 'skylake-avx512'}",
        {
            "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"},
            "CompilerOptions": '{"mcpu": "skylake-avx512"}',
        },
        ["Arch 'X8664' is not an API value; using 'X86_64'."],
    ),
    "rk3399": (
        '"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"}',
        {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"}},
        [],
    ),
    "armv7-phone": (
        '"TargetPlatform": {"Os": "ANDROID", "Arch": "ARMEABI"},\n'
        "\"CompilerOptions\": {'ANDROIDPLATFORM': 25, 'mattr': ['+neon']}",
        {
            "TargetPlatform": {"Os": "ANDROID", "Arch": "ARM_EABI"},
            "CompilerOptions": '{"ANDROID_PLATFORM": 25, "mattr": ["+neon"]}',
        },
        ["Option 'ANDROIDPLATFORM' is spelled 'ANDROID_PLATFORM' in the API."],
    ),
    "armv8-phone": (
        '"TargetPlatform": {"Os": "ANDROID", "Arch": "ARM64"},\n'
        "\"CompilerOptions\": {'ANDROIDPLATFORM': 29}",
        {
            "TargetPlatform": {"Os": "ANDROID", "Arch": "ARM64"},
            "CompilerOptions": '{"ANDROID_PLATFORM": 29}',
        },
        ["Option 'ANDROIDPLATFORM' is spelled 'ANDROID_PLATFORM' in the API."],
    ),
}


@pytest.mark.parametrize("name", DOC_EXAMPLES)
def test_reference_examples_import_repaired_and_valid(name):
    """Each of the reference's six examples imports, is repaired as said, and validates."""
    text, expected, repairs = DOC_EXAMPLES[name]
    assert text.replace("\n", " ") in (REFERENCE / "outputconfig-examples.txt").read_text(
        encoding="utf-8"
    ).replace("\n\n    ", " ")
    result = import_text(text)
    if result.decisions:  # the m5.2xlarge example: applied when the person chooses it
        result = import_text(text, accept=[d.key for d in result.decisions])
    assert result.kind == "output_config"
    assert result.api == expected
    for repair in repairs:
        assert repair in result.repairs
    assert result.errors == []
    full = dict(VALID_REQUEST, OutputConfig={"S3OutputLocation": "s3://b/o/", **result.api})
    assert check_request(full)[0] is not None


def _printed_examples() -> str:
    """The reference's list of examples as printed, from its introduction to the last one."""
    text = (REFERENCE / "outputconfig-examples.txt").read_text(encoding="utf-8")
    return text[text.index("The following examples") :].strip()


def test_an_example_copied_with_its_heading_imports():
    """One bullet of the list, copied with its title ("• Raspberry Pi 3 Model B+") and the
    introduction above it: "not JSON, YAML, ..." said nothing of why; the heading is left out
    and said so."""
    printed = _printed_examples()
    pi = printed[: printed.index("  \u2022 Jetson TX2")]
    result = import_text(pi)
    assert result.api == DOC_EXAMPLES["rasp3b"][1]
    assert result.repairs[0] == (
        "Left out the heading 'Raspberry Pi 3 Model B+' and the text above it: a title in the "
        "reference's list of examples, not part of the example."
    )
    assert import_text(pi[pi.index("  \u2022") :]).api == result.api


def test_the_whole_list_of_examples_is_told_to_pick_one():
    """The list pasted whole was read as YAML ("mapping values are not allowed here"): it names
    the examples instead, and a YAML list of ids is still YAML, not headings."""
    with pytest.raises(NeoConfigError, match=r"holds 6 of the reference's examples \('Rasp"):
        import_text(_printed_examples())
    yaml = (
        "OutputConfig:\n  TargetDevice: ml_c5\n"
        "VpcConfig:\n  Subnets:\n    - subnet-1\n    - subnet-2\n"
    )
    assert import_text(yaml).api["VpcConfig"]["Subnets"] == ["subnet-1", "subnet-2"]


def test_m5_example_asks_before_dropping_nvidia():
    """The CPU-only m5.2xlarge example would lose its NVIDIA accelerator: a change of target, so
    it is a decision (before/after and the reason), not a spelling repair, and not applied until
    chosen."""
    text = DOC_EXAMPLES["m5-2xlarge"][0]
    result = import_text(text)
    [decision] = result.decisions
    assert decision.path == decision.key == "OutputConfig.TargetPlatform.Accelerator"
    assert (decision.before, decision.after, decision.applied) == ("NVIDIA", None, False)
    assert "CPU-only" in decision.sentence and "gpu-code" in decision.sentence
    assert not any("NVIDIA" in r for r in result.repairs)
    assert result.api["TargetPlatform"]["Accelerator"] == "NVIDIA"  # kept as written
    applied = import_text(text, accept=[decision.key])
    assert "Accelerator" not in applied.api["TargetPlatform"]
    assert [d.applied for d in applied.decisions] == [True]
    assert applied.errors == []


def test_missing_s3_output_location_is_a_warning_for_fragments():
    """A target fragment is a valid OutputConfig but for its location, said as a warning."""
    result = import_text('"TargetDevice": "ml_c5"')
    assert [p.severity for p in result.problems] == ["warning"]
    assert "S3OutputLocation" in result.problems[0].message


def devguide_blocks() -> list[str]:
    text = (REFERENCE / "neo-job-compilation-cli.md").read_text(encoding="utf-8")
    return re.findall(r"```\n(\s*\{.*?\})\s*```", text, re.S)


def test_devguide_cli_examples_import_and_point_at_their_placeholders():
    """The devguide's '#'-commented JSON imports; only its <your-account> placeholder is left."""
    blocks = devguide_blocks()
    assert len(blocks) == 3
    for block in blocks:
        result = import_text(block)
        assert "Removed '#' comments, which JSON does not allow." in result.repairs
        assert [p.path for p in result.errors] == ["RoleArn"]
        assert json.loads(result.api["InputConfig"]["DataInputConfig"]) == {
            "data": [1, 3, 1024, 1024]
        }


@pytest.mark.parametrize(
    ("options", "expected", "repair"),
    [
        (
            {"gpucode": "sm_72", "trtver": "5.1.6", "cudaver": "10.0"},
            {"gpu-code": "sm_72", "trt-ver": "5.1.6", "cuda-ver": "10.0"},
            "Option 'gpucode' is spelled 'gpu-code' in the API.",
        ),
        (
            {"gpu_code": "sm_72", "trt-ver": "5.1.6", "cuda-ver": "10.0"},
            {"gpu-code": "sm_72", "trt-ver": "5.1.6", "cuda-ver": "10.0"},
            "Option 'gpu_code' is spelled 'gpu-code' in the API.",
        ),
        (
            {"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"},
            {"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"},
            None,
        ),
    ],
)
def test_nvidia_key_spellings(options, expected, repair):
    """Lost underscores and gpu_code are repaired, except in the JetPack form."""
    api = dict(
        VALID_REQUEST,
        OutputConfig={
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": "jetson_xavier",
            "CompilerOptions": options,
        },
    )
    result = import_text(json.dumps(api))
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"]) == expected
    assert result.errors == []
    if repair:
        assert repair in result.repairs


@pytest.mark.parametrize(
    ("device", "options", "expected"),
    [
        (
            "ml_eia2",
            {"precisionmode": "FP16", "signaturedefkey": "serve"},
            {"precision_mode": "FP16", "signature_def_key": "serve"},
        ),
        ("ml_eia2", {"outputnames": ["output:0"]}, {"output_names": ["output:0"]}),
        ("coreml", {"classlabels": "labels.txt"}, {"class_labels": "labels.txt"}),
        (
            "qcs605",
            {"ANDROID_PLATFORM": "27", "mattr": "+neon"},
            {"ANDROID_PLATFORM": 27, "mattr": ["+neon"]},
        ),
    ],
)
def test_option_repairs_for_other_targets(device, options, expected):
    """EIA, Core ML and Android keys and value types are repaired to what the API takes."""
    framework = "MXNET" if device == "qcs605" else "TENSORFLOW"  # EIA, Core ML: TensorFlow
    shapes = '{"data": [1, 3, 224, 224]}' if framework == "MXNET" else '{"input": [1, 224, 224, 3]}'
    inputs = dict(VALID_REQUEST["InputConfig"], Framework=framework, DataInputConfig=shapes)
    api = dict(
        VALID_REQUEST,
        InputConfig=inputs,
        OutputConfig={
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": device,
            "CompilerOptions": options,
        },
    )
    result = import_text(json.dumps(api))
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"]) == expected
    assert result.errors == []


def test_neuron_flags_as_a_bare_string_are_encoded():
    """Inferentia flags given bare become the JSON-encoded string the API expects."""
    api = dict(
        VALID_REQUEST,
        OutputConfig={
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": "ml_inf1",
            "CompilerOptions": "--verbose 1 --num-neuroncores 2 -O2",
        },
    )
    result = import_text(json.dumps(api))
    assert result.api["OutputConfig"]["CompilerOptions"] == '"--verbose 1 --num-neuroncores 2 -O2"'
    assert result.errors == []


def test_describe_response_and_cli_document_become_requests():
    """A describe-compilation-job response keeps just the request fields."""
    described = dict(
        VALID_REQUEST,
        CompilationJobArn="arn:x",
        CompilationJobStatus="COMPLETED",
        CreationTime="2026-11-24T10:00:00Z",
        ModelArtifacts={"S3ModelArtifacts": "s3"},
        ResponseMetadata={"HTTPStatusCode": 200},
    )
    result = import_text(json.dumps(described))
    assert result.source == "describe-response"
    assert result.api == VALID_REQUEST
    assert result.errors == []


def test_a_model_package_jobs_describe_response_becomes_the_package_request():
    """The answer's InputConfig (required in it, filled from the package) is dropped with the
    other answer fields: the request gave the package alone, and both are refused."""
    package = "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1"
    described = dict(VALID_REQUEST, CompilationJobArn="arn:x", ModelPackageVersionArn=package)
    result = import_text(json.dumps(described))
    expected = {k: v for k, v in VALID_REQUEST.items() if k != "InputConfig"}
    assert result.api == {**expected, "ModelPackageVersionArn": package}
    assert result.errors == []
    assert any("InputConfig" in repair for repair in result.repairs)


def test_python_dict_with_single_quotes_and_comments():
    """A Python-style dict with '#' comments and trailing commas reads as the request."""
    text = (
        "{\n"
        + "\n".join(f"  {key!r}: {value!r},  # {key}" for key, value in VALID_REQUEST.items())
        + "\n}"
    )
    result = import_text(text)
    assert result.api == VALID_REQUEST


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "nothing to import"),
        ("[1, 2, 3]", "no JSON object"),
        ('{"hello": "world"}', "No request found"),
        ("aws sagemaker create-compilation-job --cli-input-json 'oops", "quoting"),
        ("import boto3\nrequest = build()\n", "assigns no request"),
        ("x" * (MAX_IMPORT_CHARS + 1), "2 MB"),
        ("[" * 100_000 + "]" * 100_000, "nested"),
    ],
)
def test_bad_input_gets_one_sentence(text, fragment):
    """Empty, wrong-shaped, broken, huge and deeply nested texts raise NeoConfigError only."""
    with pytest.raises(NeoConfigError) as raised:
        import_text(text)
    assert fragment.lower() in raised.value.message.lower()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=40,
)
API_KEYS = st.sampled_from(
    [
        "CompilationJobName",
        "RoleArn",
        "InputConfig",
        "OutputConfig",
        "StoppingCondition",
        "TargetDevice",
        "TargetPlatform",
        "CompilerOptions",
        "S3OutputLocation",
        "DataInputConfig",
        "Framework",
        "Os",
        "Arch",
        "Accelerator",
        "Tags",
        "VpcConfig",
        "KmsKeyId",
    ]
)


def assert_only_own_error(text: str) -> None:
    try:
        result = import_text(text)
    except NeoConfigError as exc:
        assert exc.message
    else:
        assert isinstance(result.api, dict)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_raises_only_the_projects_error(text):
    """Arbitrary text (unicode included) imports or raises NeoConfigError with a message."""
    assert_only_own_error(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(API_KEYS | st.text(max_size=10), json_values, max_size=8))
def test_any_json_document_raises_only_the_projects_error(document: dict[str, Any]):
    """Wrong types and shapes under API keys never escape as anything but NeoConfigError."""
    assert_only_own_error(json.dumps(document))


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "InputConfig",
            "OutputConfig",
            "StoppingCondition",
            "RoleArn",
            "CompilationJobName",
            "Tags",
        ]
    ),
    json_values,
)
def test_mutated_valid_requests_raise_only_the_projects_error(field: str, value: Any):
    """A valid request with one field replaced by anything still imports or fails cleanly."""
    assert_only_own_error(json.dumps(dict(VALID_REQUEST, **{field: value})))


# ---- no value is lost silently, every change is said -------------------------------------------


def jetson(options: Any) -> str:
    """A full request for Jetson TX2 with these CompilerOptions (an object, as people paste)."""
    output = {
        "S3OutputLocation": "s3://b/o/",
        "TargetDevice": "jetson_tx2",
        "CompilerOptions": options,
    }
    return json.dumps(dict(VALID_REQUEST, OutputConfig=output))


@pytest.mark.parametrize(
    "options",
    [
        {"gpu-code": "sm_62", "gpu_code": "sm_72", "trt-ver": "6.0.1", "cuda-ver": "10.0"},
        {"gpu_code": "sm_72", "gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"},
        {"gpucode": "sm_72", "gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"},
    ],
    ids=["api-first", "api-last", "lost-underscore"],
)
def test_two_spellings_with_different_values_are_a_problem(options: dict[str, str]) -> None:
    """gpu-code and gpu_code with different values: the API's spelling is kept and the clash
    is an error naming both values, never a silent overwrite."""
    result = import_text(jetson(options))
    [clash] = result.errors
    assert clash.path == "OutputConfig.CompilerOptions.gpu-code"
    assert "'sm_62'" in clash.message and "'sm_72'" in clash.message
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"])["gpu-code"] == "sm_62"


def test_two_spellings_with_the_same_value_merge_with_a_repair() -> None:
    """The same value under both spellings is one option: merged, and said."""
    options = {"gpu-code": "sm_62", "gpu_code": "sm62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
    result = import_text(jetson(options))
    assert result.errors == []
    assert "Option 'gpu_code' repeats 'gpu-code' with the same value; kept one." in result.repairs
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"])["gpu-code"] == "sm_62"


def test_a_key_given_twice_with_different_values_is_a_problem() -> None:
    """JSON with one key twice would keep the last silently: the import says so as an error."""
    text = json.dumps(VALID_REQUEST)[:-1] + ', "CompilationJobName": "other-name"}'
    result = import_text(text)
    assert any("'CompilationJobName' is given twice" in p.message for p in result.errors)


@pytest.mark.parametrize(
    ("field", "value", "fixed"),
    [
        ("TargetDevice", "ml.c5", "ml_c5"),
        ("TargetDevice", "ML_C5", "ml_c5"),
        ("TargetDevice", "Rasp3B", "rasp3b"),
        ("Os", "linux", "LINUX"),
        ("Arch", "arm64", "ARM64"),
        ("Arch", "x86-64", "X86_64"),
        ("Accelerator", "Mali", "MALI"),
    ],
)
def test_enum_values_in_another_case_are_repaired_and_said(
    field: str, value: str, fixed: str
) -> None:
    """Every enum is matched ignoring case and separators, and each repair is a sentence."""
    if field == "TargetDevice":
        target: dict[str, Any] = {"TargetDevice": value}
    else:
        platform = {"Os": "LINUX", "Arch": "ARM64"} | {field: value}
        target = {"TargetPlatform": platform}
    result = import_text(json.dumps(target))
    assert f"{field} '{value}' is not an API value; using '{fixed}'." in result.repairs
    assert result.errors == []
    written = result.api.get("TargetDevice") or result.api["TargetPlatform"][field]
    assert written == fixed


def test_pretty_printed_options_are_reformatted_without_a_repair() -> None:
    """Multi-line CompilerOptions are valid JSON: sent in the usual form, not called a repair."""
    pretty = json.dumps({"mattr": ["+neon"]}, indent=4)
    result = import_text(
        json.dumps({"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"}, "CompilerOptions": pretty})
    )
    assert result.repairs == [] and result.errors == []
    assert result.api["CompilerOptions"] == '{"mattr": ["+neon"]}'


def test_output_config_wrapped_alone_is_an_output_config() -> None:
    """{"OutputConfig": {...}} with nothing else is an OutputConfig, said as a repair (not a
    request missing its other members)."""
    output = {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"}
    result = import_text(json.dumps({"OutputConfig": output}))
    assert result.kind == "output_config"
    assert result.api == output
    assert result.errors == [] and any("OutputConfig alone" in r for r in result.repairs)


def test_neuron_flags_as_an_object_become_the_flag_string() -> None:
    """{"flags": "..."} (the form's view) for Inferentia is repaired to the encoded string."""
    output = {
        "S3OutputLocation": "s3://b/o/",
        "TargetDevice": "ml_inf1",
        "CompilerOptions": '{"flags": "-O2"}',
    }
    result = import_text(json.dumps(dict(VALID_REQUEST, OutputConfig=output)))
    assert result.errors == []
    assert result.api["OutputConfig"]["CompilerOptions"] == '"-O2"'
    assert any("Neuron flags were an object" in r for r in result.repairs)


def test_empty_options_are_left_out_with_a_repair() -> None:
    """{} options say nothing (and '{}' is below the API's 3-character minimum): left out."""
    result = import_text(json.dumps({"TargetDevice": "ml_c5", "CompilerOptions": {}}))
    assert "CompilerOptions" not in result.api and result.errors == []
    assert "CompilerOptions held no options; left it out." in result.repairs


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        ("StoppingCondition", {"MaxRuntimeInSeconds": "900"}, "'900'; the API form is 900"),
        ("StoppingCondition", {"MaxRuntimeInSeconds": 900.0}, "900.0; the API form is 900"),
        ("InputConfig", dict(VALID_REQUEST["InputConfig"], FrameworkVersion=None), "is null"),
    ],
)
def test_values_the_model_coerces_are_reported_as_repairs(path: str, value: Any, said: str) -> None:
    """What the request model itself changes (text to number, null dropped) is said too."""
    result = import_text(json.dumps(dict(VALID_REQUEST, **{path: value})))
    assert result.errors == []
    assert any(said in r and r.startswith(path) for r in result.repairs), result.repairs


def test_a_byte_order_mark_is_not_part_of_the_text() -> None:
    """A file saved with a UTF-8 BOM imports like one without."""
    assert import_text("\ufeff" + json.dumps(VALID_REQUEST)).api == VALID_REQUEST


def test_shapes_object_is_written_compact_only_when_needed() -> None:
    """DataInputConfig given as an object is written as json.dumps writes it, and compact when
    those spaces would push it past the 16384-character limit."""
    small = dict(VALID_REQUEST["InputConfig"], DataInputConfig={"data": [1, 3, 224, 224]})
    result = import_text(json.dumps(dict(VALID_REQUEST, InputConfig=small)))
    assert result.api["InputConfig"]["DataInputConfig"] == '{"data": [1, 3, 224, 224]}'
    shapes = {f"input_{i}": [1, 3, 224, 224] for i in range(600)}
    assert len(json.dumps(shapes)) > 16384 >= len(json.dumps(shapes, separators=(",", ":")))
    large = dict(VALID_REQUEST["InputConfig"], DataInputConfig=shapes)
    result = import_text(json.dumps(dict(VALID_REQUEST, InputConfig=large)))
    assert result.errors == []
    assert result.api["InputConfig"]["DataInputConfig"] == json.dumps(shapes, separators=(",", ":"))


def test_jetson_nano_in_another_case_is_repaired() -> None:
    """'Jetson_Nano' (the audit's example) is jetson_nano, said as a repair."""
    options = {"gpu-code": "sm_53", "trt-ver": "5.0.6", "cuda-ver": "10.0"}
    result = import_text(json.dumps({"TargetDevice": "Jetson_Nano", "CompilerOptions": options}))
    assert "TargetDevice 'Jetson_Nano' is not an API value; using 'jetson_nano'." in result.repairs
    assert result.api["TargetDevice"] == "jetson_nano" and result.errors == []


def test_text_that_opens_like_json_says_where_it_stops_being_json() -> None:
    """A request missing its last brace or a comma got only "This is not JSON, YAML, ...";
    the sentence now says where the JSON reader stopped."""
    with pytest.raises(NeoConfigError) as refused:
        import_text('{"CompilationJobName": "x",\n  "RoleArn": "y"\n  "Tags": []}')
    said = str(refused.value)
    assert "It opens like JSON, which stops at line 3, column 3: Expecting ','" in said
    with pytest.raises(NeoConfigError) as commented:  # a comment is no slip: line 3 is
        import_text('{"a": "x", // name\n "b": "y"\n "c": []}')
    assert "stops at line 3, column 2: Expecting ','" in str(commented.value)
    with pytest.raises(NeoConfigError) as other:
        import_text("certainly not a config")
    assert "opens like JSON" not in str(other.value)


def test_options_naming_a_key_twice_say_the_value_the_import_kept() -> None:
    """The import writes CompilerOptions back as JSON, which keeps one value a key: it
    dropped the first of two in silence."""
    api = json.loads(json.dumps(VALID_REQUEST))
    api["OutputConfig"]["CompilerOptions"] = '{"mcpu": "skylake", "mcpu": "core-avx2"}'
    result = import_text(json.dumps(api))
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"]) == {"mcpu": "core-avx2"}
    assert any("named 'mcpu' twice; kept the last value" in r for r in result.repairs)


def test_python_quoted_fields_naming_a_key_twice_say_the_value_kept() -> None:
    """The guide's Python-quoted form of a field, rewritten as JSON, kept one value a key and
    said only that it rewrote the quotes."""
    api = json.loads(json.dumps(VALID_REQUEST))
    api["OutputConfig"]["CompilerOptions"] = "{'mcpu': 'skylake', 'mcpu': 'core-avx2'}"
    api["InputConfig"]["DataInputConfig"] = "{'data': [1, 3, 8, 8], 'data': [1, 3, 224, 224]}"
    result = import_text(json.dumps(api))
    said = " ".join(result.repairs)
    assert "CompilerOptions named 'mcpu' twice; kept the last value" in said
    assert "DataInputConfig named 'data' twice; kept the last value" in said
    _, problems = check_strict(api)
    warned = " ".join(p.message for p in problems)
    assert warned.count("twice; the JSON form keeps the last value") == 2


@pytest.mark.parametrize(
    "options",
    [
        '{"mcpu":"' + "x" * 996 + '","mattr":"+neon"}',  # a bare mattr, made a list
        '{"mcpu":"' + "x" * 1004 + '","n":1E2}',  # 1E2 reads as 100.0
    ],
)
def test_options_within_the_limit_as_written_are_not_refused_for_their_rewrite(options):
    """1,023 characters as written, past 1,024 once the app rewrote them: the rewrite was
    refused, a request the API takes. They are checked and sent as written, and the import
    keeps them so, saying why."""
    assert len(options) <= 1024
    api = {
        **VALID_REQUEST,
        "OutputConfig": {
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": "ml_c5",
            "CompilerOptions": options,
        },
    }
    request, problems = check_request(api)
    assert request is not None, problems
    assert request.to_api()["OutputConfig"]["CompilerOptions"] == options
    result = import_text(json.dumps(api))
    assert result.errors == []
    assert result.api["OutputConfig"]["CompilerOptions"] == options
    assert any("kept as written" in p.message for p in result.problems)


def test_options_kept_as_written_are_kept_on_one_line() -> None:
    """Kept as written, multi-line options lose the line breaks between their tokens (the
    API's ".*" may match none), each token as written: the import gives what the app sends,
    and one within the limit only so is kept too."""
    written = '{"mcpu":"' + "x" * 1004 + '",\r\n"n":1E2}'
    assert len(written) == 1025  # 1,023 on one line; its rewrite, with 100.0, 1,025
    api = {
        **VALID_REQUEST,
        "OutputConfig": {
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": "ml_c5",
            "CompilerOptions": written,
        },
    }
    result = import_text(json.dumps(api))
    assert result.errors == []
    assert result.api["OutputConfig"]["CompilerOptions"] == '{"mcpu":"' + "x" * 1004 + '","n":1E2}'
    request, _ = check_request(result.api)
    assert request is not None
    assert request.to_api()["OutputConfig"] == result.api["OutputConfig"]


def test_a_neuron_flag_string_the_app_trims_is_a_warning_not_an_error() -> None:
    """'"--verbose 1 "' on ml_inf1 was refused by validate ("the API form is ..."), with no
    rule: the service model's pattern for CompilerOptions is .*, and no page says the
    compiler minds the space."""
    api = json.loads(json.dumps(VALID_REQUEST))
    api["InputConfig"].update(Framework="PYTORCH", FrameworkVersion="1.8")
    api["OutputConfig"] = {
        "S3OutputLocation": "s3://b/o/",
        "TargetDevice": "ml_inf1",
        "CompilerOptions": '"--verbose 1 "',
    }
    request, problems = check_strict(api)
    assert request is not None, problems
    said = [p for p in problems if p.path == "OutputConfig.CompilerOptions"]
    assert [(p.severity, p.message[:62]) for p in said] == [
        ("warning", "CompilerOptions is '--verbose 1 '; the app sends '--verbose 1'")
    ]


def test_options_with_a_number_past_pythons_digit_limit_say_so_plainly() -> None:
    """validate printed Python's own advice: "use sys.set_int_max_str_digits()"."""
    api = json.loads(json.dumps(VALID_REQUEST))
    api["OutputConfig"]["CompilerOptions"] = '{"mcpu": ' + "1" * 5000 + "}"
    _, problems = check_strict(api)
    said = [p.message for p in problems if p.path == "OutputConfig.CompilerOptions"]
    assert len(said) == 1 and said[0].startswith(
        "CompilerOptions holds a number of more than 4,300 digits; no value of a request is that"
    ), said


def test_two_long_values_that_differ_at_their_end_are_shown_where_they_differ() -> None:
    """validate showed both cut to the same 60 characters, so nothing told them apart."""
    api = json.loads(json.dumps(VALID_REQUEST))
    api["InputConfig"].update(Framework="PYTORCH", FrameworkVersion="1.8")
    flags = "--verbose 1 --num-neuroncores 2 -O2 --fast-math all --enable-fast-loading x"
    api["OutputConfig"] = {
        "S3OutputLocation": "s3://b/o/",
        "TargetDevice": "ml_inf1",
        "CompilerOptions": json.dumps(flags + " "),
    }
    _, problems = check_strict(api)
    [said] = [p.message for p in problems if p.path == "OutputConfig.CompilerOptions"]
    assert "is '…nable-fast-loading x '; the app sends '…nable-fast-loading x'" in said, said


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("sdk-snippet", "SageMaker SDK code"),
        ("notebook-boto3-snippet", "boto3 code in a notebook"),
        ("doc-example", "the docs' example style"),
    ],
)
def test_an_import_names_its_source_as_the_import_panel_names_them(source: str, words: str):
    """The report read "(sdk snippet)" and "(the reference's example style)": codes, and a
    name the panel's title does not use."""
    assert source_words(source) == words


def test_compiler_options_with_a_number_past_a_float_are_kept_as_written() -> None:
    """The import rewrote {"opt": 1e400} as {"opt": Infinity}, which no JSON reader takes, and
    the check then said the user wrote Infinity."""
    api = {
        "TargetDevice": "ml_c5",
        "S3OutputLocation": "s3://my-bucket/o/",
        "CompilerOptions": '{"mcpu": "skylake-avx512", "opt": 1e400}',
    }
    result = import_text(json.dumps(api))
    assert result.api["CompilerOptions"] == api["CompilerOptions"]


def test_a_nan_is_not_reported_as_a_repair_to_nan() -> None:
    """ "MaxRuntimeInSeconds is NaN; the API form is NaN." was listed among repairs made: NaN
    equals nothing, so the value was taken for a changed one."""
    request = {
        "CompilationJobName": "j",
        "RoleArn": "arn:aws:iam::123456789012:role/R",
        "InputConfig": {"S3Uri": "s3://my-bucket/m.tar.gz", "Framework": "XGBOOST"},
        "OutputConfig": {"S3OutputLocation": "s3://my-bucket/o/", "TargetDevice": "ml_c5"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }
    result = import_text(json.dumps(request).replace("900", "NaN"))
    assert not [r for r in result.repairs if "NaN" in r], result.repairs
