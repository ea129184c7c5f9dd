"""Renderers: every rendering imports back to the same request."""

from __future__ import annotations

import ast
import copy
import json
import shlex
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hyp

from core.interchange import render
from core.interchange.importer import import_text
from core.knowledge.presets import presets
from core.spec.presets import preset_output_config
from tests.conftest import VALID_REQUEST

TENSORFLOW_INPUT = {
    "S3Uri": "s3://my-bucket/models/model.tar.gz",
    "Framework": "TENSORFLOW",
    "DataInputConfig": '{"input": [1, 224, 224, 3]}',
}
"""For targets the guide documents for TensorFlow and PyTorch only (coreml)."""


def requests() -> list[dict[str, Any]]:
    """A valid request per preset, plus unicode tags, quotes, VPC and KMS."""
    built = []
    for preset in presets():
        api = copy.deepcopy(VALID_REQUEST)
        api["CompilationJobName"] = f"job-{preset.id}"
        api["OutputConfig"] = preset_output_config(preset, "s3://my-bucket/compiled/")
        if preset.device == "coreml":
            api["InputConfig"] = dict(TENSORFLOW_INPUT)
        built.append(api)
    special = copy.deepcopy(VALID_REQUEST)
    special["Tags"] = [{"Key": "équipe", "Value": "vision à 360"}, {"Key": "ключ", "Value": ""}]
    special["InputConfig"]["S3Uri"] = "s3://my-bucket/models/o'brien \u202emodel.tar.gz"
    built.append(special)
    secured = copy.deepcopy(VALID_REQUEST)
    secured["OutputConfig"]["KmsKeyId"] = "alias/ExampleAlias"
    secured["VpcConfig"] = {"SecurityGroupIds": ["sg-0123"], "Subnets": ["subnet-0a", "subnet-0b"]}
    built.append(secured)
    return built


REQUESTS = requests()
IDS = [api["CompilationJobName"] if "Tags" not in api else "unicode-tags" for api in REQUESTS]


@pytest.mark.parametrize("fmt", ["json", "outputconfig", "cli", "boto3", "sdk"])
def test_no_rendering_shows_a_format_character_raw(fmt):
    """U+202E shown raw reorders the rest of its line (the trial saw a JSON line reversed), and
    U+200B hides inside a name ("in\u200bput0" read as input0); every rendering writes them as
    escapes, which read back as the same characters."""
    (special,) = [api for api in REQUESTS if "Tags" in api]
    special = copy.deepcopy(special)
    special["OutputConfig"]["S3OutputLocation"] = "s3://my-bucket/\u2067out\u202e/\u2028\x85"
    special["InputConfig"]["DataInputConfig"] = '{"in\u200bput0\U0001d173": [1, 3, 8, 8]}'
    rendered = render.RENDERERS[fmt](special)
    hidden = "\u202e\u2067\u200b\U0001d173\u2028\x85"  # and line breaks no editor shows as such
    assert rendered and not any(ch in rendered for ch in hidden), rendered
    if fmt == "json":
        assert json.loads(rendered) == special


def test_the_decoded_options_show_no_bidirectional_control_raw() -> None:
    """The preview's "CompilerOptions, decoded" block escapes them as the JSON above it does."""
    from ui.configure.frame import decoded_options  # the preview's own helper

    api = {"OutputConfig": {"CompilerOptions": json.dumps({"mcpu": "a\u202eb"})}}
    decoded = decoded_options(api)
    assert decoded is not None and "\u202e" not in decoded
    assert json.loads(decoded) == {"mcpu": "a\u202eb"}


@pytest.mark.parametrize("api", REQUESTS, ids=IDS)
@pytest.mark.parametrize("fmt", ["json", "cli", "boto3"])
def test_rendering_imports_back_to_the_same_request(api, fmt):
    """JSON, the AWS CLI command and the boto3 snippet all read back unchanged."""
    result = import_text(render.RENDERERS[fmt](api))
    assert result.api == api
    assert result.errors == []


@pytest.mark.parametrize("api", REQUESTS, ids=IDS)
def test_output_config_rendering_imports_back(api):
    """The OutputConfig alone reads back as that OutputConfig."""
    result = import_text(render.output_config_json(api))
    assert result.kind == "output_config"
    assert result.api == api["OutputConfig"]


@pytest.mark.parametrize("api", REQUESTS, ids=IDS)
def test_sdk_snippet_imports_back_or_says_why_not(api):
    """The SDK snippet reads back to the request; where compile() cannot say it, a reason."""
    snippet = render.to_sdk(api)
    if snippet is None:
        reason = render.sdk_unsupported_reason(api)
        assert reason and ("VpcConfig" in reason or "KmsKeyId" in reason)
        return
    assert "model.compile(" in snippet
    assert "sagemaker>=2,<3" in snippet and "3.x" in snippet
    assert import_text(snippet).api == api


def test_cli_command_is_one_shell_word_after_the_flag():
    """The --cli-input-json document survives shell quoting, single quotes included."""
    api = REQUESTS[-2]
    words = shlex.split(render.to_cli(api))
    assert words[:4] == ["aws", "sagemaker", "create-compilation-job", "--cli-input-json"]
    assert json.loads(words[4]) == api


def test_sdk_refuses_frameworks_it_does_not_know():
    """DARKNET is not in the SDK's framework list: no snippet, and the reason names it."""
    api = copy.deepcopy(VALID_REQUEST)
    api["InputConfig"]["Framework"] = "DARKNET"
    assert render.to_sdk(api) is None
    assert "DARKNET" in render.sdk_unsupported_reason(api)


@pytest.mark.parametrize(
    ("framework", "version"), [("XGBOOST", None), ("PYTORCH", "2.0")], ids=["xgboost", "pytorch2"]
)
def test_sdk_cannot_send_a_request_without_shapes(framework: str, version: str | None) -> None:
    """compile() always sends DataInputConfig (input_shape=None is sent as null, which botocore
    refuses): a request without shapes gets no SDK snippet, and the reason says why."""
    api = copy.deepcopy(VALID_REQUEST)
    api["InputConfig"] = {"S3Uri": "s3://my-bucket/models/model.tar.gz", "Framework": framework}
    if version:
        api["InputConfig"]["FrameworkVersion"] = version
    assert import_text(json.dumps(api)).errors == []
    assert render.to_sdk(api) is None
    reason = render.sdk_unsupported_reason(api)
    assert reason and "DataInputConfig" in reason and "boto3" in reason


def pytorch_request(version: str | None, **output: Any) -> dict[str, Any]:
    api = copy.deepcopy(VALID_REQUEST)
    api["InputConfig"] = {
        "S3Uri": "s3://my-bucket/models/model.tar.gz",
        "Framework": "PYTORCH",
        "DataInputConfig": '{"input0": [1, 3, 224, 224]}',
    }
    if version:
        api["InputConfig"]["FrameworkVersion"] = version
    if output:
        api["OutputConfig"] = {"S3OutputLocation": "s3://my-bucket/compiled/", **output}
    return api


@pytest.mark.parametrize(
    ("api", "words"),
    [
        (
            pytorch_request("1.8", TargetPlatform={"Os": "LINUX", "Arch": "X86_64"}),
            "TargetPlatform",
        ),
        (pytorch_request("1.8.1"), "shortens"),
        (pytorch_request("1.8", TargetDevice="ml_c6g"), "releases differ"),
        (pytorch_request("1.8", TargetDevice="coreml"), "does not send"),
    ],
    ids=["platform", "patch-version", "releases-differ", "never-sent"],
)
def test_sdk_refuses_a_framework_version_it_would_not_send_as_is(
    api: dict[str, Any], words: str
) -> None:
    """The SDK drops FrameworkVersion for platforms and most pairs, and shortens it: no snippet
    that would silently send another request, and a reason naming what differs."""
    assert render.to_sdk(api) is None
    reason = render.sdk_unsupported_reason(api)
    assert reason and words in reason and "FrameworkVersion" in reason


def test_sdk_snippet_passes_a_version_every_v2_release_sends() -> None:
    """PyTorch 1.8 on ml_c5: every v2 release sends it, so the snippet passes framework_version."""
    snippet = render.to_sdk(pytorch_request("1.8"))
    assert snippet is not None and "    framework_version='1.8',\n" in snippet


@pytest.mark.parametrize(
    ("member", "value"),
    [("MaxWaitTimeInSeconds", 1800), ("MaxPendingTimeInSeconds", 7200)],
)
def test_sdk_refuses_stopping_members_compile_has_no_parameter_for(member: str, value: int) -> None:
    """compile() sends {"MaxRuntimeInSeconds": compile_max_run} and nothing else."""
    api = copy.deepcopy(VALID_REQUEST)
    api["StoppingCondition"][member] = value
    reason = render.sdk_unsupported_reason(api)
    assert reason and member in reason
    assert render.to_sdk(api) is None


OUTPUT_ALONE = {"S3OutputLocation": "s3://my-bucket/compiled/", "TargetDevice": "ml_c5"}


@pytest.mark.parametrize("fmt", ["cli", "boto3", "sdk"])
def test_call_renderings_refuse_an_output_config_alone(fmt: str) -> None:
    """A create-compilation-job call needs a full request: an OutputConfig alone gets a
    one-line reason that says so (not "the framework ." for the SDK)."""
    reason = render.unsupported_reason(fmt, OUTPUT_ALONE)
    assert reason and "full request" in reason and "\n" not in reason
    assert "framework" not in reason


@pytest.mark.parametrize("fmt", ["json", "outputconfig"])
def test_json_renderings_take_an_output_config_alone(fmt: str) -> None:
    assert render.unsupported_reason(fmt, OUTPUT_ALONE) is None
    assert json.loads(render.RENDERERS[fmt](OUTPUT_ALONE)) == OUTPUT_ALONE


def test_sdk_reason_for_a_model_package_names_it() -> None:
    """A ModelPackageVersionArn request has no InputConfig: the reason is the package, not an
    empty framework."""
    api = copy.deepcopy(VALID_REQUEST)
    del api["InputConfig"]
    api["ModelPackageVersionArn"] = "arn:aws:sagemaker:us-east-1:123456789012:model-package/m/1"
    assert import_text(json.dumps(api)).errors == []
    reason = render.sdk_unsupported_reason(api)
    assert reason and "ModelPackageVersionArn" in reason and "framework ." not in reason
    assert render.to_sdk(api) is None


JSON_VALUES = hyp.recursive(
    hyp.none()
    | hyp.booleans()
    | hyp.integers()
    | hyp.floats(allow_nan=False, allow_infinity=False)
    | hyp.text(),
    lambda inner: hyp.lists(inner, max_size=4) | hyp.dictionaries(hyp.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
@settings(max_examples=500, deadline=None)
def test_the_boto3_literal_is_python_for_the_same_value(value: Any) -> None:
    """Any JSON value (quotes, backslashes, line separators, emoji) as a Python literal that
    reads back equal, which is what the boto3 snippet sends."""
    assert ast.literal_eval(render.python_text(value)) == value


def test_strings_holding_double_quotes_are_single_quoted() -> None:
    """An options string (JSON inside JSON) reads as it is, not as escaped quotes."""
    assert render.python_text('{"gpu-code": "sm_62"}') == """'{"gpu-code": "sm_62"}'"""
    assert render.python_text("o'brien") == '"o\'brien"'


def test_renderings_are_reused_by_content_and_made_anew_for_another_endpoint() -> None:
    """Review renders the same request on every rerun: equal content (another dict) and the
    same endpoint give the same renderings; another endpoint gives its own CLI command."""
    api = copy.deepcopy(REQUESTS[0])
    first = render.renderings(api)
    assert render.renderings(copy.deepcopy(api)) is first
    assert first.boto3 == render.to_boto3(api) and first.cli == render.to_cli(api)
    local = render.Where(region="us-east-1", endpoint_url="http://127.0.0.1:5000")
    elsewhere = render.renderings(api, local)
    assert elsewhere is not first and "--endpoint-url http://127.0.0.1:5000" in elsewhere.cli
    api["CompilationJobName"] = "another-job"
    assert "another-job" in render.renderings(api).json
