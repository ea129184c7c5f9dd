"""The catalog: enums and limits read from botocore's service model, curated target knowledge."""

from __future__ import annotations

import copy
import itertools
import re
from typing import Any

import pytest
from botocore.loaders import Loader, create_loader

from core.interchange.importer import import_text
from core.spec import catalog, service
from core.spec.options import GenericOptions, options_model
from core.spec.request import check_output_config, check_request
from core.spec.strict import check_strict
from core.spec.target import DeviceTarget
from tests.conftest import VALID_REQUEST

FAMILIES = {"cloud", "edge", "phone", "other"}

# The developer guide's "Systems and Chip Architectures" tables (neo-supported-devices-edge-devices
# .md), written out here as the independent reference: Os -> accelerator column -> archs.
DEVGUIDE_TABLE: dict[str, dict[str | None, set[str]]] = {
    "LINUX": {
        None: {"X86_64", "ARM64", "ARM_EABIHF", "ARM_EABI"},
        "NVIDIA": {"X86_64", "ARM64"},
        "INTEL_GRAPHICS": {"X86_64"},
        "MALI": {"ARM64", "ARM_EABIHF", "ARM_EABI"},
    },
    "ANDROID": {
        None: {"X86_64", "X86", "ARM64", "ARM_EABI"},
        "NVIDIA": set(),
        "INTEL_GRAPHICS": {"X86_64", "X86"},
        "MALI": {"ARM64", "ARM_EABI"},
    },
}


@pytest.fixture(scope="module")
def raw_shapes() -> dict[str, Any]:
    """The SageMaker service model as botocore ships it, read as plain JSON (no core code)."""
    return create_loader().load_service_model("sagemaker", "service-2")["shapes"]


def raw_shape(shapes: dict[str, Any], path: str) -> dict[str, Any]:
    """The raw shape of a CreateCompilationJob field, list members resolved, e.g. 'Tags.Key'."""
    shape = shapes["CreateCompilationJobRequest"]
    for part in path.split("."):
        if shape["type"] == "list":
            shape = shapes[shape["member"]["shape"]]
        shape = shapes[shape["members"][part]["shape"]]
    if shape["type"] == "list":
        shape = shapes[shape["member"]["shape"]]
    return shape


# ---- enums come from botocore ---------------------------------------------------------------


def test_target_devices_equal_botocore_enum_in_order(raw_shapes: dict[str, Any]) -> None:
    """Every TargetDevice botocore knows is in the catalog, in the service model's order."""
    assert service.target_devices() == tuple(raw_shapes["TargetDevice"]["enum"])
    assert [d.value for d in catalog.devices()] == raw_shapes["TargetDevice"]["enum"]


def test_at_least_the_37_known_target_devices() -> None:
    """botocore 1.44 lists 37 TargetDevice values; an upgrade may only add to them."""
    assert len(service.target_devices()) >= 37


@pytest.mark.parametrize(
    ("values", "shape_name"),
    [
        (service.os_values, "TargetPlatformOs"),
        (service.arch_values, "TargetPlatformArch"),
        (service.accelerator_values, "TargetPlatformAccelerator"),
        (service.frameworks, "Framework"),
    ],
)
def test_platform_and_framework_enums_equal_botocore(
    raw_shapes: dict[str, Any], values: Any, shape_name: str
) -> None:
    """Os, Arch, Accelerator and Framework values are exactly botocore's enums."""
    assert values() == tuple(raw_shapes[shape_name]["enum"])


# ---- curated device data ----------------------------------------------------------------------


@pytest.mark.parametrize("value", service.target_devices())
def test_every_device_is_curated_with_a_name_and_family(value: str) -> None:
    """Each TargetDevice has a human name (not just the enum value) and a known family."""
    info = catalog.device(value)
    assert info.curated
    assert info.name.strip()
    assert info.name != value
    assert info.family in FAMILIES
    assert value in info.label and info.name.removesuffix(")") in info.label


def test_devices_by_family_groups_every_device_once() -> None:
    """Grouping by family keeps every device exactly once, under its own family."""
    grouped = catalog.devices_by_family()
    assert set(grouped) <= FAMILIES
    flat = [d.value for items in grouped.values() for d in items]
    assert sorted(flat) == sorted(service.target_devices())
    for family, items in grouped.items():
        assert all(d.family == family for d in items)


@pytest.mark.parametrize(
    ("value", "family"),
    [("some_new_device", "other"), ("ml_z9", "cloud")],
)
def test_unknown_device_gets_generic_name(value: str, family: str) -> None:
    """A device botocore knows and the data does not still gets a readable name and a family."""
    info = catalog.device(value)
    assert not info.curated
    assert info.value == value
    assert info.name.strip() and "_" not in info.name
    assert info.family == family
    assert info.options == "generic"  # not checked, as the request's warning says


# ---- valid platforms ----------------------------------------------------------------------------


def test_valid_platforms_equal_the_developer_guide_table() -> None:
    """valid_platforms() lists exactly the guide's documented Os/Arch/Accelerator combinations."""
    expected = {
        (os_, arch, acc)
        for os_, table in DEVGUIDE_TABLE.items()
        for acc, archs in table.items()
        for arch in archs
    }
    assert set(catalog.valid_platforms()) == expected
    assert len(catalog.valid_platforms()) == len(expected)


@pytest.mark.parametrize(
    ("os_", "arch", "accelerator"),
    [
        ("ANDROID", "X86", "INTEL_GRAPHICS"),
        ("LINUX", "ARM_EABIHF", None),
        ("LINUX", "ARM64", "NVIDIA"),
        ("LINUX", "X86_64", "NVIDIA"),
        ("LINUX", "ARM_EABI", "MALI"),
        ("ANDROID", "ARM64", "MALI"),
        ("ANDROID", "X86", None),
    ],
)
def test_documented_platform_is_valid(os_: str, arch: str, accelerator: str | None) -> None:
    """Combinations the developer guide marks with an X are accepted."""
    assert catalog.platform_problem(os_, arch, accelerator) is None


@pytest.mark.parametrize(
    ("os_", "arch", "accelerator", "words"),
    [
        ("ANDROID", "ARM_EABIHF", None, ["CPU", "ANDROID", "ARM_EABIHF", "ARM_EABI"]),
        ("LINUX", "X86_64", "MALI", ["MALI", "LINUX", "X86_64", "ARM64"]),
        ("ANDROID", "ARM64", "NVIDIA", ["NVIDIA", "ANDROID"]),
        ("LINUX", "X86", None, ["LINUX", "X86", "X86_64"]),
        ("LINUX", "ARM64", "INTEL_GRAPHICS", ["INTEL_GRAPHICS", "ARM64", "X86_64"]),
    ],
)
def test_undocumented_platform_is_refused_with_a_reason(
    os_: str, arch: str, accelerator: str | None, words: list[str]
) -> None:
    """Combinations the guide leaves blank get a sentence naming the combination and the options."""
    reason = catalog.platform_problem(os_, arch, accelerator)
    assert reason is not None
    assert reason.startswith("Neo does not support") and reason.endswith(".")
    for word in words:
        assert word in reason


@pytest.mark.parametrize(
    ("os_", "arch", "accelerator", "bad"),
    [
        ("LINUX", "ARMEABIHF", None, "ARMEABIHF"),
        ("WINDOWS", "X86_64", None, "WINDOWS"),
        ("LINUX", "X86_64", "GPU", "GPU"),
    ],
)
def test_value_outside_the_enum_is_named_in_the_reason(
    os_: str, arch: str, accelerator: str | None, bad: str
) -> None:
    """A value that is not in the API's enum is reported as such, with the choices."""
    reason = catalog.platform_problem(os_, arch, accelerator)
    assert reason is not None and f"'{bad}' is not an API value" in reason


def test_every_enum_combination_is_either_valid_or_explained() -> None:
    """Over the whole Os x Arch x Accelerator product, a reason is given exactly when invalid."""
    valid = set(catalog.valid_platforms())
    accelerators: list[str | None] = [None, *service.accelerator_values()]
    for os_, arch, acc in itertools.product(
        service.os_values(), service.arch_values(), accelerators
    ):
        problem = catalog.platform_problem(os_, arch, acc)
        if acc == "NNA":
            continue
        assert (problem is None) == ((os_, arch, acc) in valid), (os_, arch, acc)


def test_nna_is_left_to_the_rules() -> None:
    """NNA is in the enum but undocumented: the platform table does not block it; rules.toml
    warns on a listed Os/Arch pair and refuses an unlisted one (tests/unit/test_rules.py)."""
    assert "NNA" in service.accelerator_values()
    assert catalog.platform_problem("LINUX", "ARM64", "NNA") is None
    ok, warned = check_output_config(
        {
            "S3OutputLocation": "s3://my-bucket/o/",
            "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NNA"},
        }
    )
    assert ok is not None and [p.severity for p in warned] == ["warning"]
    assert "NNA" in warned[0].message and "platform/nna-undocumented" in warned[0].message


def test_accelerators_for_lists_documented_then_undocumented() -> None:
    """accelerators_for offers the guide's accelerators for an Os/Arch, then NNA last."""
    assert catalog.accelerators_for("LINUX", "ARM64") == [None, "NVIDIA", "MALI", "NNA"]
    assert catalog.accelerators_for("ANDROID", "X86") == [None, "INTEL_GRAPHICS", "NNA"]


# ---- limits from the service model ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "CompilationJobName",
        "RoleArn",
        "InputConfig.S3Uri",
        "InputConfig.DataInputConfig",
        "InputConfig.FrameworkVersion",
        "OutputConfig.S3OutputLocation",
        "OutputConfig.CompilerOptions",
        "OutputConfig.KmsKeyId",
        "StoppingCondition.MaxPendingTimeInSeconds",
        "StoppingCondition.MaxRuntimeInSeconds",
        "Tags.Key",
        "Tags.Value",
    ],
)
def test_limits_equal_the_service_model(raw_shapes: dict[str, Any], path: str) -> None:
    """Each field's min/max are the service model's, read at run time; a whole number with no
    max has its type's (integer is 32-bit)."""
    shape = raw_shape(raw_shapes, path)
    limit = service.limit(path)
    assert limit.min == shape.get("min")
    widest = {"integer": 2**31 - 1, "long": 2**63 - 1}.get(shape["type"])
    assert limit.max == shape.get("max", widest)
    assert (limit.pattern is None) == ("pattern" not in shape)


@pytest.mark.parametrize(
    ("path", "low", "high"),
    [
        ("CompilationJobName", 1, 63),
        ("OutputConfig.CompilerOptions", 3, 1024),
        ("InputConfig.DataInputConfig", 1, 16384),
        ("OutputConfig.KmsKeyId", None, 2048),
        ("Tags.Key", 1, 128),
        ("Tags.Value", None, 256),
        ("RoleArn", 20, 2048),
    ],
)
def test_documented_limits(path: str, low: int | None, high: int) -> None:
    """The limits the issue names: job name 1-63, options 3-1024, shapes 16384, KMS 2048, tags."""
    limit = service.limit(path)
    if low is not None:
        assert limit.min == low
    assert limit.max == high


@pytest.mark.parametrize(
    ("path", "size"),
    [
        ("CompilationJobName", 63),
        ("OutputConfig.CompilerOptions", 1024),
        ("InputConfig.DataInputConfig", 16384),
        ("OutputConfig.KmsKeyId", 2048),
        ("Tags.Key", 128),
        ("Tags.Value", 256),
    ],
)
def test_limit_check_accepts_max_and_refuses_one_more(path: str, size: int) -> None:
    """A value of exactly the maximum length fits; one character more gets a sentence."""
    limit = service.limit(path)
    assert limit.check("a" * size, "Field") is None
    message = limit.check("a" * (size + 1), "Field")
    assert message == f"Field must be at most {size} characters long (got {size + 1})."


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("a", True),
        ("my-job-1", True),
        ("a--b", True),
        ("my_job", False),
        ("my.job", False),
        ("my job", False),
        ("-job", False),
        ("job-", False),
        ("", False),
    ],
)
def test_job_name_pattern_is_full_match(name: str, ok: bool) -> None:
    """Job names are letters/digits/hyphens, starting and ending alphanumeric, matched whole."""
    message = service.limit("CompilationJobName").check(name, "CompilationJobName")
    assert (message is None) == ok
    if not ok:
        assert message and "CompilationJobName" in message and message.endswith(".")


@pytest.mark.parametrize(
    ("arn", "ok"),
    [
        ("arn:aws:iam::123456789012:role/SageMakerRole", True),
        ("arn:aws-cn:iam::123456789012:role/service-role/Neo@x", True),
        ("arn:aws:iam::12345:role/SageMakerRole", False),
        ("arn:aws:s3:::my-bucket/role/x", False),
        ("SageMakerRole-without-arn-prefix", False),
    ],
)
def test_role_arn_pattern(arn: str, ok: bool) -> None:
    """RoleArn must be an IAM role ARN with a 12-digit account, per the model's pattern."""
    message = service.limit("RoleArn").check(arn, "RoleArn")
    assert (message is None) == ok
    if not ok:
        assert "arn:aws:iam::" in (message or "")  # the hint shows the right form, not a regex


@pytest.mark.parametrize(
    ("path", "text"),
    [("Tags.Key", "Projekt Zürich"), ("Tags.Value", "データ 2026"), ("Tags.Key", "team:ml/neo")],
)
def test_tags_allow_unicode_letters_and_listed_punctuation(path: str, text: str) -> None:
    """Tag keys and values accept Unicode letters, digits, spaces and _ . : / = + - @."""
    assert service.limit(path).check(text, "Tag") is None


@pytest.mark.parametrize("text", ["a#b", "x*y", "semi;colon"])
def test_tags_refuse_other_punctuation(text: str) -> None:
    """Characters outside the tag pattern are refused with a hint listing what is allowed."""
    message = service.limit("Tags.Key").check(text, "Key")
    assert message is not None and "letters, digits" in message


def test_numeric_limits_give_sentences() -> None:
    """Integer limits (MaxPendingTimeInSeconds) come from the model and read as sentences."""
    limit = service.limit("StoppingCondition.MaxPendingTimeInSeconds")
    assert limit.min is not None and limit.max is not None
    assert limit.check(limit.min, "X") is None
    assert (
        limit.check(limit.min - 1, "X") == f"X must be at least {limit.min} (got {limit.min - 1})."
    )
    assert (
        limit.check(limit.max + 1, "X") == f"X must be at most {limit.max} (got {limit.max + 1})."
    )


@pytest.mark.parametrize(
    ("path", "low", "high"),
    [("VpcConfig.SecurityGroupIds", 1, 5), ("VpcConfig.Subnets", 1, 16), ("Tags", 0, 50)],
)
def test_list_limits_from_service_model(
    raw_shapes: dict[str, Any], path: str, low: int, high: int
) -> None:
    """List sizes (1-5 groups, 1-16 subnets, up to 50 tags) are the service model's."""
    shape = raw_shapes["CreateCompilationJobRequest"]
    for part in path.split("."):
        shape = raw_shapes[shape["members"][part]["shape"]]
    assert service.list_limit(path) == (shape.get("min"), shape.get("max"))
    assert service.list_limit(path)[1] == high
    assert (service.list_limit(path)[0] or 0) == low


def test_required_members_from_service_model(raw_shapes: dict[str, Any]) -> None:
    """Required request members are the model's: name, role, output and stopping condition."""
    required = service.required_members()
    assert set(required) == set(raw_shapes["CreateCompilationJobRequest"]["required"])
    assert {"CompilationJobName", "RoleArn", "OutputConfig", "StoppingCondition"} <= set(required)


# ---- patterns are ASCII where the API's are, and never shown when they say nothing ------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("RoleArn", "arn:aws:iam::12345678901\u0663:role/SageMakerRole"),  # Arabic-Indic 3
        ("RoleArn", "arn:aws:iam::\uff11\uff12\uff13456789012:role/SageMakerRole"),  # fullwidth
    ],
)
def test_pattern_digits_are_ascii_only(path: str, text: str) -> None:
    """The model's \\d and [0-9] are ASCII digits (Java's): a Unicode digit is refused."""
    assert service.limit(path).check(text, "Field") is not None


def test_multi_line_compiler_options_pass_the_dot_star_pattern() -> None:
    """CompilerOptions' pattern is ".*", which says nothing: pretty-printed JSON passes it."""
    assert service.limit("OutputConfig.CompilerOptions").check('{\n  "a": 1\n}', "X") is None


@pytest.mark.parametrize(
    ("path", "text"),
    [("CompilationJobName", "my\njob_name"), ("RoleArn", "arn:aws:iam::1\n" + "x" * 300)],
)
def test_pattern_messages_are_one_line_with_a_sentence_hint(path: str, text: str) -> None:
    """A value with line breaks (or a long one) is shown escaped and cut, on one line, with a
    sentence for a hint rather than a regular expression."""
    message = service.limit(path).check(text, "Field")
    assert message is not None
    assert "\n" not in message and "\\n" in message and len(message) < 300
    assert "[a-zA-Z0-9]" not in message and ".*" not in message


def test_an_unhinted_pattern_shows_a_regex_only_when_it_says_something() -> None:
    """A shape without a sentence shows its pattern, unless the pattern is ".*"-like."""
    assert service.Limit(None, None, re.compile("x+"), "NewShape").check("y", "Field") == (
        "Field 'y' is not valid: the API's form is x+."
    )
    assert service.Limit(None, None, re.compile(".*"), "NewShape").check("a\nb", "Field") == (
        "Field 'a\\nb' is not valid."
    )


@pytest.mark.parametrize(
    ("value", "allowed", "expected"),
    [
        ("ml.c5", "TargetDevice", "ml_c5"),
        ("ML_C5", "TargetDevice", "ml_c5"),
        ("Jetson_Nano", "TargetDevice", "jetson_nano"),
        ("ARMEABIHF", "TargetPlatformArch", "ARM_EABIHF"),
        ("x86-64", "TargetPlatformArch", "X86_64"),
        ("linux", "TargetPlatformOs", "LINUX"),
        ("nvidia", "TargetPlatformAccelerator", "NVIDIA"),
        ("PyTorch", "Framework", "PYTORCH"),
        ("jetson", "TargetDevice", None),
    ],
)
def test_enum_match_ignores_case_and_separators(
    value: str, allowed: str, expected: str | None
) -> None:
    """Every enum is matched ignoring case and _ - . separators, when one value fits."""
    values = tuple(service.service_model().shape_for(allowed).enum)
    assert service.enum_match(value, values) == expected


# ---- a botocore upgrade brings new values with no code change -----------------------------------

NEW_DEVICE = "ml_z99"
NEW_ARCH = "RISCV64"


@pytest.fixture
def upgraded_botocore(monkeypatch: pytest.MonkeyPatch) -> Any:
    """botocore's loader returns the SageMaker model with one more TargetDevice and one more Arch,
    as a newer botocore would ship it; catalog's caches are cleared before and after."""
    original = Loader.load_service_model

    def load_service_model(self: Loader, name: str, type_name: str, **more: Any) -> Any:
        data = original(self, name, type_name, **more)
        if (name, type_name) != ("sagemaker", "service-2"):
            return data
        data = copy.deepcopy(data)
        data["shapes"]["TargetDevice"]["enum"].append(NEW_DEVICE)
        data["shapes"]["TargetPlatformArch"]["enum"].append(NEW_ARCH)
        return data

    monkeypatch.setattr(Loader, "load_service_model", load_service_model)
    service.reload()
    yield
    monkeypatch.undo()
    service.reload()


def test_new_botocore_values_are_read_at_run_time(upgraded_botocore: Any) -> None:
    """A TargetDevice and an Arch that only botocore knows appear in the catalog, validate, and
    the device gets a generic name and the generic (unchecked) options model."""
    assert service.target_devices()[-1] == NEW_DEVICE
    listed = {d.value: d for d in catalog.devices()}
    assert listed[NEW_DEVICE].name == "ml z99" and not listed[NEW_DEVICE].curated
    assert options_model(DeviceTarget(TargetDevice=NEW_DEVICE)) is GenericOptions

    output = {
        "S3OutputLocation": "s3://bucket/o/",
        "TargetDevice": NEW_DEVICE,
        "CompilerOptions": '{"anything": ["goes"]}',
    }
    request, problems = check_request({**VALID_REQUEST, "OutputConfig": output})
    assert request is not None, problems
    assert [p.severity for p in problems] == ["warning"]  # "not yet described here"
    assert check_strict(request.to_api())[0] is not None

    assert NEW_ARCH in service.arch_values()
    target = {"Os": "LINUX", "Arch": NEW_ARCH}
    _, problems = check_request(
        {
            **VALID_REQUEST,
            "OutputConfig": {"S3OutputLocation": "s3://bucket/o/", "TargetPlatform": target},
        }
    )
    # an API value now: refused only because no documented platform table lists it yet
    assert [p.path for p in problems] == ["OutputConfig.TargetPlatform"]
    assert "not an API value" not in problems[0].message and NEW_ARCH in problems[0].message
    repaired = import_text('"TargetPlatform": {"Os": "LINUX", "Arch": "riscv64"}')
    assert f"Arch 'riscv64' is not an API value; using '{NEW_ARCH}'." in repaired.repairs


def test_without_the_upgrade_the_new_values_are_unknown() -> None:
    """The same values are refused by the botocore actually installed: the test above is not
    passing by accident."""
    assert NEW_DEVICE not in service.target_devices()
    assert NEW_ARCH not in service.arch_values()


def test_a_device_label_holds_one_pair_of_brackets() -> None:
    """'Amazon EC2 C5 (ml.c5) (ml_c5)' read as two labels: the value joins the name's own."""
    labels = {d.value: d.label for d in catalog.devices()}
    assert labels["ml_c5"] == "Amazon EC2 C5 (ml.c5; ml_c5)"
    assert labels["jetson_nano"] == "NVIDIA Jetson Nano (jetson_nano)"
    assert not [label for label in labels.values() if ") (" in label]
