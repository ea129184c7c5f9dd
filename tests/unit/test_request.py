"""The CreateCompilationJob request model: limits, cross-field rules, problems and its API dict."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import botocore.session
import pytest
from botocore.model import Shape
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import Problem
from core.spec import catalog, service
from core.spec.option_fields import option_fields
from core.spec.options import options_model
from core.spec.problems import botocore_problems
from core.spec.request import CompilationRequest, check_request
from core.spec.strict import check_strict
from core.spec.target import PlatformTarget
from tests.conftest import VALID_REQUEST

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
NVIDIA_OPTIONS = {"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
NEURON_FLAGS = "--verbose 1 --num-neuroncores 2 -O2"
PYTORCH_SHAPES = '{"input0": [1, 3, 224, 224]}'


@pytest.fixture(scope="module")
def input_shape() -> Shape:
    """CreateCompilationJob's input shape, from a botocore session of the test's own."""
    model = botocore.session.get_session().get_service_model("sagemaker")
    return model.operation_model("CreateCompilationJob").input_shape


def botocore_report(api: dict[str, Any], shape: Shape) -> str:
    report = ParamValidator().validate(api, shape)
    return report.generate_report() if report.has_errors() else ""


TF_SHAPES = '{"input": [1, 224, 224, 3]}'
TENSORFLOW_ONLY = {"ml_eia2"}
"""Targets the guide documents for TensorFlow models only (rules.toml, framework-target/*)."""


def base(**output: Any) -> dict[str, Any]:
    """A valid request for ml_c5 and a PyTorch model; keyword arguments replace OutputConfig
    (a target that takes no PyTorch model gets a TensorFlow one)."""
    config = {"S3OutputLocation": "s3://bucket/compiled/", "TargetDevice": "ml_c5"}
    if output:
        config = {"S3OutputLocation": "s3://bucket/compiled/", **output}
    framework, shapes = "PYTORCH", PYTORCH_SHAPES
    if config.get("TargetDevice") in TENSORFLOW_ONLY:
        framework, shapes = "TENSORFLOW", TF_SHAPES
    return {
        "CompilationJobName": "neo-test-1",
        "RoleArn": ROLE,
        "InputConfig": {
            "S3Uri": "s3://bucket/model.tar.gz",
            "Framework": framework,
            "DataInputConfig": shapes,
        },
        "OutputConfig": config,
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }


def changed(api: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of api with the dotted path set to value (or removed when value is ...)."""
    api = copy.deepcopy(api)
    *parents, last = path.split(".")
    node = api
    for part in parents:
        node = node[part]
    if value is ...:
        node.pop(last, None)
    else:
        node[last] = value
    return api


def errors_of(api: Any) -> list[Problem]:
    request, problems = check_request(api)
    found = [p for p in problems if p.severity == "error"]
    assert (request is None) == bool(found)
    return found


def error_paths(api: Any) -> list[str]:
    return [p.path for p in errors_of(api)]


def with_input(framework: str, shapes: str | None = None, version: str | None = None) -> dict:
    inputs: dict[str, Any] = {"S3Uri": "s3://bucket/model.tar.gz", "Framework": framework}
    if shapes is not None:
        inputs["DataInputConfig"] = shapes
    if version is not None:
        inputs["FrameworkVersion"] = version
    return changed(base(), "InputConfig", inputs)


# ---- THE KEY TEST: every target the app can offer compiles to a request botocore accepts --------


def device_options(value: str) -> str | None:
    info = catalog.device(value)
    if info.options == "nvidia_device":
        assert info.example, f"{value} needs an example: the options the guide gives for it"
    if info.example:
        return json.dumps(info.example)
    if info.options == "neuron":
        return json.dumps(NEURON_FLAGS)
    return None


@pytest.mark.parametrize("value", service.target_devices())
def test_every_target_device_builds_a_valid_request(value: str, input_shape: Shape) -> None:
    """For every TargetDevice botocore knows, a request validates and botocore accepts to_api()."""
    options = device_options(value)
    config: dict[str, Any] = {"TargetDevice": value}
    if options is not None:
        config["CompilerOptions"] = options
    request, problems = check_request(base(**config))
    assert request is not None, problems
    assert all(p.severity == "warning" for p in problems)
    api = request.to_api()
    assert botocore_report(api, input_shape) == ""
    assert api["OutputConfig"]["TargetDevice"] == value
    assert "TargetPlatform" not in api["OutputConfig"]
    assert api["OutputConfig"].get("CompilerOptions") == options


@pytest.mark.parametrize(
    ("os_", "arch", "accelerator"), catalog.valid_platforms(), ids=lambda v: str(v)
)
def test_every_valid_platform_builds_a_valid_request(
    os_: str, arch: str, accelerator: str | None, input_shape: Shape
) -> None:
    """For every documented platform, a request validates and botocore accepts to_api()."""
    platform = {"Os": os_, "Arch": arch}
    if accelerator:
        platform["Accelerator"] = accelerator
    config: dict[str, Any] = {"TargetPlatform": platform}
    if accelerator == "NVIDIA":  # a Jetson's sm_62 on x86 warns (options/jetson-gpu-code-on-x86)
        gpu = {"gpu-code": "sm_75"} if arch.startswith("X86") else {}
        config["CompilerOptions"] = json.dumps({**NVIDIA_OPTIONS, **gpu})
    request, problems = check_request(base(**config))
    assert request is not None, problems
    assert problems == []
    api = request.to_api()
    assert botocore_report(api, input_shape) == ""
    assert api["OutputConfig"]["TargetPlatform"] == platform
    assert "TargetDevice" not in api["OutputConfig"]


@pytest.mark.parametrize(
    ("os_", "arch", "accelerator"), catalog.valid_platforms(), ids=lambda v: str(v)
)
def test_every_valid_platform_accepts_its_form_examples(
    os_: str, arch: str, accelerator: str | None, input_shape: Shape
) -> None:
    """Filling a platform's options form with its examples gives a request botocore accepts
    (a field with no example, an ARM target's mcpu, is left empty as a user would)."""
    target = PlatformTarget(Os=os_, Arch=arch, Accelerator=accelerator)
    fields = option_fields(options_model(target))
    values = {f.key: f.example for f in fields if f.example is not None}
    platform = target.to_api()["TargetPlatform"]
    request, problems = check_request(
        base(TargetPlatform=platform, CompilerOptions=json.dumps(values))
    )
    assert request is not None, problems
    assert json.loads(request.to_api()["OutputConfig"]["CompilerOptions"]) == values
    assert botocore_report(request.to_api(), input_shape) == ""


# ---- job name, role, S3 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ok"),
    [("a" * 63, True), ("a" * 64, False), ("my_job", False), ("job.1", False), ("", False)],
)
def test_job_name_length_and_pattern(name: str, ok: bool) -> None:
    """Job names up to 63 characters of letters, digits and hyphens pass; others fail there."""
    paths = error_paths(changed(base(), "CompilationJobName", name))
    assert paths == ([] if ok else ["CompilationJobName"])


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,40}", fullmatch=True))
def test_any_name_matching_the_model_pattern_passes(name: str) -> None:
    """Every name the service model's pattern allows (and fits 63 chars) is accepted."""
    if len(name) <= 63:
        assert error_paths(changed(base(), "CompilationJobName", name)) == []


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: re.search(r"[^a-zA-Z0-9-]", s)))
def test_any_name_with_other_characters_fails(name: str) -> None:
    """A name holding any character besides ASCII letters, digits and hyphens is refused."""
    assert error_paths(changed(base(), "CompilationJobName", name)) == ["CompilationJobName"]


@pytest.mark.parametrize(
    ("arn", "ok"),
    [
        (ROLE, True),
        ("arn:aws-us-gov:iam::123456789012:role/path/to/Role", True),
        ("arn:aws:iam::123:role/SageMakerRole", False),
        ("arn:aws:iam::123456789012:user/Alice", False),
        ("SageMakerRole", False),
    ],
)
def test_role_arn_pattern(arn: str, ok: bool) -> None:
    """RoleArn must be an IAM role ARN."""
    assert error_paths(changed(base(), "RoleArn", arn)) == ([] if ok else ["RoleArn"])


def test_a_role_name_alone_is_told_to_be_an_arn_not_too_short() -> None:
    """A role's name is what people paste: "must be at least 20 characters" sent them to lengthen
    it; the pattern's hint says what to give."""
    _, problems = check_request(changed(base(), "RoleArn", "MyNeoRole"))
    assert [p.message for p in problems if p.path == "RoleArn"] == [
        "RoleArn 'MyNeoRole' is not valid: give the IAM role's ARN, not its name alone, like "
        "arn:aws:iam::123456789012:role/SageMakerRole."
    ]


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::12345678901:role/x",  # an account of 11 digits
        "arn:aws:iam::123456789012:user/x",
        "arn:aws:iam::123456789012:role/Sage Maker",
        "ARN:aws:iam::123456789012:role/x",
    ],
)
def test_an_arn_that_does_not_fit_is_told_the_form_not_to_give_an_arn(arn: str) -> None:
    """An ARN that misses the pattern was told "give the IAM role's ARN, not its name alone",
    which sends people looking for a mistake they did not make: it is told the form."""
    _, problems = check_request(changed(base(), "RoleArn", arn))
    [message] = [p.message for p in problems if p.path == "RoleArn"]
    assert "name alone" not in message
    assert "arn:aws:iam::<12-digit account>:role/<name>" in message


def test_a_placeholder_of_the_documentation_is_named_as_one() -> None:
    """The guide's CLI example writes arn:aws:iam::<your-account>:role/...: it is an ARN, and
    "not its name alone" sent people looking for the wrong mistake."""
    arn = "arn:aws:iam::<your-account>:role/NeoRole"
    _, problems = check_request(changed(base(), "RoleArn", arn))
    assert [p.message for p in problems if p.path == "RoleArn"] == [
        f"RoleArn '{arn}' is not valid: it holds the documentation's placeholder "
        "'<your-account>'; put your own value in its place."
    ]


def test_a_job_name_with_letters_beyond_ascii_is_told_which_letters() -> None:
    """ "use letters" refused "jetsön" without saying why: the API takes ASCII letters only."""
    _, problems = check_request(changed(base(), "CompilationJobName", "jetsön-1"))
    [message] = [p.message for p in problems if p.path == "CompilationJobName"]
    assert "use ASCII letters (a-z, A-Z), digits and hyphens only" in message


@pytest.mark.parametrize("path", ["InputConfig.S3Uri", "OutputConfig.S3OutputLocation"])
@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("s3://bucket/key/model.tar.gz", True),
        ("https://bucket.s3.amazonaws.com/model.tar.gz", True),
        ("bucket/model.tar.gz", False),
        ("ftp://bucket/model.tar.gz", False),
        ("s3://" + "b" * 1021, False),
    ],
)
def test_s3_uris(path: str, uri: str, ok: bool) -> None:
    """S3 locations are s3:// or https:// URIs of at most 1024 characters."""
    assert error_paths(changed(base(), path, uri)) == ([] if ok else [path])


@pytest.mark.parametrize(
    "key",
    [
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "alias/ExampleAlias",
        "arn:aws:kms:us-west-2:111122223333:alias/ExampleAlias",
        "mrk-1234abcd12ab34cd56ef1234567890ab",
    ],
)
def test_kms_key_id_reference_formats_pass(key: str, input_shape: Shape) -> None:
    """The four KmsKeyId formats of the API reference (and KMS's multi-Region key ID) are
    accepted and sent unchanged, with no warning (rule kms/key-form)."""
    request, problems = check_request(changed(base(), "OutputConfig.KmsKeyId", key))
    assert problems == [] and request is not None
    assert request.to_api()["OutputConfig"]["KmsKeyId"] == key
    assert botocore_report(request.to_api(), input_shape) == ""


@pytest.mark.parametrize(
    "key",
    [
        "not a key",
        "1234abcd",
        "alias/",
        "arn:aws:kms:us-west-2:111122223333:bucket/x",
        "arn:aws:s3:::bucket",
        "alias/" + "a" * 2043,
    ],
)
def test_kms_key_id_junk_fails(key: str) -> None:
    """Anything else in KmsKeyId is refused at OutputConfig.KmsKeyId."""
    assert error_paths(changed(base(), "OutputConfig.KmsKeyId", key)) == ["OutputConfig.KmsKeyId"]


# ---- the target -------------------------------------------------------------------------------


def test_device_and_platform_together_fail() -> None:
    """TargetDevice and TargetPlatform together are refused with a sentence saying to keep one."""
    api = base(TargetDevice="ml_c5", TargetPlatform={"Os": "LINUX", "Arch": "X86_64"})
    found = errors_of(api)
    assert [p.path for p in found] == ["OutputConfig"]
    assert "TargetDevice" in found[0].message and "TargetPlatform" in found[0].message


def test_neither_device_nor_platform_fails() -> None:
    """An OutputConfig naming no target is refused."""
    found = errors_of(base(KmsKeyId="alias/x"))
    assert [p.path for p in found] == ["OutputConfig"]
    assert "TargetDevice" in found[0].message and "TargetPlatform" in found[0].message


@pytest.mark.parametrize(
    ("platform", "path"),
    [
        ({"Os": "LINUX", "Arch": "ARMEABIHF"}, "OutputConfig.TargetPlatform.Arch"),
        ({"Os": "LINUX", "Arch": "X8664"}, "OutputConfig.TargetPlatform.Arch"),
        ({"Os": "WINDOWS", "Arch": "X86_64"}, "OutputConfig.TargetPlatform.Os"),
        ({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "GPU"}, "OutputConfig.TargetPlatform"),
        ({"Os": "LINUX"}, "OutputConfig.TargetPlatform.Arch"),
    ],
)
def test_platform_problems_point_at_the_field(platform: dict[str, str], path: str) -> None:
    """Enum errors in TargetPlatform carry the path of the wrong member."""
    assert error_paths(base(TargetPlatform=platform))[0].startswith(path)


def test_unsupported_platform_combination_explains_why() -> None:
    """A combination the guide does not list (ANDROID + ARM_EABIHF) is refused with a reason."""
    found = errors_of(base(TargetPlatform={"Os": "ANDROID", "Arch": "ARM_EABIHF"}))
    assert [p.path for p in found] == ["OutputConfig.TargetPlatform"]
    assert found[0].message.startswith("Neo does not support")


def test_unknown_target_device_fails_listing_choices() -> None:
    """A TargetDevice outside botocore's enum is refused at OutputConfig.TargetDevice."""
    found = errors_of(base(TargetDevice="jetson_orin"))
    assert [p.path for p in found] == ["OutputConfig.TargetDevice"]
    assert "jetson_nano" in found[0].message


def test_nna_platform_passes_with_a_warning() -> None:
    """NNA is allowed (not blocked) but carries a warning at the Accelerator path."""
    request, problems = check_request(
        base(TargetPlatform={"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NNA"})
    )
    assert request is not None
    assert [(p.path, p.severity) for p in problems] == [
        ("OutputConfig.TargetPlatform.Accelerator", "warning")
    ]


def test_device_note_becomes_a_warning() -> None:
    """A device with a note (ml_inf2's region) passes with that note as a warning."""
    api = base(TargetDevice="ml_inf2", CompilerOptions=json.dumps(NEURON_FLAGS))
    request, problems = check_request(api)
    assert request is not None
    assert [(p.path, p.severity) for p in problems] == [("OutputConfig.TargetDevice", "warning")]
    assert problems[0].message == catalog.device("ml_inf2").note


# ---- DataInputConfig per framework ------------------------------------------------------------


@pytest.mark.parametrize(
    ("framework", "shapes", "version"),
    [
        ("TENSORFLOW", '{"input": [1, 224, 224, 3]}', None),
        ("TFLITE", '{"input": [1, 224, 224, 3]}', None),
        ("MXNET", '{"data": [1, 3, 224, 224]}', None),
        ("ONNX", '{"data": [1, 3, 224, 224]}', None),
        ("KERAS", '{"input_1": [1, 3, 224, 224]}', None),
        ("PYTORCH", '{"input0": [1, 3, 224, 224]}', None),
        ("PYTORCH", "[[1, 3, 224, 224], [1, 3, 160, 160]]", None),
        ("XGBOOST", None, None),
        ("PYTORCH", None, "2.0"),
    ],
)
def test_shapes_valid_for_their_framework(
    framework: str, shapes: str | None, version: str | None
) -> None:
    """Named NHWC for TF, named NCHW for MXNet/ONNX/Keras, lists for PyTorch, none for XGBoost
    (TFLite on an edge device: it compiles for nothing else)."""
    api = with_input(framework, shapes, version)
    if framework == "TFLITE":
        api["OutputConfig"]["TargetDevice"] = "rasp4b"
    assert errors_of(api) == []


@pytest.mark.parametrize(
    ("framework", "shapes", "version", "words"),
    [
        ("MXNET", "[[1, 3, 224, 224]]", None, ["named inputs", "PyTorch"]),
        ("TENSORFLOW", "[[1, 224, 224, 3]]", None, ["named inputs"]),
        ("MXNET", '{"data": [1, 3, "224", 224]}', None, ['"224"', "'data'", "finite number"]),
        ("PYTORCH", "[[1, 3, true, 224]]", None, ["true", "finite number"]),
        ("MXNET", None, None, ["required", "MXNET"]),
        ("TENSORFLOW", None, None, ["required", "TENSORFLOW"]),
        ("PYTORCH", None, "1.8", ["required", "PYTORCH"]),
        ("ONNX", '{"data": 224}', None, ["must be a list of sizes"]),
        ("ONNX", '{"data": [1, 3, NaN, 224]}', None, ["NaN", "not JSON"]),
        ("ONNX", '{"data": [1, 3, Infinity, 224]}', None, ["Infinity", "not JSON"]),
        ("ONNX", "{'data': [1, 3, 224, 224]}", None, ["not valid JSON"]),
        ("ONNX", "{}", None, ["no input"]),
    ],
)
def test_shapes_invalid_for_their_framework(
    framework: str, shapes: str | None, version: str | None, words: list[str]
) -> None:
    """Wrong shape documents fail at InputConfig.DataInputConfig with a sentence saying why."""
    found = errors_of(with_input(framework, shapes, version))
    assert [p.path for p in found] == ["InputConfig.DataInputConfig"]
    for word in words:
        assert word in found[0].message


def test_keras_nhwc_shape_is_a_warning_not_an_error() -> None:
    """A Keras shape that looks NHWC passes, with a warning that Keras wants NCHW."""
    request, problems = check_request(with_input("KERAS", '{"input_1": [1, 224, 224, 3]}'))
    assert request is not None
    assert [(p.path, p.severity) for p in problems] == [("InputConfig.DataInputConfig", "warning")]
    assert "NCHW" in problems[0].message


def test_tensorflow_nchw_shape_is_a_warning() -> None:
    """A TensorFlow shape that looks NCHW passes, with a warning that TensorFlow wants NHWC."""
    request, problems = check_request(with_input("TENSORFLOW", '{"input": [1, 3, 224, 224]}'))
    assert request is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "NHWC" in problems[0].message


def test_shapes_in_the_right_layout_give_no_warning() -> None:
    """Shapes in the framework's own layout draw no warning."""
    assert check_request(with_input("MXNET", '{"data": [1, 3, 224, 224]}'))[1] == []
    assert check_request(with_input("TENSORFLOW", '{"input": [1, 224, 224, 3]}'))[1] == []


def test_data_input_config_longer_than_the_model_allows_fails() -> None:
    """DataInputConfig over the service model's maximum length is refused."""
    high = service.limit("InputConfig.DataInputConfig").max
    assert high is not None
    shapes = '{"data": [1, 3, 224, 224]' + " " * (high - 25) + "}"
    assert len(shapes) == high + 1
    assert error_paths(with_input("MXNET", shapes)) == ["InputConfig.DataInputConfig"]


# ---- FrameworkVersion -------------------------------------------------------------------------

SHAPES_FOR = {
    "TENSORFLOW": '{"input": [1, 224, 224, 3]}',
    "TFLITE": '{"input": [1, 224, 224, 3]}',
    "KERAS": '{"input_1": [1, 3, 224, 224]}',
    "PYTORCH": PYTORCH_SHAPES,
}


LISTED_VERSION = {
    "MXNET": ("ml_c5", "1.8"),
    "PYTORCH": ("ml_c5", "1.8"),
    "TENSORFLOW": ("ml_c5", "2.9"),
    "TFLITE": ("rasp4b", "1.15"),
}
"""A target and a version its row of rules.toml's version table lists, per versioned framework."""


@pytest.mark.parametrize("framework", service.frameworks())
def test_framework_version_only_for_versioned_frameworks(framework: str) -> None:
    """FrameworkVersion is accepted for MXNET, PYTORCH, TENSORFLOW and TFLITE, refused otherwise."""
    shapes = SHAPES_FOR.get(framework, '{"data": [1, 3, 224, 224]}')
    device, version = LISTED_VERSION.get(framework, ("ml_c5", "1.8"))
    api = with_input(framework, shapes, version)
    api["OutputConfig"]["TargetDevice"] = device
    found = errors_of(api)
    if framework in LISTED_VERSION:
        assert found == []
    else:
        assert [p.path for p in found] == ["InputConfig.FrameworkVersion"]
        assert "rule framework-version/unversioned-framework" in found[0].message


@pytest.mark.parametrize(("version", "ok"), [("2.9", True), ("1.15.3", True), ("v1", False)])
def test_framework_version_pattern(version: str, ok: bool) -> None:
    """FrameworkVersion follows the service model's form, like 1.8 or 2.9."""
    paths = error_paths(with_input("TENSORFLOW", SHAPES_FOR["TENSORFLOW"], version))
    assert paths == ([] if ok else ["InputConfig.FrameworkVersion"])


def test_framework_outside_the_enum_fails() -> None:
    """Framework must be one of botocore's enum values (the SDK's lower case is not)."""
    assert error_paths(with_input("pytorch", PYTORCH_SHAPES)) == ["InputConfig.Framework"]


# ---- StoppingCondition, VpcConfig, Tags --------------------------------------------------------


def test_max_pending_limits_come_from_the_model(input_shape: Shape) -> None:
    """MaxPendingTimeInSeconds accepts the model's min and max, and refuses just outside."""
    shape = input_shape.members["StoppingCondition"].members["MaxPendingTimeInSeconds"]
    low, high = shape.metadata["min"], shape.metadata["max"]
    path = "StoppingCondition.MaxPendingTimeInSeconds"
    for value, ok in [(low, True), (high, True), (low - 1, False), (high + 1, False)]:
        assert error_paths(changed(base(), path, value)) == ([] if ok else [path]), value


def test_max_runtime_must_be_positive() -> None:
    """MaxRuntimeInSeconds below the model's minimum of 1 is refused."""
    path = "StoppingCondition.MaxRuntimeInSeconds"
    assert error_paths(changed(base(), path, 0)) == [path]


def test_a_wait_past_the_models_32_bit_integer_is_refused(input_shape: Shape) -> None:
    """MaxWaitTimeInSeconds has a minimum and no maximum in the model, but its type is
    integer (32-bit; the model keeps long apart): botocore sends 2**31, the server cannot read
    it. The largest 32-bit number passes."""
    shape = input_shape.members["StoppingCondition"].members["MaxWaitTimeInSeconds"]
    assert shape.type_name == "integer" and "max" not in shape.metadata
    path = "StoppingCondition.MaxWaitTimeInSeconds"
    for value in (2**31, 10**30):
        found = errors_of(changed(base(), path, value))
        assert [(p.path, p.message) for p in found] == [
            (
                path,
                "MaxWaitTimeInSeconds is past 2147483647, the largest number the API's "
                f"integer fields hold (got {value}).",
            )
        ]
    assert error_paths(changed(base(), path, 2**31 - 1)) == []


@pytest.mark.parametrize("stopping", [{}, {"MaxRuntimeInSeconds": None}])
def test_a_request_without_max_runtime_is_sent_without_one(stopping) -> None:
    """A request that gives no MaxRuntimeInSeconds leaves it to AWS, and is sent so: the app's
    900 (the wizard's and the SDK's default) once went into it unsaid, which a job longer than
    15 minutes would end in a TimeOut. {} and a null member are sent alike."""
    request, _ = check_request(changed(base(), "StoppingCondition", stopping))
    assert request is not None
    assert request.to_api()["StoppingCondition"] == {}
    repaired, _ = check_request(request.to_api())
    assert repaired is not None and repaired.to_api() == request.to_api()


@pytest.mark.parametrize(
    ("groups", "subnets", "path"),
    [
        (1, 1, None),
        (5, 16, None),
        (0, 1, "VpcConfig.SecurityGroupIds"),
        (6, 1, "VpcConfig.SecurityGroupIds"),
        (1, 0, "VpcConfig.Subnets"),
        (1, 17, "VpcConfig.Subnets"),
    ],
)
def test_vpc_config_list_sizes(groups: int, subnets: int, path: str | None) -> None:
    """VpcConfig takes 1-5 security groups and 1-16 subnets."""
    vpc = {
        "SecurityGroupIds": [f"sg-0{i}" for i in range(groups)],
        "Subnets": [f"subnet-0{i}" for i in range(subnets)],
    }
    assert error_paths(changed(base(), "VpcConfig", vpc)) == ([path] if path else [])


def test_vpc_ids_follow_the_model_pattern() -> None:
    """A security group id with characters outside the pattern is refused at its index."""
    vpc = {"SecurityGroupIds": ["sg 01"], "Subnets": ["subnet-01"]}
    assert error_paths(changed(base(), "VpcConfig", vpc)) == ["VpcConfig.SecurityGroupIds[0]"]


@pytest.mark.parametrize(("count", "ok"), [(0, True), (50, True), (51, False)])
def test_at_most_50_tags(count: int, ok: bool) -> None:
    """Up to 50 tags are accepted (botocore's TagList maximum, which botocore itself does not
    check); 51 fail at Tags with a sentence."""
    assert service.list_limit("Tags") == (0, 50)
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(count)]
    found = errors_of(changed(base(), "Tags", tags))
    assert [p.path for p in found] == ([] if ok else ["Tags"])
    if not ok:
        assert found[0].message.startswith("Tags: give at most 50 (got 51).")


@pytest.mark.parametrize(
    ("tag", "path"),
    [
        ({"Key": "k" * 129, "Value": "v"}, "Tags[0].Key"),
        ({"Key": "k", "Value": "v" * 257}, "Tags[0].Value"),
        ({"Key": "", "Value": "v"}, "Tags[0].Key"),
        ({"Key": "k"}, "Tags[0].Value"),
        ({"Key": "Projekt Zürich", "Value": "データ"}, None),
        ({"Key": "k" * 128, "Value": "v" * 256}, None),
    ],
)
def test_tag_key_and_value_limits(tag: dict[str, str], path: str | None) -> None:
    """Tag keys 1-128 and values up to 256 characters, Unicode letters allowed."""
    assert error_paths(changed(base(), "Tags", [tag])) == ([path] if path else [])


# ---- the request as a whole --------------------------------------------------------------------


def test_input_config_and_model_package_are_alternatives() -> None:
    """Exactly one of InputConfig and ModelPackageVersionArn: both and neither fail."""
    package = "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1"
    assert errors_of(changed(base(), "ModelPackageVersionArn", package))
    assert errors_of(changed(base(), "InputConfig", ...))
    only_package = changed(changed(base(), "InputConfig", ...), "ModelPackageVersionArn", package)
    assert errors_of(only_package) == []


@pytest.mark.parametrize(
    "member", ["CompilationJobName", "RoleArn", "OutputConfig", "StoppingCondition"]
)
def test_missing_required_member_is_named(member: str) -> None:
    """Each required member left out is reported at its own path as required."""
    found = errors_of(changed(base(), member, ...))
    assert (found[0].path, found[0].message) == (member, f"{member} is required.")


def test_unknown_member_is_refused() -> None:
    """A key the API does not have is refused by name."""
    found = errors_of(changed(base(), "TargetDevice", "ml_c5"))
    assert [p.path for p in found] == ["TargetDevice"]
    assert "not a field the API accepts" in found[0].message


def test_non_object_request_is_a_problem_not_an_exception() -> None:
    """A request that is not a JSON object gives a problem."""
    assert errors_of(["not", "a", "request"])


def test_to_api_returns_exactly_what_boto3_takes(input_shape: Shape) -> None:
    """A full request read from its API dict writes back the same dict, which botocore accepts."""
    api = {
        "CompilationJobName": "full-request",
        "RoleArn": ROLE,
        "InputConfig": {
            "S3Uri": "s3://bucket/model.tar.gz",
            "Framework": "TENSORFLOW",
            "FrameworkVersion": "2.9",
            "DataInputConfig": '{"input": [1, 224, 224, 3]}',
        },
        "OutputConfig": {
            "S3OutputLocation": "s3://bucket/compiled/",
            "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},
            "CompilerOptions": json.dumps(NVIDIA_OPTIONS),
            "KmsKeyId": "alias/ExampleAlias",
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 1200, "MaxPendingTimeInSeconds": 7200},
        "VpcConfig": {"SecurityGroupIds": ["sg-0123"], "Subnets": ["subnet-0123", "subnet-4567"]},
        "Tags": [{"Key": "team", "Value": "ml"}],
    }
    request, problems = check_request(api)
    assert request is not None
    # No version table covers platforms: the version is kept, with a warning that says so.
    assert [p.message.split("(rule ")[1].split(",")[0] for p in problems] == [
        "framework-version/undocumented"
    ]
    assert request.to_api() == api
    assert list(request.to_api()) == [k for k in input_shape.members if k in api]
    assert botocore_report(request.to_api(), input_shape) == ""
    assert CompilationRequest.model_validate(request.to_api()).to_api() == api


def test_to_api_leaves_out_unset_optional_members() -> None:
    """Optional members not given (VpcConfig, Tags, KmsKeyId, options) are absent, never None."""
    request, _ = check_request(base())
    assert request is not None
    api = request.to_api()
    assert set(api) == {
        "CompilationJobName",
        "RoleArn",
        "InputConfig",
        "OutputConfig",
        "StoppingCondition",
    }
    assert set(api["OutputConfig"]) == {"S3OutputLocation", "TargetDevice"}
    assert "null" not in json.dumps(api)


def test_botocore_gate_reports_every_missing_member() -> None:
    """botocore_problems reports each error ParamValidator finds, one Problem per error."""
    problems = botocore_problems({"CompilationJobName": "x"})
    for member in ("RoleArn", "OutputConfig", "StoppingCondition"):
        assert sum(member in p.message for p in problems) == 1, member
    assert len(problems) == 3
    assert botocore_problems(base()) == []


def test_botocore_gate_reports_a_single_error() -> None:
    """A request with exactly one botocore error is not let through."""
    problems = botocore_problems(changed(base(), "StoppingCondition", ...))
    assert len(problems) == 1 and "StoppingCondition" in problems[0].message


# ---- problems: API paths and sentences ---------------------------------------------------------

BROKEN: list[tuple[dict[str, Any], str]] = [
    (base(TargetPlatform={"Os": "LINUX", "Arch": "ARMEABIHF"}), "OutputConfig.TargetPlatform.Arch"),
    (
        base(
            TargetPlatform={"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},
            CompilerOptions=json.dumps({"gpu-code": "sm_62", "trt-ver": "6.0", "cuda-ver": "10.0"}),
        ),
        "OutputConfig.CompilerOptions.trt-ver",
    ),
    (with_input("MXNET", "[[1, 3, 224, 224]]"), "InputConfig.DataInputConfig"),
    (changed(base(), "RoleArn", ...), "RoleArn"),
    (changed(base(), "InputConfig.Framework", ...), "InputConfig.Framework"),
    (
        base(TargetDevice="ml_c5", CompilerOptions='{"dtype": "half"}'),
        "OutputConfig.CompilerOptions.dtype",
    ),
    (
        base(TargetDevice="qcs605", CompilerOptions='{"ANDROID_PLATFORM": 30}'),
        "OutputConfig.CompilerOptions.ANDROID_PLATFORM",
    ),
    (
        base(TargetDevice="qcs605", CompilerOptions='{"ANDROID_PLATFORM": "x"}'),
        "OutputConfig.CompilerOptions.ANDROID_PLATFORM",
    ),
    (base(TargetDevice="ml_inf1", CompilerOptions='""'), "OutputConfig.CompilerOptions"),
    (base(TargetDevice=7), "OutputConfig.TargetDevice"),
    (changed(base(), "Tags", [{"Key": f"k{i}", "Value": "v"} for i in range(51)]), "Tags"),
    (
        changed(base(), "StoppingCondition.MaxRuntimeInSeconds", "soon"),
        "StoppingCondition.MaxRuntimeInSeconds",
    ),
    (changed(base(), "VpcConfig", {"SecurityGroupIds": ["sg-1"]}), "VpcConfig.Subnets"),
]


def api_path_exists(path: str, shape: Shape) -> bool:
    """Whether a problem path names a member of the API (keys inside CompilerOptions allowed)."""
    if not path:
        return True
    for part in re.sub(r"\[\d+\]", "", path).split("."):
        if shape.name == "CompilerOptions":
            return True  # a key inside the JSON string
        if shape.type_name == "list":
            shape = shape.member  # type: ignore[attr-defined]
        if shape.type_name != "structure" or part not in shape.members:  # type: ignore[attr-defined]
            return False
        shape = shape.members[part]  # type: ignore[attr-defined]
    return True


@pytest.mark.parametrize(("api", "path"), BROKEN, ids=[p for _, p in BROKEN])
def test_problems_carry_api_paths_and_sentences(
    api: dict[str, Any], path: str, input_shape: Shape
) -> None:
    """Each problem names an API field path and reads as a sentence, not as pydantic's text."""
    found = errors_of(api)
    assert path in [p.path for p in found]
    for problem in found:
        assert api_path_exists(problem.path, input_shape), problem.path
        message = problem.message
        assert message.endswith("."), message
        for leak in ("Field required", "Value error", "Input should", "after validation", "{{"):
            assert leak not in message, message


# ---- strict: a file that validates is the request boto3 takes, as it is -----------------------


def strict_errors(api: Any) -> list[Problem]:
    request, problems = check_strict(api)
    found = [p for p in problems if p.severity == "error"]
    assert (request is None) == bool(found)
    return found


NVIDIA_PLATFORM = {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}
STRICT_CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "python-field-names",
        {
            "job_name": "neo-test-1",
            "role_arn": ROLE,
            "input_config": {"S3Uri": "s3://bucket/model.tar.gz", "Framework": "XGBOOST"},
            "output_config": {"S3OutputLocation": "s3://bucket/o/", "TargetDevice": "ml_c5"},
            "stopping_condition": {"MaxRuntimeInSeconds": 900},
        },
        "job_name",
    ),
    (
        "target-key",
        base(target={"kind": "device", "device": "ml_c5"}, TargetDevice="ml_c5"),
        "OutputConfig",
    ),
    (
        "runtime-text",
        changed(base(), "StoppingCondition.MaxRuntimeInSeconds", "900"),
        "StoppingCondition.MaxRuntimeInSeconds",
    ),
    (
        "runtime-float",
        changed(base(), "StoppingCondition.MaxRuntimeInSeconds", 900.0),
        "StoppingCondition.MaxRuntimeInSeconds",
    ),
    (
        "runtime-null",
        changed(base(), "StoppingCondition.MaxRuntimeInSeconds", None),
        "StoppingCondition.MaxRuntimeInSeconds",
    ),
    (
        "framework-version-null",
        changed(base(), "InputConfig.FrameworkVersion", None),
        "InputConfig.FrameworkVersion",
    ),
    (
        "neuron-flags-object",
        base(TargetDevice="ml_inf1", CompilerOptions='{"flags": "-O2"}'),
        "OutputConfig.CompilerOptions",
    ),
    ("device-with-dot", base(TargetDevice="ml.c5"), "OutputConfig.TargetDevice"),
    ("device-upper-case", base(TargetDevice="ML_C5"), "OutputConfig.TargetDevice"),
]


@pytest.mark.parametrize(
    ("api", "path"), [c[1:] for c in STRICT_CASES], ids=[c[0] for c in STRICT_CASES]
)
def test_strict_check_refuses_what_import_would_change(api: dict[str, Any], path: str) -> None:
    """Each of these is not the request as sent: strict validation reports it at its field,
    in one sentence, even where the lenient check reads (and repairs or coerces) it."""
    found = strict_errors(api)
    assert path in [p.path for p in found], found
    for problem in found:
        assert problem.message.endswith(".") and "\n" not in problem.message


@pytest.mark.parametrize(
    "name",
    ["runtime-text", "runtime-float"],
)
def test_lenient_check_reads_what_strict_refuses(name: str) -> None:
    """The lenient check (import, the wizard) accepts these and sends the API form."""
    case = dict((c[0], c[1]) for c in STRICT_CASES)[name]
    request, _ = check_request(case)
    assert request is not None
    assert json.dumps(request.to_api()) != json.dumps(case)


def test_strict_check_warns_of_empty_options_it_would_leave_out() -> None:
    """ "{ }" is valid CompilerOptions (3 characters, pattern ".*"): AWS takes it, so strict
    validation passes it with a warning that the app leaves it out, never refuses it."""
    api = base(TargetDevice="ml_c5", CompilerOptions="{ }")
    request, problems = check_strict(api)
    assert request is not None
    assert [(p.path, p.severity) for p in problems] == [("OutputConfig.CompilerOptions", "warning")]
    assert "says nothing" in problems[0].message
    assert "CompilerOptions" not in request.to_api()["OutputConfig"]


def test_strict_check_accepts_a_canonical_request_and_whitespace() -> None:
    """A request as to_api() writes it passes; so does JSON text that differs in layout only."""
    assert strict_errors(base()) == []
    spaced = base(
        TargetPlatform=NVIDIA_PLATFORM, CompilerOptions=json.dumps(NVIDIA_OPTIONS, indent=4)
    )
    spaced["InputConfig"]["DataInputConfig"] = '{\n  "input0" : [1,3,224,224]\n}'
    assert strict_errors(spaced) == []
    assert strict_errors(changed(base(), "StoppingCondition", {})) == []  # defaults are no change


@pytest.mark.parametrize("value", service.target_devices())
def test_every_target_devices_request_is_strictly_valid_as_sent(value: str) -> None:
    """What to_api() sends for every device passes strict validation unchanged."""
    options = device_options(value)
    config: dict[str, Any] = {"TargetDevice": value}
    if options is not None:
        config["CompilerOptions"] = options
    request, _ = check_request(base(**config))
    assert request is not None
    assert strict_errors(request.to_api()) == []


def test_model_reads_api_names_only() -> None:
    """Python field names are not API names: the model refuses them (no populate_by_name)."""
    paths = [p.path for p in errors_of(STRICT_CASES[0][1])]
    assert "job_name" in paths and "CompilationJobName" in paths


def test_target_key_and_platform_kind_are_refused() -> None:
    """The union's internals ('target', 'kind') are not API fields."""
    found = errors_of(base(target={"kind": "device", "device": "ml_c5"}, TargetDevice="ml_c5"))
    assert "'target' is not a field" in found[0].message
    platform = {"Os": "LINUX", "Arch": "ARM64", "kind": "device"}
    assert "'kind'" in errors_of(base(TargetPlatform=platform))[0].message


def test_max_runtime_true_is_not_one_second() -> None:
    """JSON's true is refused where seconds are wanted (pydantic would read it as 1)."""
    found = errors_of(changed(base(), "StoppingCondition.MaxRuntimeInSeconds", True))
    assert [p.path for p in found] == ["StoppingCondition.MaxRuntimeInSeconds"]


def test_a_key_named_twice_warns_and_the_last_value_is_read() -> None:
    """JSON leaves an object naming a key twice to its reader and the Neo pages are silent:
    a warning (it was refused), the last value checked, and CompilerOptions sent with it alone
    (DataInputConfig is sent as written)."""
    twice_options = '{"dtype": "float32", "dtype": "int64", "x": {"k": 1, "k": 2}}'
    shapes = '{"data": [1, 3, 224, 224], "data": [1, 3, 32, 32]}'
    api = base(TargetDevice="ml_c5", CompilerOptions=twice_options)
    api["InputConfig"] = {**api["InputConfig"], "DataInputConfig": shapes}
    request, problems = check_request(api)
    assert request is not None, [p.message for p in problems]
    found = {p.path: p.message for p in problems if "duplicate-key" in p.message}
    assert "names 'k', 'dtype' twice" in found["OutputConfig.CompilerOptions"]  # inner first
    assert "rule options/duplicate-key, RFC 8259" in found["OutputConfig.CompilerOptions"]
    assert "'data' twice" in found["InputConfig.DataInputConfig"]
    sent = request.to_api()
    assert sent["OutputConfig"]["CompilerOptions"] == '{"dtype": "int64", "x": {"k": 2}}'
    assert sent["InputConfig"]["DataInputConfig"] == shapes
    newline = base(TargetDevice="ml_c5", CompilerOptions='{"a\\nb": 1, "a\\nb": 2}')
    (warned,) = [p for p in check_request(newline)[1] if "duplicate-key" in p.message]
    assert "\n" not in str(warned) and "'a\\nb'" in warned.message
    wrong_last = base(TargetDevice="ml_c5", CompilerOptions='{"mcpu": "x", "mcpu": [5]}')
    assert [p.path for p in errors_of(wrong_last)] == ["OutputConfig.CompilerOptions.mcpu"]


def test_unicode_digits_are_not_account_digits() -> None:
    """RoleArn's \\d is an ASCII digit, as in the API's (Java) pattern: '٣' is refused."""
    assert "RoleArn" in error_paths(
        changed(base(), "RoleArn", "arn:aws:iam::12345678901\u0663:role/R")
    )


@pytest.mark.parametrize(
    ("api", "path"),
    [
        (changed(base(), "CompilationJobName", "my\njob"), "CompilationJobName"),
        (changed(base(), "InputConfig.Framework", "PY\nTORCH"), "InputConfig.Framework"),
        (base(TargetDevice="ml_c5\n"), "OutputConfig.TargetDevice"),
        (base(TargetDevice="ml_c5", KmsKeyId="alias/\n" + "k" * 500), "OutputConfig.KmsKeyId"),
    ],
)
def test_every_problem_is_one_line(api: dict[str, Any], path: str) -> None:
    """Values with line breaks or of any length are shown escaped and cut: one line each."""
    found = strict_errors(api)
    assert any(p.path.startswith(path) for p in found), found
    for problem in found:
        assert "\n" not in str(problem) and len(problem.message) < 600, problem
        assert ".*" not in problem.message


def test_an_undocumented_option_key_is_one_line_in_its_warning() -> None:
    """A key with a line break (kept and sent: keys the reference does not give only warn) is
    quoted in the warning's path and message."""
    request, problems = check_request(base(TargetDevice="ml_c5", CompilerOptions='{"a\\nb": 1}'))
    assert request is not None
    [warning] = [p for p in problems if "options/undocumented-key" in p.message]
    assert warning.path == "OutputConfig.CompilerOptions.'a\\nb'"
    assert "\n" not in str(warning)


def test_an_unsigned_mattr_flag_is_one_line_in_its_warning() -> None:
    """A flag with a line break and no sign (sent, with a warning) is quoted escaped."""
    api = base(
        TargetPlatform={"Os": "LINUX", "Arch": "ARM64"}, CompilerOptions='{"mattr": ["\\nneon"]}'
    )
    request, problems = check_request(api)
    assert request is not None
    [warning] = [p for p in problems if "options/mattr-unsigned" in p.message]
    assert "'\\nneon'" in warning.message and "\n" not in str(warning)


def test_botocore_problems_carry_paths() -> None:
    """ParamValidator's findings become Problems at their API paths, in sentences."""
    found = botocore_problems(
        {
            "CompilationJobName": "x",
            "RoleArn": ROLE,
            "OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5", "x": 1},
            "StoppingCondition": {"MaxRuntimeInSeconds": "900"},
        }
    )
    by_path = {p.path: p.message for p in found}
    assert "OutputConfig.x" in by_path and "not a field" in by_path["OutputConfig.x"]
    assert "whole number" in by_path["StoppingCondition.MaxRuntimeInSeconds"]
    assert all(p.message.endswith(".") for p in found)


def test_strict_check_names_an_output_config_alone() -> None:
    """An OutputConfig alone is not a request: one sentence says so, not six missing fields."""
    [problem] = strict_errors({"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"})
    assert "OutputConfig alone" in problem.message and "RoleArn" in problem.message


# ---- the documented forms of DataInputConfig ---------------------------------------------------

COREML_IMAGE = {
    "input_1": {
        "shape": [[1, 224, 224, 3], [1, 160, 160, 3]],
        "default_shape": [1, 224, 224, 3],
        "type": "Image",
        "bias": [-1, -1, -1],
        "scale": 0.007843137255,
    }
}


@pytest.mark.parametrize(
    ("framework", "shapes"),
    [
        ("TENSORFLOW", {"input_1": {"shape": [1, 224, 224, 3]}}),
        ("TENSORFLOW", {"input_1": {"shape": ["1..10", 224, 224, 3]}}),
        (
            "TENSORFLOW",
            {"input_1": {"shape": ["1..10", 224, 224, 3], "default_shape": [1, 224, 224, 3]}},
        ),
        ("TENSORFLOW", {"input_1": {"shape": [[1, 224, 224, 3], [1, 160, 160, 3]]}}),
        ("TENSORFLOW", COREML_IMAGE),
        (
            "PYTORCH",
            [{"shape": [[1, 3, 224, 224], [1, 3, 160, 160]], "default_shape": [1, 3, 224, 224]}],
        ),
        (
            "PYTORCH",
            [{"shape": [1, 3, 224, 224], "type": "Image", "bias": [-1, -1, -1], "scale": 0.5}],
        ),
    ],
)
def test_core_ml_shape_forms_from_the_api_reference_pass(framework: str, shapes: Any) -> None:
    """Per-input objects with shape, ranges, enumerated shapes, default_shape, type, bias and
    scale (botocore's DataInputConfig documentation, CoreML) pass for the coreml target,
    with no warning."""
    api = with_input(framework, json.dumps(shapes))
    api["OutputConfig"]["TargetDevice"] = "coreml"
    request, problems = check_request(api)
    assert request is not None and problems == [], problems


def test_pytorch_objects_with_dtype_pass_on_cloud_targets() -> None:
    """PyTorch 2.0's list of input objects with a dtype passes on ml_* with no warning."""
    shapes = '[{"shape": [1, 3, 224, 224], "dtype": "float32"}]'
    request, problems = check_request(with_input("PYTORCH", shapes, "2.0"))
    assert request is not None and problems == []


@pytest.mark.parametrize(
    ("shapes", "words"),
    [
        ({"input_1": {"default_shape": [1, 224, 224, 3]}}, "gives no shape"),
        ({"input_1": {"shape": ["10..1", 224, 224, 3]}}, "range"),
        ({"input_1": {"shape": ["1-10", 224, 224, 3]}}, "range"),
        ({"input_1": {"shape": [1, 224, 224, 3], "type": "Picture"}}, "Image or Tensor"),
        ({"input_1": {"shape": [1, 224, 224, 3], "bias": "-1"}}, "list of numbers"),
        ({"input_1": {"shape": [1, 224, 224, 3], "scale": "0.5"}}, "is a number"),
        ({"input_1": {"shape": [[1, 224, 224, 3], [1, "x", 160, 3]]}}, "finite number"),
    ],
)
def test_malformed_input_objects_are_refused(shapes: Any, words: str) -> None:
    """An input object without a shape, a backwards range, an unknown type, a bias that is not a
    list of numbers: refused at DataInputConfig, saying what is wrong."""
    api = with_input("TENSORFLOW", json.dumps(shapes))
    api["OutputConfig"]["TargetDevice"] = "coreml"
    found = errors_of(api)
    assert [p.path for p in found] == ["InputConfig.DataInputConfig"]
    assert words in found[0].message


@pytest.mark.parametrize(
    ("shapes", "rule"),
    [
        ({"input_1": {"shape": [["1..10", 224, 224, 3], [1, 160, 160, 3]]}}, "coreml-range-placed"),
        (
            {"input_1": {"shape": [1, 224, 224, 3], "default_shape": ["1..2", 224, 224, 3]}},
            "coreml-range-placed",
        ),
        ({"input_1": {"shape": ["0..10", 224, 224, 3]}}, "size-not-positive"),
        ({"input_1": {"shape": [[1, 224, 224, 3], []]}}, "shapes/scalar"),
        ({"input_1": {"shape": [1, 224, 224, 3], "default_shape": []}}, "shapes/scalar"),
    ],
)
def test_core_ml_forms_the_reference_is_silent_on_warn_and_pass(shapes: Any, rule: str) -> None:
    """A range in an enumerated shape or in default_shape, a range from 0, an empty enumerated
    or default shape: the reference shows none of them and forbids none, so each passes with
    its rule's warning (they were refused, the first two told to move the range "into an input
    object's shape", where it already was)."""
    api = with_input("TENSORFLOW", json.dumps(shapes))
    api["OutputConfig"]["TargetDevice"] = "coreml"
    request, problems = check_request(api)
    assert request is not None, problems
    assert [p.severity for p in problems if rule in p.message] == ["warning"], problems


def test_ranges_are_for_input_objects_only() -> None:
    """A plain shape with "1..10" is refused: ranges belong to the Core ML object form."""
    found = errors_of(with_input("TENSORFLOW", '{"input": ["1..10", 224, 224, 3]}'))
    assert found and "input object" in found[0].message and "1..10" in found[0].message


def test_layout_hint_reads_an_objects_default_shape() -> None:
    """NHWC/NCHW hints read an input object's default shape as they read a plain shape."""
    shapes = '[{"shape": [[1, 224, 224, 3]], "default_shape": [1, 224, 224, 3]}]'
    api = with_input("PYTORCH", shapes)
    api["OutputConfig"]["TargetDevice"] = "coreml"
    _, problems = check_request(api)
    assert any("NHWC" in p.message for p in problems)


def test_a_request_checked_again_is_not_checked_anew() -> None:
    """Every rerun checks the same draft: equal content (another dict) gives the very model
    checked before, and problems a caller changes do not change what the next caller gets;
    other content is checked on its own."""
    api = copy.deepcopy(VALID_REQUEST)
    api["Tags"] = [{"Key": "k", "Value": "v"}]
    request, problems = check_request(api)
    again, again_problems = check_request(copy.deepcopy(api))
    assert request is not None and again is request
    again_problems.append(Problem("x", "a caller's own note"))
    assert check_request(api)[1] == problems
    api["RoleArn"] = "not an arn"
    refused, found = check_request(api)
    assert refused is None and any(p.path == "RoleArn" for p in found)


def test_layout_hints_come_with_an_unfinished_request_for_a_known_framework_only() -> None:
    """NHWC shapes for PyTorch are pointed out while other fields are still missing; for a
    framework the API does not know, its own error is all (no "FOO wants NCHW")."""
    unfinished = {
        "InputConfig": {"Framework": "PYTORCH", "DataInputConfig": '{"x": [1, 224, 224, 3]}'}
    }
    _, problems = check_request(unfinished)
    assert any("looks channel-last" in p.message for p in problems)
    unknown = {"InputConfig": {"Framework": "FOO", "DataInputConfig": '{"x": [1, 224, 224, 3]}'}}
    _, problems = check_request(unknown)
    assert not any("wants" in p.message for p in problems)


def _unfinished(framework: str, target: dict[str, Any], **output: Any) -> dict[str, Any]:
    """A request with its model and target chosen and no role yet (the wizard's third step)."""
    return {
        "CompilationJobName": "early",
        "InputConfig": {
            "S3Uri": "s3://my-bucket/model.tar.gz",
            "Framework": framework,
            "DataInputConfig": '{"input": [1, 224, 224, 3]}',
        },
        "OutputConfig": {"S3OutputLocation": "s3://my-bucket/out/", **target, **output},
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }


def test_framework_and_target_rules_speak_before_the_role_is_given() -> None:
    """A TFLite model for ml_c5 is refused as soon as both are chosen, once, beside the
    framework, with the missing role; not only after every other field validates."""
    request, problems = check_request(_unfinished("TFLITE", {"TargetDevice": "ml_c5"}))
    assert request is None
    tflite = [p for p in problems if "framework-target/tflite-cloud" in p.message]
    assert [(p.path, p.severity) for p in tflite] == [("InputConfig.Framework", "error")]
    assert any(p.path == "RoleArn" for p in problems)
    edge = check_request(_unfinished("TFLITE", {"TargetDevice": "rasp3b"}))[1]
    assert not any("framework-target/" in p.message for p in edge)
    bare = _unfinished("TFLITE", {"TargetDevice": "ml_c5"})
    del bare["InputConfig"]["S3Uri"], bare["OutputConfig"]["S3OutputLocation"]
    problems = check_request(bare)[1]
    assert any("framework-target/tflite-cloud" in p.message for p in problems)
    assert {"InputConfig.S3Uri", "OutputConfig.S3OutputLocation"} <= {p.path for p in problems}


@pytest.mark.parametrize("shapes", ['{"input": [1, 8, 8, 3]', None, '{"input": "x"}'])
def test_a_shape_box_with_its_own_error_hides_no_framework_refusal(shapes: str | None) -> None:
    """Malformed, cleared or ill-formed shapes are an error of their own; the framework that
    the target does not take is still refused beside it (it vanished, and the count fell)."""
    api = _unfinished("TFLITE", {"TargetDevice": "ml_c5"})
    if shapes is None:
        del api["InputConfig"]["DataInputConfig"]
    else:
        api["InputConfig"]["DataInputConfig"] = shapes
    problems = check_request(api)[1]
    assert [p.path for p in problems if "framework-target/tflite-cloud" in p.message] == [
        "InputConfig.Framework"
    ]
    shape_errors = [p for p in problems if p.path == "InputConfig.DataInputConfig"]
    assert [p.severity for p in shape_errors] == ["error"]


def test_a_framework_the_api_does_not_know_judges_no_framework_rule() -> None:
    """An unknown framework with malformed shapes: no rule reads the framework as written
    (framework_not rules would hold for any text)."""
    api = _unfinished("TFLITE", {"TargetDevice": "ml_c5"})
    api["InputConfig"].update(Framework="TFLITE2", DataInputConfig="{")
    problems = check_request(api)[1]
    assert not any("(rule framework" in p.message for p in problems), problems


def test_a_version_with_its_own_error_beside_malformed_shapes_is_said_not_read() -> None:
    """4,301 digits as FrameworkVersion, shapes malformed: the version's own limit is said; the
    version rules did not read it (a ValueError escaped: Python reads no such number)."""
    api = _unfinished("TENSORFLOW", {"TargetDevice": "rasp3b"})  # a version table's pair
    api["InputConfig"].update(FrameworkVersion="0" * 4301, DataInputConfig="{")
    problems = check_request(api)[1]
    assert any("FrameworkVersion must be at most" in p.message for p in problems)
    assert not any("(rule framework-version/" in p.message for p in problems)


JETPACK_ON_A_PLATFORM = {
    "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},
    "CompilerOptions": '{"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"}',
}


def test_target_rules_that_refuse_speak_before_the_output_location_is_given() -> None:
    """An OutputConfig rule (the JetPack form on an NVIDIA platform) refuses with the location
    still empty: OutputConfig's own rules waited for every one of its fields before."""
    api = _unfinished("TENSORFLOW", dict(JETPACK_ON_A_PLATFORM))
    del api["OutputConfig"]["S3OutputLocation"]
    problems = check_request(api)[1]
    found = [p for p in problems if "options/jetpack-platform" in p.message]
    path = "OutputConfig.CompilerOptions.JETPACK_VERSION"
    assert [(p.path, p.severity) for p in found] == [(path, "error")]


def test_unfinished_requests_carry_the_target_warnings_once() -> None:
    """OutputConfig's warnings (a Jetson without options) and the device's notes come with an
    unfinished request too, each once; a field rule is not said twice."""
    api = _unfinished("TENSORFLOW", {"TargetDevice": "jetson_nano"})
    api["StoppingCondition"]["MaxRuntimeInSeconds"] = 3_000_000
    _, problems = check_request(api)
    assert len(problems) == len(set(problems))
    known = [p for p in problems if "options/nvidia-device-known-values" in p.message]
    assert [p.severity for p in known] == ["warning"]
    runtime = [p for p in problems if "stopping/max-runtime-28-days" in p.message]
    assert len(runtime) == 1


def test_no_rule_is_judged_on_a_target_that_does_not_validate() -> None:
    """An unknown device has its own error; no rule guesses at it, and the layout hints of
    the model's shapes still come."""
    api = _unfinished("PYTORCH", {"TargetDevice": "not_a_device"})
    _, problems = check_request(api)
    assert any(p.path == "OutputConfig.TargetDevice" for p in problems)
    assert not any("(rule framework-" in p.message for p in problems)
    assert any("looks channel-last" in p.message for p in problems)


def test_a_size_of_5000_digits_is_a_sentence_not_pythons_limit() -> None:
    """json.loads refuses integers past 4,300 digits with Python's own words (about
    sys.set_int_max_str_digits); the shapes' check says it in the user's."""
    found = errors_of(with_input("ONNX", '{"data": [1, ' + "9" * 5000 + "]}"))
    assert [(p.path, p.message) for p in found] == [
        (
            "InputConfig.DataInputConfig",
            "Input shapes hold a number with more digits than any size has (rule shapes/json, "
            "API reference: InputConfig, DataInputConfig).",
        )
    ]


def test_layout_hints_come_while_another_inputconfig_field_is_wrong() -> None:
    """A FrameworkVersion that does not validate leaves the shapes' NHWC hint in place (the
    early rules judged InputConfig as missing and lost it)."""
    api = with_input("PYTORCH", '{"input0": [1, 224, 224, 3]}', "not a version")
    _, problems = check_request(api)
    assert any(p.path == "InputConfig.FrameworkVersion" for p in problems)
    assert any("looks channel-last" in p.message for p in problems), problems


def test_option_warnings_stay_while_another_option_has_an_error() -> None:
    """jetson_tx2 with gpu-code sm62 warns twice; a malformed trt-ver beside it refused the
    options and took those warnings away until it was fixed."""
    api = base()
    api["OutputConfig"] = {"S3OutputLocation": "s3://my-bucket/o/", "TargetDevice": "jetson_tx2"}

    def said(options: dict[str, str]) -> list[tuple[str, str]]:
        api["OutputConfig"]["CompilerOptions"] = json.dumps(options)
        return [(p.path, p.severity) for p in check_request(api)[1]]

    valid = {"gpu-code": "sm62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}
    warned = said(valid)
    assert warned.count(("OutputConfig.CompilerOptions.gpu-code", "warning")) == 2, warned
    found = said({**valid, "trt-ver": "**bold**"})
    assert found == [("OutputConfig.CompilerOptions.trt-ver", "error"), *warned], found


@pytest.mark.parametrize("trt_ver", [None, "6"], ids=["left-out", "malformed"])
def test_option_warnings_stay_on_an_nvidia_platform_whose_required_option_fails(
    trt_ver: str | None,
) -> None:
    """On LINUX/ARM64/NVIDIA (the Jetson TX2 preset) the warnings on gpu-code sm62 went as
    soon as trt-ver was cleared or malformed: the options were judged on a target read
    without them, which an NVIDIA platform refuses. They stay beside trt-ver's error."""
    api = base()
    platform = {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}
    options = {"gpu-code": "sm62", "cuda-ver": "10.0"}
    if trt_ver is not None:
        options["trt-ver"] = trt_ver
    api["OutputConfig"] = {
        "S3OutputLocation": "s3://my-bucket/o/",
        "TargetPlatform": platform,
        "CompilerOptions": json.dumps(options),
    }
    _, problems = check_request(api)
    assert ("OutputConfig.CompilerOptions.trt-ver", "error") in [
        (p.path, p.severity) for p in problems
    ]
    assert any(p.severity == "warning" and "GPU code 'sm62'" in p.message for p in problems)


@pytest.mark.parametrize(
    "options", ['{"gpu-code": "sm_62", "cuda-ver": "10.0"}', None], ids=["no-trt-ver", "none"]
)
def test_shape_warnings_stay_while_the_target_or_its_options_fail(options: str | None) -> None:
    """A size written 1.5 warned once trt-ver was given, not while it was missing (nor while
    the options were): the shapes' warnings that read no target are said beside the
    target's error."""
    api = with_input("ONNX", '{"data": [1.5, 3, 224, 224]}')
    platform = {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}
    api["OutputConfig"] = {"S3OutputLocation": "s3://my-bucket/o/", "TargetPlatform": platform}
    if options is not None:
        api["OutputConfig"]["CompilerOptions"] = options
    _, problems = check_request(api)
    said = [(p.path, p.severity, "rule shapes/size-not-whole" in p.message) for p in problems]
    assert ("InputConfig.DataInputConfig", "warning", True) in said
    assert any(p.severity == "error" and p.path.startswith("OutputConfig") for p in problems)


def test_numbers_past_a_float_in_core_ml_shapes_give_a_verdict_not_a_crash() -> None:
    """A bias or scale of 400 digits overflowed math.isfinite and crashed `validate`; the
    reference gives them as numbers, and such a number is one."""
    api = copy.deepcopy(VALID_REQUEST)
    big = "9" * 400
    api["InputConfig"] = {
        "S3Uri": "s3://my-bucket/model.tar.gz",
        "Framework": "PYTORCH",
        "DataInputConfig": (
            '{"input": {"shape": [1, 3, 224, 224], "type": "Image", '
            f'"bias": [{big}, 1, 1], "scale": {big}}}}}'
        ),
    }
    api["OutputConfig"] = {"S3OutputLocation": "s3://my-bucket/o/", "TargetDevice": "coreml"}
    result, problems = check_strict(api)
    assert result is not None, problems


def test_a_runtime_of_400_digits_is_said_in_a_sentence() -> None:
    """ "MaxRuntimeInSeconds a whole number of about 400 digits is past ..." had no verb."""
    said = service.limit("StoppingCondition.MaxRuntimeInSeconds").check(
        int("9" * 400), "MaxRuntimeInSeconds"
    )
    assert said is not None and said.startswith("MaxRuntimeInSeconds is past 2147483647")
    assert "(got a whole number of about 40" in said
