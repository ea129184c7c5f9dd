"""Validators at scale: thousands of generated inputs each, none raising anything but the
project's own error, every rejection carrying a sentence (issue 5, fault and bad-input tests).

Inputs mix plausible API values with deep nesting (past Python's recursion limit), strings of up
to about 1 MB, wrong types and arbitrary Unicode. The import -> Draft.load_api chain has its own
property test (tests/unit/test_draft_import.py); these call the validators directly.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from core.draft.model import Draft
from core.draft.share import from_token, to_token
from core.errors import NeoConfigError, Problem
from core.jsontext import literal_json, python_literal
from core.spec import catalog, service
from core.spec.options import FAMILIES, CompilerOptionsBase, GenericOptions
from core.spec.problems import problems_from
from core.spec.request import check_output_config, check_request
from tests.conftest import VALID_REQUEST

AT_SCALE = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---- inputs ---------------------------------------------------------------------------------

PLAUSIBLE = st.sampled_from(
    [
        "",
        " ",
        "ml_c5",
        "jetson_nano",
        "LINUX",
        "ARM64",
        "NVIDIA",
        "PYTORCH",
        "TENSORFLOW",
        "s3://bucket/model.tar.gz",
        "arn:aws:iam::123456789012:role/SageMakerRole",
        '{"input": [1, 3, 224, 224]}',
        '{"mcpu": "skylake-avx512"}',
        '{"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}',
        '"--verbose 1"',
        "--verbose 1",
        "{'data': [1, 3, 224, 224]}",
        "[1, 3, 224, 224]",
        "null",
        "NaN",
        "sm_62",
        "+neon",
    ]
)
UNICODE = st.text(max_size=40)
HUGE = st.builds(
    lambda chunk, times: chunk * times,
    st.text(min_size=1, max_size=8),
    st.integers(min_value=1_000, max_value=130_000),
)
"""Strings from a few KB to about 1 MB, built by repetition (1 MB char by char is slow)."""
TEXT = st.one_of(PLAUSIBLE, UNICODE, HUGE)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    TEXT,
    st.binary(max_size=8),
)


def nest(depth: int, kind: str, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = [leaf] if kind == "list" else {"k": leaf}
    return leaf


def shallow_deep(leaf: st.SearchStrategy[Any], depth: int) -> st.SearchStrategy[Any]:
    """One leaf nested in lists or objects, from 1 to depth levels."""
    return st.builds(
        nest,
        st.integers(min_value=1, max_value=depth),
        st.sampled_from(["list", "dict"]),
        leaf,
    )


def values(scalar: st.SearchStrategy[Any], depth: int) -> st.SearchStrategy[Any]:
    """Small mixed trees of scalar, or one scalar nested up to depth levels."""
    return st.one_of(
        st.recursive(
            scalar,
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.one_of(PLAUSIBLE, UNICODE), inner, max_size=4)
            ),
            max_leaves=10,
        ),
        shallow_deep(scalar, depth),
    )


VALUE = values(SCALAR, 3000)
"""Nesting from shallow to three times Python's default recursion limit."""


def json_text(value: Any) -> str:
    """A value as JSON text (what CompilerOptions and DataInputConfig hold), if it has one."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return "not JSON"


DEEP_JSON = st.builds(
    lambda depth, kind: (
        "[" * depth + "1" + "]" * depth if kind == "list" else '{"k":' * depth + "1" + "}" * depth
    ),
    st.integers(min_value=1, max_value=3000),
    st.sampled_from(["list", "dict"]),
)
OPTION_STRING = st.one_of(TEXT, VALUE.map(json_text), DEEP_JSON)
"""CompilerOptions as the API takes it: a string, usually JSON."""

PATHS = [
    ("CompilationJobName",),
    ("RoleArn",),
    ("InputConfig",),
    ("InputConfig", "S3Uri"),
    ("InputConfig", "Framework"),
    ("InputConfig", "FrameworkVersion"),
    ("InputConfig", "DataInputConfig"),
    ("OutputConfig",),
    ("OutputConfig", "S3OutputLocation"),
    ("OutputConfig", "TargetDevice"),
    ("OutputConfig", "TargetPlatform"),
    ("OutputConfig", "CompilerOptions"),
    ("OutputConfig", "KmsKeyId"),
    ("StoppingCondition",),
    ("StoppingCondition", "MaxRuntimeInSeconds"),
    ("VpcConfig",),
    ("Tags",),
    ("ModelPackageVersionArn",),
    ("SomethingElse",),
]


def mutated(changes: list[tuple[tuple[str, ...], Any]]) -> dict[str, Any]:
    """A valid request with some fields replaced (or added) by generated values."""
    request = copy.deepcopy(VALID_REQUEST)
    for path, value in changes:
        node = request
        for part in path[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[path[-1]] = value
    return request


def field_value(path: tuple[str, ...]) -> st.SearchStrategy[Any]:
    if path[-1] in ("CompilerOptions", "DataInputConfig"):
        return st.one_of(OPTION_STRING, VALUE)
    return st.one_of(VALUE, TEXT)


CHANGES = st.lists(
    st.sampled_from(PATHS).flatmap(lambda p: st.tuples(st.just(p), field_value(p))),
    min_size=1,
    max_size=3,
)
REQUESTS = st.one_of(CHANGES.map(mutated), VALUE)

TARGET = st.one_of(
    st.fixed_dictionaries(
        {"TargetDevice": st.one_of(st.sampled_from(service.target_devices()), TEXT)}
    ),
    st.fixed_dictionaries(
        {
            "TargetPlatform": st.one_of(
                st.sampled_from(catalog.valid_platforms()).map(
                    lambda p: {
                        k: v for k, v in zip(("Os", "Arch", "Accelerator"), p, strict=True) if v
                    }
                ),
                st.dictionaries(st.sampled_from(["Os", "Arch", "Accelerator", "Other"]), TEXT),
                VALUE,
            )
        }
    ),
    st.fixed_dictionaries({}),
)
OUTPUT_CONFIGS = st.one_of(
    st.builds(
        lambda target, options, extra: {
            "S3OutputLocation": "s3://bucket/compiled/",
            **target,
            **({"CompilerOptions": options} if options is not None else {}),
            **extra,
        },
        TARGET,
        st.one_of(st.none(), OPTION_STRING, VALUE),
        st.dictionaries(
            st.sampled_from(["KmsKeyId", "S3OutputLocation", "Nope"]), TEXT, max_size=2
        ),
    ),
    VALUE,
)

# ---- what every answer must look like -------------------------------------------------------


def sentences(problems: list[Problem]) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.path, str)
        assert isinstance(problem.message, str) and problem.message.strip()
        assert problem.severity in ("error", "warning")


def accepted_or_explained(model: Any, problems: list[Problem]) -> None:
    sentences(problems)
    if model is None:
        assert any(p.severity == "error" for p in problems)
    else:
        assert all(p.severity == "warning" for p in problems)


# ---- the validators -------------------------------------------------------------------------


@AT_SCALE
@given(REQUESTS)
def test_check_request_answers_every_input_with_a_model_or_sentences(document: Any) -> None:
    """check_request never raises; a request it accepts passes botocore's own validator."""
    request, problems = check_request(document)
    accepted_or_explained(request, problems)
    if request is not None:
        api = request.to_api()
        report = ParamValidator().validate(api, service.create_operation().input_shape)
        assert not report.has_errors(), report.generate_report()


@AT_SCALE
@given(OUTPUT_CONFIGS)
def test_check_output_config_answers_every_input_with_a_model_or_sentences(config: Any) -> None:
    """check_output_config never raises; what it accepts writes back an API OutputConfig."""
    output, problems = check_output_config(config)
    accepted_or_explained(output, problems)
    if output is not None:
        api = output.to_api()
        assert ("TargetDevice" in api) != ("TargetPlatform" in api)


OPTION_KEYS = st.sampled_from(
    [
        "mcpu",
        "mattr",
        "gpu-code",
        "trt-ver",
        "cuda-ver",
        "ANDROID_PLATFORM",
        "dtype",
        "flags",
        "class_labels",
        "precision_mode",
        "signature_def_key",
        "output_names",
        "JETPACK_VERSION",
        "gpu_code",
    ]
)
SERIALISABLE_DEPTH = 250
"""Deep enough to cross MAX_OPTION_DEPTH; the refusal past it has its own test below."""
DRAFT_DEPTH = 600
"""Deep enough to cross MAX_OPTION_DEPTH; past the recursion limit has its own test below."""


JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)
JSON_VALUE = values(JSON_SCALAR, SERIALISABLE_DEPTH)
"""Options and drafts only ever come from JSON (a CompilerOptions string, the store, a share
link, widgets), so their values are JSON values: wrong types, but never bytes."""

DRAFT_VALUE = st.one_of(JSON_VALUE, shallow_deep(JSON_SCALAR, DRAFT_DEPTH))


@AT_SCALE
@given(
    st.sampled_from(sorted(FAMILIES)),
    st.one_of(
        st.dictionaries(st.one_of(OPTION_KEYS, PLAUSIBLE, UNICODE), JSON_VALUE, max_size=4),
        JSON_VALUE,
    ),
)
def test_every_options_model_accepts_or_explains_any_value(family: str, value: Any) -> None:
    """Each CompilerOptions model either takes a value and writes an API string, or raises
    pydantic's ValidationError, which core.request turns into sentences."""
    model: type[CompilerOptionsBase] = FAMILIES[family]
    try:
        options = model.model_validate(value)
    except ValidationError as exc:
        problems = problems_from(exc, "OutputConfig.CompilerOptions")
        assert problems
        sentences(problems)
        return
    text = options.to_api_string()
    assert text is None or isinstance(text, str)


DRAFT_FIELDS = {
    name: st.one_of(DRAFT_VALUE, TEXT)
    for name in (
        "name",
        "model_s3_uri",
        "framework",
        "framework_version",
        "input_shapes",
        "device",
        "platform_os",
        "platform_arch",
        "platform_accelerator",
        "output_s3",
        "kms_key_id",
        "job_name",
        "role_arn",
        "preset",
    )
}
DRAFT_FIELDS.update(
    target_kind=st.one_of(st.sampled_from(["device", "platform"]), DRAFT_VALUE),
    step=st.one_of(st.integers(min_value=0, max_value=4), DRAFT_VALUE),
    max_runtime=st.one_of(st.none(), st.integers(), DRAFT_VALUE),
    max_pending=st.one_of(st.none(), st.integers(), DRAFT_VALUE),
    device_options=st.dictionaries(
        st.one_of(OPTION_KEYS, PLAUSIBLE, UNICODE), DRAFT_VALUE, max_size=3
    ),
    platform_options=st.dictionaries(st.one_of(OPTION_KEYS, UNICODE), DRAFT_VALUE, max_size=3),
    security_groups=st.one_of(st.lists(TEXT, max_size=3), DRAFT_VALUE),
    subnets=st.one_of(st.lists(TEXT, max_size=3), DRAFT_VALUE),
    tags=st.one_of(st.lists(st.dictionaries(TEXT, TEXT, max_size=2), max_size=2), DRAFT_VALUE),
)


@AT_SCALE
@given(st.fixed_dictionaries({}, optional=DRAFT_FIELDS))
def test_a_draft_of_any_fields_is_refused_by_pydantic_or_checks_and_shares(data: dict) -> None:
    """Draft either refuses the data (pydantic's ValidationError, with messages) or becomes a
    draft that checks into a request or sentences, and whose share link round-trips or is
    refused with the project's own error."""
    try:
        draft = Draft.model_validate(data)
    except ValidationError as exc:
        assert exc.errors() and all(error["msg"] for error in exc.errors())
        return
    request, problems = draft.check()
    accepted_or_explained(request, problems)
    draft.to_api()
    token = to_token(draft)
    try:
        again = from_token(token)
    except NeoConfigError as exc:
        assert exc.message
        return
    assert same(again, draft)  # NaN compares unequal to itself, so compare the JSON


def same(one: Draft, other: Draft) -> bool:
    def text(draft: Draft) -> str:
        return json.dumps(draft.model_dump(exclude={"id", "step"}), sort_keys=True, default=str)

    return text(one) == text(other)


def test_options_nested_past_the_recursion_limit_are_refused_with_a_sentence() -> None:
    """Found by the deep-nesting property tests: such options used to crash check() and dumps."""
    with pytest.raises(ValidationError, match="levels deep"):
        Draft(device_options={"mcpu": nest(1500, "list", "x")})
    draft = Draft(target_kind="device", device="rasp3b")
    error = draft.edit_options_json(json.dumps({"mcpu": nest(900, "list", "x")}))
    assert error is not None and "levels deep" in error
    _, problems = draft.check()
    assert any("levels deep" in problem.message for problem in problems)
    to_token(draft)


def test_generic_options_nested_past_the_serialisation_limit_are_refused() -> None:
    """A device newer than the data takes any options, but none nested past what JSON writes."""
    with pytest.raises(ValidationError, match="levels deep"):
        GenericOptions.model_validate({"a": nest(300, "list", 1)})


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_a_python_literal_rewritten_as_json_reads_as_python_reads_it(value: Any) -> None:
    """literal_json (the shapes box's rewrite) holds what Python's literal holds, when no key
    is named twice; repr writes the documentation's style (single quotes, True, None)."""
    written = repr(value)
    rewritten = literal_json(written)
    assert rewritten is not None
    assert json.loads(rewritten) == python_literal(written)[0] == value
