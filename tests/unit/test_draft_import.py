"""Loading imports into a draft: wrongly typed values, the full-request/OutputConfig split, the
options JSON kept while it does not parse, share links and the shapes table's text form."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.draft.model import Draft
from core.draft.shapes_table import NAME, SHAPE, convert_shapes, rows_to_shapes, shapes_to_rows
from core.draft.share import MAX_TOKEN_CHARS, from_token, share_link, to_token
from core.errors import NeoConfigError
from core.interchange.importer import import_text
from core.knowledge.presets import preset
from core.spec import service
from core.spec.request import check_request
from core.spec.shapes import ShapeError, Shapes, parse_shapes

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
OUTPUT = {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"}


def full_request(**fields: Any) -> dict[str, Any]:
    return {
        "CompilationJobName": "imported",
        "RoleArn": ROLE,
        "InputConfig": {
            "S3Uri": "s3://b/m.tar.gz",
            "Framework": "MXNET",
            "DataInputConfig": '{"data": [1, 3, 224, 224]}',
        },
        "OutputConfig": dict(OUTPUT),
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
        **fields,
    }


def survives_a_page(draft: Draft) -> None:
    """What the wizard does with a draft on every run: check it, render it, save it, share it."""
    draft.check()
    text = json.dumps(draft.model_dump(mode="json"), ensure_ascii=False)
    text.encode("utf-8")  # Streamlit's protobuf refuses text that is not Unicode
    again = Draft.model_validate(json.loads(text))
    assert json.dumps(again.model_dump(mode="json"), sort_keys=True) == json.dumps(
        draft.model_dump(mode="json"), sort_keys=True
    )
    to_token(draft)


# ---- wrongly typed values (issue 3, item 1) ----------------------------------------------------

WRONG_TYPES = {
    "runtime text": {"StoppingCondition": {"MaxRuntimeInSeconds": "abc"}},
    "runtime digits": {"StoppingCondition": {"MaxRuntimeInSeconds": "1800"}},
    "runtime huge": {"StoppingCondition": {"MaxRuntimeInSeconds": 10**30}},
    "runtime bool": {"StoppingCondition": {"MaxRuntimeInSeconds": True}},
    "stopping text": {"StoppingCondition": "900"},
    "groups text": {"VpcConfig": {"SecurityGroupIds": "sg-1", "Subnets": "subnet-1"}},
    "groups number": {"VpcConfig": {"SecurityGroupIds": [1], "Subnets": 5}},
    "vpc list": {"VpcConfig": ["sg-1"]},
    "tags object": {"Tags": {"a": "b"}},
    "tag value number": {"Tags": [{"Key": "a", "Value": 1}]},
    "tag null": {"Tags": [None]},
    "tag extra key": {"Tags": [{"Key": "a", "Value": "b", "Colour": "red"}]},
    "tags number": {"Tags": 5},
    "role number": {"RoleArn": 123},
    "name list": {"CompilationJobName": ["a"]},
    "uri number": {"InputConfig": {"S3Uri": 5, "Framework": ["x"]}},
    "sections text": {"InputConfig": "x", "OutputConfig": "y"},
    "platform text": {"OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetPlatform": "x"}},
    "device number": {"OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": 7}},
    "options list": {"OutputConfig": {**OUTPUT, "CompilerOptions": "[1, 2]"}},
    "options object": {"OutputConfig": {**OUTPUT, "CompilerOptions": {"dtype": 5}}},
    "options number": {"OutputConfig": {**OUTPUT, "CompilerOptions": 5}},
    "shapes object": {
        "InputConfig": {
            "S3Uri": "s3://b/m",
            "Framework": "ONNX",
            "DataInputConfig": {"data": [1, 3]},
        }
    },
    "lone surrogate": {"RoleArn": "arn\ud800"},
}


@pytest.mark.parametrize("fields", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrongly_typed_values_become_sentences_never_a_traceback(fields: dict[str, Any]) -> None:
    """Each wrongly typed value is coerced, kept as text, or left out, and said in a sentence."""
    api = full_request(**fields)
    draft, notes = Draft().imported(api)
    survives_a_page(draft)
    for note in notes:
        assert note.message.endswith(".") and "Traceback" not in note.message
        assert "validation error" not in note.message


def test_obvious_coercions_are_made_and_said() -> None:
    """Digits become a number, a text ID list is split, an object of tags becomes tags."""
    api = full_request(
        StoppingCondition={"MaxRuntimeInSeconds": "1800"},
        VpcConfig={"SecurityGroupIds": "sg-1, sg-2", "Subnets": ["subnet-1"]},
        Tags={"team": "ml"},
        RoleArn=123,
    )
    draft, notes = Draft().imported(api)
    assert draft.max_runtime == 1800
    assert draft.security_groups == ["sg-1", "sg-2"]
    assert draft.tags == [{"Key": "team", "Value": "ml"}]
    assert draft.role_arn == "123"
    paths = {n.path for n in notes}
    assert {
        "StoppingCondition.MaxRuntimeInSeconds",
        "VpcConfig.SecurityGroupIds",
        "Tags",
        "RoleArn",
    } <= paths
    assert all(n.severity == "warning" for n in notes)


def test_values_that_cannot_be_read_are_left_out_and_said() -> None:
    """'abc' seconds and a null tag are left out with an error sentence naming the field."""
    draft, notes = Draft().imported(
        full_request(
            StoppingCondition={"MaxRuntimeInSeconds": "abc"},
            Tags=[None, {"Key": "k", "Value": "v"}],
        )
    )
    assert draft.max_runtime is None  # empty to fill in, as the report says: not the 900 default
    assert draft.tags == [{"Key": "k", "Value": "v"}]
    errors = {n.path: n.message for n in notes if n.severity == "error"}
    assert "whole number of seconds" in errors["StoppingCondition.MaxRuntimeInSeconds"]
    assert "Tags[0]" in errors


def test_numbers_past_reading_are_named_by_size_not_printed_or_called_infinity() -> None:
    """A 400-digit MaxRuntimeInSeconds was printed whole under "Not imported as given", and a
    number past a float's range (1e400, 400 nines and a fraction) was called 'Infinity', which
    the user never wrote."""
    big = int("9" * 400)
    _, notes = Draft().imported(
        full_request(StoppingCondition={"MaxRuntimeInSeconds": big}, Tags=[float("inf")])
    )
    errors = {n.path: n.message for n in notes if n.severity == "error"}
    runtime = errors["StoppingCondition.MaxRuntimeInSeconds"]
    assert runtime.startswith("MaxRuntimeInSeconds is a whole number of about 40")
    assert "digits, far beyond any limit" in runtime
    assert len(runtime) < 200
    assert "Infinity'" not in errors["Tags[0]"]
    assert "past what a 64-bit float holds, like 1e400" in errors["Tags[0]"]
    draft, notes = Draft().imported(full_request(StoppingCondition={"MaxRuntimeInSeconds": 1e400}))
    [said] = [n.message for n in notes if n.path == "StoppingCondition.MaxRuntimeInSeconds"]
    assert "(past what a 64-bit float holds" in said and "'Infinity'" not in said
    assert draft.max_runtime is None  # "not imported": the draft's 900 went out in its place


def test_a_request_naming_no_framework_leaves_it_empty_to_be_chosen() -> None:
    """The guide's SDK example names no framework; its import said so, but the draft kept its
    PYTORCH default with no word, so a TensorFlow model could go out as PyTorch."""
    api = full_request()
    del api["InputConfig"]["Framework"]
    draft, _ = Draft().imported(api)
    assert draft.framework == ""
    _, problems = draft.check()
    [said] = [p.message for p in problems if p.path == "InputConfig.Framework"]
    assert said.startswith("Framework is required; choose one of ")
    kept, _ = Draft(framework="ONNX").imported(OUTPUT)  # an OutputConfig alone: kept
    assert kept.framework == "ONNX"


PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1"


def test_a_model_package_request_is_imported_whole_and_passes() -> None:
    """ModelPackageVersionArn in place of InputConfig (botocore: "Provide either a
    ModelPackageVersionArn or an InputConfig object"): the draft had no place for it, dropped it
    without a word and refused the request it had just read for a missing S3Uri."""
    api = full_request()
    del api["InputConfig"]
    api["ModelPackageVersionArn"] = PACKAGE
    draft, notes = Draft(model_s3_uri="s3://my-bucket/old.tar.gz").imported(api)
    assert notes == []
    assert draft.model_kind == "package" and draft.title.endswith("my-model/1")
    request, problems = draft.check()
    assert request is not None, problems
    assert request.to_api() == check_request(api)[0].to_api()  # type: ignore[union-attr]
    assert "InputConfig" not in draft.to_api()


def test_a_request_giving_both_model_sources_keeps_input_config_and_says_so() -> None:
    """Both InputConfig and ModelPackageVersionArn (which the API refuses): the ARN was dropped
    with no word and the draft passed; now the import says so, and the ARN waits as the Model
    step's other choice."""
    api = {**full_request(), "ModelPackageVersionArn": PACKAGE}
    draft, notes = Draft().imported(api)
    [said] = [n for n in notes if n.path == "ModelPackageVersionArn"]
    assert said.severity == "error" and "which the API refuses" in said.message
    assert draft.model_kind == "artifact" and draft.model_package_arn == PACKAGE
    assert draft.to_api()["InputConfig"] == full_request()["InputConfig"]
    draft.model_kind = "package"
    assert draft.to_api()["ModelPackageVersionArn"] == PACKAGE


def test_an_empty_model_source_beside_the_other_is_no_second_source() -> None:
    """{"InputConfig": {}} beside a package kept the empty artifact (S3Uri and Framework
    "required") and hid the package; an empty ARN beside an InputConfig was "both"."""
    api = {**full_request(), "InputConfig": {}, "ModelPackageVersionArn": PACKAGE}
    draft, notes = Draft().imported(api)
    assert draft.model_kind == "package" and notes == []
    assert draft.check()[0] is not None
    api = {**full_request(), "ModelPackageVersionArn": ""}
    draft, notes = Draft().imported(api)
    assert draft.model_kind == "artifact" and notes == []
    assert draft.to_api()["InputConfig"] == full_request()["InputConfig"]


def test_neuron_flags_imported_for_another_target_replace_its_options_and_say_whose_form() -> None:
    """The API text's INFERENTIA example imported onto an Android platform: the advice was a
    bare "Write a JSON object", and ANDROID_PLATFORM 29 stayed in the request and preview."""
    android = {
        "TargetPlatform": {"Os": "ANDROID", "Arch": "ARM64"},
        "S3OutputLocation": "s3://b/o/",
    }
    draft, _ = Draft().imported({**android, "CompilerOptions": '{"ANDROID_PLATFORM": 29}'})
    assert draft.options == {"ANDROID_PLATFORM": 29}
    draft, notes = draft.imported({"CompilerOptions": "--verbose 1 --num-neuroncores 2 -O2"})
    assert draft.options == {} and "CompilerOptions" not in draft.to_api()["OutputConfig"]
    assert draft.options_text == '"--verbose 1 --num-neuroncores 2 -O2"'  # kept to fix
    [said] = [n.message for n in notes if n.path == "OutputConfig.CompilerOptions"]
    assert "the form of the Neuron targets (ml_inf1, ml_inf2, ml_trn1) only" in said


def test_a_list_where_text_belongs_is_kept_as_text_to_fix() -> None:
    """Framework ["x"] is kept as the text '["x"]' so the user sees it beside the field."""
    draft, _ = Draft().imported(full_request(InputConfig={"S3Uri": 5, "Framework": ["x"]}))
    assert draft.framework == '["x"]'
    assert draft.model_s3_uri == "5"
    _, problems = draft.check()
    assert any(p.path == "InputConfig.Framework" for p in problems)


def test_options_that_are_no_object_are_kept_in_the_json_box() -> None:
    """CompilerOptions '[1, 2]' is not lost: it waits in the options JSON with the reason."""
    draft, notes = Draft().imported({"OutputConfig": {**OUTPUT, "CompilerOptions": "[1, 2]"}})
    assert draft.options == {}
    assert draft.options_text == "[1, 2]"
    assert "Write a JSON object" in (draft.options_text_error() or "")
    assert any(n.path == "OutputConfig.CompilerOptions" for n in notes)


def test_load_api_is_all_or_nothing() -> None:
    """A load that fails leaves the draft exactly as it was (no half-changed, autosaved draft)."""
    draft = Draft(model_s3_uri="s3://b/keep.tar.gz", role_arn=ROLE)
    before = draft.model_dump()
    with pytest.raises(NeoConfigError):
        draft.load_api(["not", "a", "request"])
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(NeoConfigError):
        draft.load_api({"RoleArn": deep})
    assert draft.model_dump() == before


# ---- full request vs OutputConfig (item 6) -----------------------------------------------------


def test_full_import_starts_a_new_draft_keeping_id_and_name() -> None:
    """VPC, tags and shapes of the old draft do not survive an import that lacks them."""
    old = Draft(
        name="Mine",
        security_groups=["sg-0123"],
        tags=[{"Key": "a", "Value": "b"}],
        input_shapes='{"x": [1]}',
        role_arn="arn:aws:iam::111111111111:role/Old",
    )
    api = full_request()
    api.pop("CompilationJobName")
    new, _ = old.imported(api)
    assert (new.id, new.name) == (old.id, old.name)
    assert new.security_groups == [] and new.tags == []
    assert new.input_shapes == api["InputConfig"]["DataInputConfig"]
    assert new.job_name and new.job_name != old.job_name
    request, problems = new.check()
    assert request is not None, problems
    assert old.role_arn.endswith("/Old")  # the old draft is not touched


@pytest.mark.parametrize("stopping", [{}, {"MaxRuntimeInSeconds": None}])
def test_an_import_without_max_runtime_sends_none(stopping: dict[str, Any]) -> None:
    """A request that leaves MaxRuntimeInSeconds to AWS is imported so: the new draft's 900
    once stayed in it, unsaid, and went to SageMaker."""
    new, _ = Draft().imported(full_request(StoppingCondition=stopping))
    assert new.max_runtime is None
    request, problems = new.check()
    assert request is not None, problems
    assert new.to_api()["StoppingCondition"] == request.to_api()["StoppingCondition"] == {}


def test_output_config_import_replaces_only_target_options_and_output() -> None:
    """An OutputConfig alone replaces target and options; model, role, tags stay."""
    old = Draft(
        model_s3_uri="s3://b/m.tar.gz",
        role_arn=ROLE,
        tags=[{"Key": "a", "Value": "b"}],
        output_s3="s3://b/keep/",
    )
    old.apply_preset(preset("rasp3b-plus"))
    new, _ = old.imported({"TargetDevice": "ml_c5", "CompilerOptions": '{"dtype": "float32"}'})
    assert (new.target_kind, new.device, new.options) == ("device", "ml_c5", {"dtype": "float32"})
    assert new.model_s3_uri == old.model_s3_uri and new.tags == old.tags
    assert new.output_s3 == "s3://b/keep/"  # not given: what the user typed stays
    assert new.preset == ""
    newer, _ = new.imported({"S3OutputLocation": "s3://b/new/", "TargetDevice": "rasp3b"})
    assert newer.output_s3 == "s3://b/new/" and newer.options == {}


# ---- the whole chain, fuzzed ------------------------------------------------------------------

KEYS = [
    "CompilationJobName",
    "RoleArn",
    "InputConfig",
    "OutputConfig",
    "StoppingCondition",
    "VpcConfig",
    "Tags",
    "S3Uri",
    "Framework",
    "FrameworkVersion",
    "DataInputConfig",
    "S3OutputLocation",
    "TargetDevice",
    "TargetPlatform",
    "Os",
    "Arch",
    "Accelerator",
    "CompilerOptions",
    "KmsKeyId",
    "MaxRuntimeInSeconds",
    "MaxWaitTimeInSeconds",
    "MaxPendingTimeInSeconds",
    "SecurityGroupIds",
    "Subnets",
    "Key",
    "Value",
    "mcpu",
    "mattr",
    "flags",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "s3://b/m.tar.gz",
            "ml_c5",
            "rasp3b",
            "LINUX",
            "ARM64",
            "PYTORCH",
            "900",
            '{"mcpu": 5}',
            '"--verbose 1"',
            "[[1, 3]]",
            '{"data": [1, 3]}',
            "\ud800",
        ]
    )
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def maybe(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return shape | ANY_JSON


def some(**members: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={k: maybe(v) for k, v in members.items()})


TEXT = st.text(max_size=12)
PLATFORM = some(
    Os=st.sampled_from(service.os_values()),
    Arch=st.sampled_from(service.arch_values()),
    Accelerator=st.sampled_from(service.accelerator_values()),
)
OUTPUT_CONFIG = some(
    S3OutputLocation=TEXT,
    TargetDevice=st.sampled_from(service.target_devices()),
    TargetPlatform=PLATFORM,
    CompilerOptions=st.sampled_from(
        ['{"mcpu": "cortex-a53"}', '{"dtype": "float32"}', '"--verbose 1"', "{'mattr': ['+neon']}"]
    ),
    KmsKeyId=TEXT,
)
REQUEST = some(
    CompilationJobName=TEXT,
    RoleArn=st.just(ROLE),
    InputConfig=some(
        S3Uri=TEXT,
        Framework=st.sampled_from(service.frameworks()),
        FrameworkVersion=TEXT,
        DataInputConfig=st.sampled_from(['{"data": [1, 3, 224, 224]}', "[[1, 3]]", "{'a': [1]}"]),
    ),
    OutputConfig=OUTPUT_CONFIG,
    StoppingCondition=some(
        MaxRuntimeInSeconds=st.integers(),
        MaxWaitTimeInSeconds=st.integers(),
        MaxPendingTimeInSeconds=st.integers(),
    ),
    VpcConfig=some(SecurityGroupIds=st.lists(TEXT, max_size=2), Subnets=st.lists(TEXT, max_size=2)),
    Tags=st.lists(maybe(some(Key=TEXT, Value=TEXT)), max_size=3),
)
DOCUMENTS = REQUEST | OUTPUT_CONFIG | ANY_JSON


@settings(
    max_examples=2500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(DOCUMENTS, st.booleans())
def test_import_then_load_lets_only_neo_config_error_escape(document: Any, ascii_only: bool):
    """import_text -> Draft.imported/load_api over generated JSON: only NeoConfigError escapes.

    What the importer accepts always loads (a wrong type becomes a sentence, never an
    exception), and the loaded draft survives everything a page does with it.
    """
    text = json.dumps(document, ensure_ascii=ascii_only)
    try:
        result = import_text(text)
    except NeoConfigError:
        return
    draft, notes = Draft().imported(result.api)
    assert all(isinstance(n.message, str) and n.message for n in notes)
    survives_a_page(draft)
    merged = Draft()
    merged.load_api(result.api)
    survives_a_page(merged)


# ---- options typed as JSON (item 3) -------------------------------------------------------------


def test_single_quoted_options_that_do_not_parse_say_so_in_pythons_terms() -> None:
    """Options typed the documentation's way (single quotes) and left unclosed: the sentence
    names the missing bracket, not JSON's "property name enclosed in double quotes"."""
    draft = Draft()
    error = draft.edit_options_json("{'mcpu': 'cortex-a53'")
    assert error == (
        "CompilerOptions cannot be read, as JSON or with single quotes: '{' was never closed "
        "at line 1, column 1."
    )


def test_options_json_that_does_not_parse_is_kept_until_it_does() -> None:
    """Broken JSON is kept in the draft (and the store) with its reason; fixing it applies it."""
    draft = Draft()
    draft.apply_preset(preset("rasp3b-plus"))
    before = dict(draft.options)
    error = draft.edit_options_json('{"mcpu": "cortex-a53", ')
    assert error and "is not valid JSON" in error
    assert draft.options == before
    reloaded = Draft.model_validate(draft.model_dump(mode="json"))
    assert reloaded.options_text == '{"mcpu": "cortex-a53", '
    request, problems = reloaded.check()
    assert request is None
    assert problems[0].path == "OutputConfig.CompilerOptions"
    assert reloaded.edit_options_json('{"mcpu": "cortex-a53"}') is None
    assert reloaded.options == {"mcpu": "cortex-a53"} and reloaded.options_text is None


def test_options_json_hint_uses_the_targets_own_example() -> None:
    """Neuron targets get a flag-string example, NVIDIA its three required keys, not mcpu."""
    draft = Draft()
    draft.apply_preset(preset("ml-inf1"))
    assert "Neuron compiler flags" in (draft.edit_options_json("[1]") or "")
    assert "mcpu" not in (draft.options_text_error() or "")
    draft.apply_preset(preset("jetson-tx2"))
    hint = draft.edit_options_json("5") or ""
    assert all(key in hint for key in ("gpu-code", "trt-ver", "cuda-ver"))


def test_each_target_kind_keeps_its_own_pending_options_text() -> None:
    """Text typed for the device's options waits on the device side only."""
    draft = Draft()
    draft.edit_options_json("{oops")
    draft.target_kind = "platform"
    assert draft.options_text is None
    draft.target_kind = "device"
    assert draft.options_text == "{oops"


# ---- share links (item 5) ----------------------------------------------------------------------


def test_share_link_is_the_app_address_with_the_token_only() -> None:
    """A page address holding ?draft=<id> gives a link with ?d=<token> alone."""
    draft = Draft(model_s3_uri="s3://b/m.tar.gz")
    link = share_link("http://localhost:8501/configure?draft=abc#top", draft)
    assert link is not None
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://localhost:8501/configure"
    query = parse_qs(parts.query)
    assert list(query) == ["d"]
    assert from_token(query["d"][0]).model_s3_uri == "s3://b/m.tar.gz"


def test_no_share_link_for_a_draft_the_app_would_refuse() -> None:
    """A draft whose token exceeds MAX_TOKEN_CHARS (50 random tags) gets no link at all."""
    import random
    import string

    rng = random.Random(3)
    draft = Draft(
        tags=[
            {
                "Key": "".join(rng.choices(string.ascii_letters, k=128)),
                "Value": "".join(rng.choices(string.ascii_letters, k=256)),
            }
            for _ in range(50)
        ]
    )
    assert len(to_token(draft)) > MAX_TOKEN_CHARS
    assert share_link("http://localhost:8501/", draft) is None


# ---- the shapes table's text form (item 8) ------------------------------------------------------


def test_table_rows_and_shapes_text_round_trip() -> None:
    """Rows -> text -> rows gives the same table, a list form included."""
    rows = [{NAME: "a", SHAPE: "1, 3, 224, 224"}, {NAME: "b", SHAPE: "1, 10"}]
    text = rows_to_shapes(rows, as_list=False)
    assert json.loads(text) == {"a": [1, 3, 224, 224], "b": [1, 10]}
    assert shapes_to_rows(text) == rows
    listed = rows_to_shapes(rows, as_list=True)
    assert json.loads(listed) == [[1, 3, 224, 224], [1, 10]]
    assert [r[SHAPE] for r in shapes_to_rows(listed)] == ["1, 3, 224, 224", "1, 10"]


def test_rows_the_check_refuses_are_kept_as_typed() -> None:
    """A row with '1, x' or a name given twice stays in the text, and the check says why (an
    error for the first; a warning, rules.toml's shapes/duplicate-key, for the second)."""
    text = rows_to_shapes([{NAME: "a", SHAPE: "1, x"}], as_list=False)
    assert shapes_to_rows(text) == [{NAME: "a", SHAPE: "1, x"}]
    with pytest.raises(ShapeError, match="must be a list of sizes"):
        parse_shapes(text, "ONNX")
    twice = rows_to_shapes([{NAME: "a", SHAPE: "1"}, {NAME: "a", SHAPE: "2"}], as_list=False)
    assert len(shapes_to_rows(twice)) == 2
    assert parse_shapes(twice, "ONNX").duplicate_keys == ("a",)


def test_a_huge_size_in_the_table_is_read_as_the_json_box_reads_it() -> None:
    """ "1, 99999999999999999999" became the text "1, 9999..." (a size of 19 digits or more was
    no size) and "must be a non-empty list"; it is a size, past the API's integers, said so."""
    text = rows_to_shapes([{NAME: "scale", SHAPE: "1, 99999999999999999999"}], as_list=False)
    assert json.loads(text) == {"scale": [1, 99999999999999999999]}
    assert "oversized" in parse_shapes(text, "ONNX").features
    kept = rows_to_shapes([{NAME: "a", SHAPE: "1, " + "9" * 5000}], as_list=False)
    assert json.loads(kept) == {"a": "1, " + "9" * 5000}  # past what Python reads: kept as typed


def test_switching_form_converts_the_shapes() -> None:
    """Named -> list keeps the order; list -> named names them input0, input1, ..."""
    assert json.loads(convert_shapes('{"x": [1, 3], "y": [2]}', to_list=True)) == [[1, 3], [2]]
    assert json.loads(convert_shapes("[[1, 3], [2]]", to_list=False)) == {
        "input0": [1, 3],
        "input1": [2],
    }
    assert convert_shapes("not json", to_list=True) == "not json"
    assert json.loads(convert_shapes("[[1], [2]]", to_list=False, names=["é", "b"])) == {
        "é": [1],
        "b": [2],
    }
    assert json.loads(convert_shapes("[[1], [2]]", to_list=False, names=["a", "a"])) == {
        "input0": [1],
        "input1": [2],
    }
    draft = Draft(input_shapes='{"x": [1, 3]}')
    draft.set_shapes_form("list")
    assert (draft.input_shapes, draft.shapes_list) == ("[[1, 3]]", True)


@pytest.mark.parametrize("shapes", ["[[1, 3, 224, 224]]", "{}", "[", '"x"', '{"data": [1, 3]}'])
def test_xgboost_shapes_are_left_unread_and_warned_about(shapes: str) -> None:
    """Leftover shapes under XGBoost are not read (the guide: "not needed", which refuses
    nothing): whatever they hold, they are marked for shapes/not-needed's warning, which says
    to remove them, never 'needs named inputs, like '."""
    assert parse_shapes(shapes, "XGBOOST") == Shapes((), frozenset({"unneeded"}))
    api = {
        "CompilationJobName": "xgb",
        "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
        "InputConfig": {
            "S3Uri": "s3://my-bucket/model.tar.gz",
            "Framework": "XGBOOST",
            "DataInputConfig": shapes,
        },
        "OutputConfig": {"S3OutputLocation": "s3://my-bucket/out/", "TargetDevice": "ml_c5"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }
    request, problems = check_request(api)
    assert request is not None
    assert [(p.severity, p.path) for p in problems] == [("warning", "InputConfig.DataInputConfig")]
    assert problems[0].message.startswith("XGBOOST takes no input shapes")
    assert "shapes/not-needed" in problems[0].message


def test_shapes_nested_past_the_recursion_limit_get_a_sentence() -> None:
    """json.loads raises RecursionError on deep nesting; the shape check turns it into words."""
    with pytest.raises(ShapeError, match="nested too deeply"):
        parse_shapes("[" * 5000 + "]" * 5000, "PYTORCH")


def test_draft_options_that_fit_only_compact_are_sent_compact() -> None:
    """Spacing this app adds must never push options the user wrote within 1024 over it."""
    flags = [f"+f{index:03d}" for index in range(120)]
    spaced = json.dumps({"mattr": flags})
    compact = json.dumps({"mattr": flags}, separators=(",", ":"))
    assert len(compact) <= 1024 < len(spaced)
    draft = Draft(
        target_kind="platform",
        platform_os="LINUX",
        platform_arch="ARM64",
        platform_options={"mattr": flags},
    )
    sent = draft.options_api()
    assert sent is not None and len(sent) <= 1024
    assert json.loads(sent) == {"mattr": flags}


@pytest.mark.parametrize(
    ("shapes", "said"),
    [
        ('{"a": [[1, 3]]}', "has a list as a size ([1, 3]); every size is a finite number"),
        ('{"a": [1, {"n": 3}]}', 'has an object as a size ({"n": 3})'),
        ('{"a": [1, true]}', "has true; every size"),
    ],
)
def test_a_size_that_is_no_number_is_named_for_what_it_is(shapes: str, said: str) -> None:
    """A nested list read 'has [1, 3]; every size is a finite number', which reads as if
    [1, 3] were the sizes."""
    with pytest.raises(ShapeError, match=re.escape(said)):
        parse_shapes(shapes, "ONNX")
