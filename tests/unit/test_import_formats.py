"""Import of every text form people paste (JSON as written by hand, YAML, AWS CLI commands,
notebooks), CompilerOptions that are no JSON, repairs said only when made, and bounded reading."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.draft.model import Draft
from core.errors import NeoConfigError
from core.interchange import render
from core.interchange.importer import import_text
from core.interchange.notebook import code_only
from core.interchange.render import Where, to_cli
from tests.conftest import VALID_REQUEST

ROLE = VALID_REQUEST["RoleArn"]


def with_output(**output: Any) -> dict[str, Any]:
    return dict(VALID_REQUEST, OutputConfig={"S3OutputLocation": "s3://b/o", **output})


# ---- JSON as people write it ---------------------------------------------------------------


def test_comments_of_every_kind_and_trailing_commas() -> None:
    text = (
        "{\n"
        '  // a line comment\n  "CompilationJobName": "commented", /* inline */\n'
        f'  "RoleArn": "{ROLE}",  # hash\n'
        '  "InputConfig": {"S3Uri": "s3://b//m.tar.gz#1", "Framework": "ONNX",},\n'
        '  "OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5",},\n'
        '  "StoppingCondition": {"MaxRuntimeInSeconds": 900,},\n'
        "}"
    )
    result = import_text(text)
    assert result.api["InputConfig"]["S3Uri"] == "s3://b//m.tar.gz#1"  # inside strings: kept
    assert "Removed '//' and '/* */' and '#' comments, which JSON does not allow." in result.repairs
    assert "Removed trailing commas (before } or ]), which JSON does not allow." in result.repairs


@pytest.mark.parametrize("first", ["job.json", "$ cat job.json", "// job.json", "job.json:"])
def test_a_file_name_line_before_the_json(first: str) -> None:
    result = import_text(f"{first}\n{json.dumps(VALID_REQUEST, indent=2)}")
    assert result.api == VALID_REQUEST
    assert any("a file name, not part of the JSON" in r for r in result.repairs)


def test_snake_case_keys_are_read_as_the_api_names() -> None:
    text = json.dumps(
        {
            "compilation_job_name": "snake",
            "role_arn": ROLE,
            "input_config": {
                "s3_uri": "s3://b/m.tar.gz",
                "framework": "MXNET",
                "data_input_config": '{"data": [1, 3, 224, 224]}',
            },
            "output_config": {
                "s3_output_location": "s3://b/o",
                "target_platform": {"os": "LINUX", "arch": "ARM64"},
            },
            "stopping_condition": {"max_runtime_in_seconds": 900},
            "tags": [{"key": "a", "value": "b"}],
        }
    )
    result = import_text(text)
    assert result.errors == []
    assert result.api["OutputConfig"]["TargetPlatform"] == {"Os": "LINUX", "Arch": "ARM64"}
    assert result.api["Tags"] == [{"Key": "a", "Value": "b"}]
    assert any(r.startswith("Read member names as the API spells them") for r in result.repairs)


def test_a_name_in_two_spellings_with_two_values_is_a_problem() -> None:
    text = json.dumps(dict(VALID_REQUEST, compilation_job_name="other"))
    result = import_text(text)
    assert result.api["CompilationJobName"] == VALID_REQUEST["CompilationJobName"]
    assert any(p.path == "CompilationJobName" and "'other'" in p.message for p in result.errors)


def test_double_encoded_text_and_fields() -> None:
    inner = dict(VALID_REQUEST)
    inner["OutputConfig"] = dict(
        inner["OutputConfig"], CompilerOptions=json.dumps(json.dumps({"mcpu": "skylake-avx512"}))
    )
    result = import_text(json.dumps(json.dumps(inner)))
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"]) == {"mcpu": "skylake-avx512"}
    assert "CompilerOptions was JSON-encoded twice; decoded it once." in result.repairs
    assert any("JSON-encoded twice (a string" in r for r in result.repairs)


def test_python_names_inside_strings_are_not_rewritten() -> None:
    """true/false/null are JSON names only outside strings: a tag 'null' stays 'null'."""
    text = repr(dict(VALID_REQUEST, Tags=[{"Key": "null", "Value": "true"}])).replace(
        "900", "900, 'X': True"
    )
    result = import_text(text)
    assert result.api["Tags"] == [{"Key": "null", "Value": "true"}]


def test_a_fenced_block_in_markdown_is_read() -> None:
    text = f"Run this:\n\n```bash\necho hi\n```\n\n```json\n{json.dumps(VALID_REQUEST)}\n```\n"
    assert import_text(text).api == VALID_REQUEST


def test_step_functions_parameters_name_their_paths() -> None:
    """A Step Functions state: the request under Parameters; "X.$" paths come from the input."""
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:sagemaker:createCompilationJob",
        "Parameters": dict(VALID_REQUEST, **{"CompilationJobName.$": "$.name"}),
    }
    state["Parameters"].pop("CompilationJobName")
    result = import_text(json.dumps({"States": {"Compile": state}}))
    assert result.api["RoleArn"] == ROLE
    assert any(p.path == "CompilationJobName" and "$.name" in p.message for p in result.errors)


# ---- CompilerOptions that are not JSON ----------------------------------------------------


def test_options_that_are_no_json_report_the_syntax_error_and_keep_the_text() -> None:
    """Never re-encoded as a string (which would show as one odd option): the text is kept as
    written, and the JSON error says where (line, column) and what was expected."""
    broken = '{"gpu-code": "sm_62", trt-ver: "6.0.1"}'
    result = import_text(json.dumps(with_output(TargetDevice="jetson_tx2", CompilerOptions=broken)))
    assert result.api["OutputConfig"]["CompilerOptions"] == broken
    [said] = [p.message for p in result.notes if p.path == "OutputConfig.CompilerOptions"]
    assert "line 1, column 23" in said and "Expecting property name" in said
    assert [p.path for p in result.errors] == ["OutputConfig.CompilerOptions"]
    draft, _ = Draft().imported(result.api)
    assert draft.options_text == broken  # kept for the person to fix


@pytest.mark.parametrize(
    ("written", "repair"),
    [
        ('{"mcpu": "skylake-avx512",}', "comments or trailing commas"),
        ("{'mcpu': 'skylake-avx512'}", "Python-style quotes"),
    ],
)
def test_options_with_one_obvious_meaning_are_repaired(written: str, repair: str) -> None:
    result = import_text(json.dumps(with_output(TargetDevice="ml_c5", CompilerOptions=written)))
    assert result.api["OutputConfig"]["CompilerOptions"] == '{"mcpu": "skylake-avx512"}'
    assert any(repair in r for r in result.repairs)


# ---- only repairs really made ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(VALID_REQUEST, indent=4) + "\n\n\n",
        "\n".join(f"{key}: {json.dumps(value)}" for key, value in VALID_REQUEST.items()),
        json.dumps(VALID_REQUEST, indent="\t", separators=(" ,", " : ")),
    ],
    ids=["pretty-json", "yaml", "reflowed"],
)
def test_nothing_said_when_nothing_changed(text: str) -> None:
    result = import_text(text)
    assert result.api == VALID_REQUEST
    assert result.repairs == [] and result.problems == [] and result.decisions == []


def test_a_python_dict_without_comments_reports_no_comment_repair() -> None:
    result = import_text(repr(VALID_REQUEST))
    assert result.repairs == ["Read Python-style quoting (single quotes) as JSON."]


# ---- YAML -----------------------------------------------------------------------------------


def test_yaml_keeps_versions_and_words_as_written() -> None:
    text = (
        "CompilationJobName: yaml-job\n"
        f"RoleArn: {ROLE}\n"
        "InputConfig:\n  S3Uri: s3://b/m.tar.gz\n  Framework: PYTORCH\n  FrameworkVersion: 1.10\n"
        "  DataInputConfig: '{\"input0\": [1, 3, 224, 224]}'\n"
        "OutputConfig:\n  S3OutputLocation: s3://b/o\n  TargetDevice: ml_c5\n"
        "StoppingCondition:\n  MaxRuntimeInSeconds: 900\n"
        "Tags:\n  - Key: reviewed\n    Value: no\n  - Key: day\n    Value: 2026-01-01\n"
    )
    result = import_text(text)
    assert result.source == "yaml"
    assert result.api["InputConfig"]["FrameworkVersion"] == "1.10"
    assert result.api["Tags"] == [
        {"Key": "reviewed", "Value": "no"},
        {"Key": "day", "Value": "2026-01-01"},
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "alias"),
        ("TargetDevice: !!binary aGVsbG8=\n", "binary"),
        ("TargetDevice: [unclosed\n", "does not parse"),
    ],
)
def test_yaml_that_cannot_be_a_request_gets_a_sentence(text: str, fragment: str) -> None:
    with pytest.raises(NeoConfigError) as raised:
        import_text(text)
    assert fragment in raised.value.message


# ---- AWS CLI commands -----------------------------------------------------------------------


def test_per_parameter_flags_json_and_shorthand() -> None:
    command = (
        "aws sagemaker create-compilation-job --compilation-job-name flags "
        f"--role-arn {ROLE} "
        '--input-config \'{"S3Uri": "s3://b/m.tar.gz", "Framework": "MXNET", '
        '"DataInputConfig": "{\\"data\\": [1, 3, 224, 224]}"}\' '
        "--output-config S3OutputLocation=s3://b/o,TargetPlatform={Os=LINUX,Arch=ARM64} "
        "--stopping-condition MaxRuntimeInSeconds=1200 "
        "--vpc-config SecurityGroupIds=sg-0123,Subnets=subnet-0a,subnet-0b "
        "--tags Key=a,Value=b Key=c,Value=d --region us-east-1 --debug"
    )
    result = import_text(command)
    assert result.errors == []
    assert result.api["OutputConfig"]["TargetPlatform"] == {"Os": "LINUX", "Arch": "ARM64"}
    assert result.api["StoppingCondition"] == {"MaxRuntimeInSeconds": 1200}
    assert result.api["VpcConfig"] == {
        "SecurityGroupIds": ["sg-0123"],
        "Subnets": ["subnet-0a", "subnet-0b"],
    }
    assert result.api["Tags"] == [{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}]


def test_shell_variables_known_default_and_unknown() -> None:
    script = (
        "NAME=shell-job\nexport BUCKET=my-bucket\n"
        'aws sagemaker create-compilation-job --compilation-job-name "$NAME" '
        '--role-arn "${ROLE:-' + ROLE + '}" '
        '--input-config "{\\"S3Uri\\": \\"s3://${BUCKET}/m.tar.gz\\", '
        '\\"Framework\\": \\"ONNX\\"}" '
        "--output-config S3OutputLocation=s3://$OUT/o,TargetDevice=ml_c5 "
        "--stopping-condition MaxRuntimeInSeconds=900"
    )
    result = import_text(script)
    assert result.api["CompilationJobName"] == "shell-job"
    assert result.api["RoleArn"] == ROLE
    assert result.api["InputConfig"]["S3Uri"] == "s3://my-bucket/m.tar.gz"
    [said] = [p.message for p in result.errors if p.path == "OutputConfig.S3OutputLocation"]
    assert "'$OUT'" in said


def test_flags_override_the_input_json_as_the_cli_does() -> None:
    command = (
        f"aws sagemaker create-compilation-job --cli-input-json '{json.dumps(VALID_REQUEST)}' "
        "--compilation-job-name overridden"
    )
    result = import_text(command)
    assert result.api == dict(VALID_REQUEST, CompilationJobName="overridden")
    assert result.repairs == [
        "--compilation-job-name replaced the CompilationJobName of --cli-input-json, as the "
        "AWS CLI does."
    ]


def test_a_file_input_alone_is_refused_and_with_flags_is_a_warning() -> None:
    with pytest.raises(NeoConfigError, match="paste that file"):
        import_text("aws sagemaker create-compilation-job --cli-input-json file://job.json")
    result = import_text(
        "aws sagemaker create-compilation-job --cli-input-json file://job.json "
        "--compilation-job-name x"
    )
    assert result.api["CompilationJobName"] == "x"
    assert any("file://job.json" in p.message for p in result.notes)


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ("aws sagemaker describe-compilation-job --compilation-job-name x", "not 'aws sagemaker"),
        ("aws sagemaker create-compilation-job --input-config '{\"S3Uri\": }'", "not JSON"),
        ("aws sagemaker create-compilation-job --role-arn", "not followed by a value"),
        ("aws sagemaker create-compilation-job --generate-cli-skeleton", "skeleton"),
    ],
)
def test_cli_commands_that_hold_no_request_say_why(command: str, fragment: str) -> None:
    with pytest.raises(NeoConfigError) as raised:
        import_text(command)
    assert fragment in raised.value.message


# ---- notebooks ------------------------------------------------------------------------------


def notebook(*cells: tuple[str, str], version: int = 4) -> str:
    if version == 3:
        sheet = [{"cell_type": k, "input": s} for k, s in cells]
        return json.dumps({"worksheets": [{"cells": sheet}], "cells": [], "nbformat": 3})
    return json.dumps(
        {"cells": [{"cell_type": k, "source": s.splitlines(True)} for k, s in cells], "nbformat": 4}
    )


BOTO3_CELL = (
    "%%time\nimport boto3\n!pip install -q sagemaker\n"
    f"boto3.client('sagemaker').create_compilation_job(**{VALID_REQUEST!r})\n"
)


@pytest.mark.parametrize("version", [3, 4])
def test_a_notebook_reads_its_code_cells_only(version: int) -> None:
    """Markdown (even one that shows another request) is not read; magics are left out."""
    markdown = f"```python\nsm.create_compilation_job(**{dict(VALID_REQUEST, RoleArn='x')!r})\n```"
    result = import_text(notebook(("markdown", markdown), ("code", BOTO3_CELL), version=version))
    assert result.api == VALID_REQUEST
    assert result.source == "notebook-boto3-snippet"


def test_a_notebook_without_a_compile_call_is_refused_with_a_sentence() -> None:
    with pytest.raises(NeoConfigError, match="no compilation call"):
        import_text(notebook(("code", "print('hello')\n%matplotlib inline\n")))


# ---- bounded reading ------------------------------------------------------------------------

BIG = "9" * 5000


@pytest.mark.parametrize(
    "text",
    [
        '{"StoppingCondition": {"MaxRuntimeInSeconds": ' + BIG + '}, "TargetDevice": "ml_c5"}',
        f"TargetDevice: ml_c5\nKmsKeyId: {BIG}\n",
        f"sm.create_compilation_job(CompilationJobName={BIG})",
        f"aws sagemaker create-compilation-job --stopping-condition MaxRuntimeInSeconds={BIG}",
        "x = [" * 3000 + "]" * 3000,
        "a: " + "[" * 5000 + "]" * 5000,
        "a = 'x'\n" + "a = a + a\n" * 40 + "sm.create_compilation_job(CompilationJobName=a)",
        "a = [1]\n" + "a = [a, a]\n" * 40 + "sm.create_compilation_job(Tags=a)",
        "sm.create_compilation_job(CompilationJobName='x' * 10**9, RoleArn=10**10**10)",
        "sm.create_compilation_job(CompilationJobName=f'{1:>999999999}')",
        "sm.create_compilation_job(CompilationJobName='%999999999d' % 1)",
        "aws sagemaker create-compilation-job --output-config " + "A={" * 3000,
        "def f(n):\n    return f(n)\nf(1)\nsm.create_compilation_job(CompilationJobName='x')",
    ],
    ids=[
        "json-digits",
        "yaml-digits",
        "python-digits",
        "cli-digits",
        "python-nesting",
        "yaml-nesting",
        "text-doubling",
        "list-doubling",
        "huge-repeat",
        "wide-format",
        "wide-percent",
        "shorthand-nesting",
        "recursion",
    ],
)
def test_hostile_text_gets_a_sentence_never_a_traceback(text: str) -> None:
    try:
        result = import_text(text)
    except NeoConfigError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert "sys." not in exc.message  # Python's own advice is no help to the user
    else:
        assert isinstance(result.api, dict)
        assert len(json.dumps(result.api)) < 100_000


PIECES = [
    "aws sagemaker create-compilation-job",
    " --input-config ",
    " --output-config ",
    " --cli-input-json ",
    " --tags ",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    "$",
    "${",
    "$(",
    "`",
    "\\\n",
    "\n",
    "    ",
    "=",
    ",",
    ":",
    "Key=",
    "TargetPlatform={Os=",
    "sm.create_compilation_job(",
    "m.compile(",
    "est.compile_model(",
    "Model(",
    "PyTorch(",
    "target_instance_family=",
    "input_shape=",
    "**",
    "(",
    ")",
    "f'{",
    "x",
    "1",
    "9" * 40,
    "- ",
    "!",
    "%%bash\n",
    "%time ",
    "# c\n",
    "//",
    "/*",
    "*/",
    "import json\n",
    "json.dumps(",
    ".format(",
    " % ",
    "if x:\n",
    "try:\n",
    "for t in ",
    "def f(a):\n",
    "return ",
    '"TargetDevice"',
    '"OutputConfig"',
    "compilation_job_name",
    "!Ref ",
    "!Sub ",
    "&a ",
    "*a",
    "---\n",
    '"cells"',
    '"nbformat"',
    "```",
]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_text_made_of_every_formats_pieces_raises_only_the_projects_error(text: str) -> None:
    """Commands, snippets, YAML and JSON pieces in any order: an import or one sentence."""
    try:
        result = import_text(text)
    except NeoConfigError as exc:
        assert exc.message
    else:
        assert isinstance(result.api, dict)
        json.dumps(result.api)  # what the draft and the store receive is plain JSON


def test_a_notebook_file_is_cut_to_its_code_before_import() -> None:
    """code_only leaves out outputs and markdown, so a notebook of megabytes imports."""
    big = {"output_type": "stream", "text": ["x" * 5_000_000]}
    cells = [
        {"cell_type": "markdown", "source": "sm.create_compilation_job(CompilationJobName='md')"},
        {"cell_type": "code", "source": BOTO3_CELL, "outputs": [big]},
    ]
    text = code_only(json.dumps({"cells": cells, "nbformat": 4}))
    assert len(text) < 2_000 and import_text(text).api == VALID_REQUEST
    for broken in ("{not json", "[1, 2]"):
        with pytest.raises(NeoConfigError, match=r"\.ipynb"):
            code_only(broken)


def test_a_command_pasted_with_its_prompt_and_continuations() -> None:
    text = (
        "$ aws --region us-east-1 sagemaker \\\n"
        "    create-compilation-job --compilation-job-name prompt \\\n"
        "    --output-config S3OutputLocation=s3://b/o,TargetDevice=ml_c5\n"
        '{\n    "CompilationJobArn": "arn:aws:sagemaker:us-east-1:123456789012:'
        'compilation-job/prompt"\n}\n'
    )
    result = import_text(text)
    assert result.source == "aws-cli-command"
    assert result.api["CompilationJobName"] == "prompt"
    assert result.api["OutputConfig"] == {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"}


def test_json_a_shell_stripped_of_its_inner_quotes_is_repaired_and_said() -> None:
    """Single-quoted JSON inside a single-quoted argument: the shell removes the inner quotes,
    so the command holds {data: [1,3,224,224]}; import puts them back and says why (cuda-ver
    10.0 stays text: no option takes a fraction)."""
    command = (
        "aws sagemaker create-compilation-job --compilation-job-name j "
        f"--role-arn {ROLE} "
        '--input-config \'{"S3Uri": "s3://my-bucket/m.tar.gz", "Framework": "MXNET", '
        '"DataInputConfig": "{\'data\': [1,3,224,224]}"}\' '
        '--output-config \'{"S3OutputLocation": "s3://my-bucket/o", '
        '"TargetDevice": "jetson_nano", '
        "\"CompilerOptions\": \"{'gpu-code': 'sm_53', 'trt-ver': '5.0.6', 'cuda-ver': '10.0'}\"}' "
        "--stopping-condition MaxRuntimeInSeconds=900"
    )
    result = import_text(command)
    assert result.api["InputConfig"]["DataInputConfig"] == '{"data": [1,3,224,224]}'
    options = json.loads(result.api["OutputConfig"]["CompilerOptions"])
    assert options == {"gpu-code": "sm_53", "trt-ver": "5.0.6", "cuda-ver": "10.0"}
    said = [r for r in result.repairs if "a shell removes the single quotes" in r]
    assert [s.split(" ", 1)[0] for s in said] == ["DataInputConfig", "CompilerOptions"]
    assert not [p for p in result.problems if "CompilerOptions" in p.path]


def test_options_with_some_quotes_are_not_taken_for_a_shell_stripped_text() -> None:
    """{'mcpu': core-avx2} lost one value's quotes, not all: no shell did that, so it is not
    repaired as one (it made a key with the quotes inside it); the syntax error is said."""
    result = import_text(
        json.dumps(with_output(TargetDevice="ml_c5", CompilerOptions="{'mcpu': core-avx2}"))
    )
    assert not [r for r in result.repairs if "a shell removes" in r]
    assert [p.path for p in result.errors] == ["OutputConfig.CompilerOptions"]


@pytest.mark.parametrize(
    "prefix",
    [
        "AWS_PROFILE=prod ",
        "AWS_ACCESS_KEY_ID=NEOLOCALkey AWS_SECRET_ACCESS_KEY='s e c' ",
        "env AWS_PROFILE=prod ",
        "$ AWS_PROFILE=prod ",
    ],
    ids=["profile", "quoted-keys", "env", "prompt"],
)
def test_a_cli_command_after_variable_assignments_imports(prefix: str) -> None:
    """`AWS_PROFILE=prod aws sagemaker ...`, as shells take it, and the app's own CLI export on
    its local endpoint (which sets the endpoint's keys so) were "not JSON, YAML, ...": the
    assignments before the command kept it from being recognised."""
    command = to_cli(VALID_REQUEST)
    result = import_text(prefix + command)
    assert result.errors == [] and result.api == VALID_REQUEST


def test_the_apps_own_cli_export_for_the_local_endpoint_imports() -> None:
    """Copied from Review on the local endpoint: a comment line, the endpoint's keys, then the
    command with --region and --endpoint-url."""
    where = Where(
        region="us-east-1",
        endpoint_url="http://127.0.0.1:5000",
        access_key_id="NEOLOCALabcdefghijklmnop",
        secret_access_key="secret-_key",
        note="Sends to this app's local simulation",
    )
    result = import_text(to_cli(VALID_REQUEST, where))
    assert result.errors == [] and result.api == VALID_REQUEST


def test_a_command_with_windows_line_ends_is_read() -> None:
    """An uploaded .sh saved on Windows: a \\ before \\r\\n went unread, and the command with it."""
    command = (
        "aws sagemaker create-compilation-job \\\r\n"
        "  --compilation-job-name crlf \\\r\n"
        "  --role-arn arn:aws:iam::123456789012:role/R \\\r\n"
        "  --input-config S3Uri=s3://b/m.tar.gz,Framework=XGBOOST \\\r\n"
        "  --output-config S3OutputLocation=s3://b/o/,TargetDevice=ml_c5 \\\r\n"
        "  --stopping-condition MaxRuntimeInSeconds=900\r\n"
    )
    result = import_text(command)
    assert result.source == "aws-cli-command"
    assert (result.api["CompilationJobName"], result.api["OutputConfig"]["TargetDevice"]) == (
        "crlf",
        "ml_c5",
    )


def test_a_line_separator_in_a_value_is_no_line_break_of_the_command() -> None:
    """U+2028 then ! in class_labels: the exported CLI command was read as a notebook's
    ! line, and did not import back."""
    request = {
        "CompilationJobName": "ls",
        "RoleArn": "arn:aws:iam::123456789012:role/R",
        "InputConfig": {"S3Uri": "s3://b/m.tar.gz", "Framework": "XGBOOST"},
        "OutputConfig": {
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": "ml_c5",
            "CompilerOptions": json.dumps({"class_labels": "\u2028!x"}, ensure_ascii=False),
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    }
    imported = import_text(render.to_cli(request)).api
    options = imported["OutputConfig"].pop("CompilerOptions")
    assert json.loads(options) == {"class_labels": "\u2028!x"}
    assert imported["OutputConfig"] == {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"}


CLI_HEAD = (
    "aws sagemaker create-compilation-job --compilation-job-name j "
    "--role-arn arn:aws:iam::123456789012:role/R --stopping-condition MaxRuntimeInSeconds=900 "
)


@pytest.mark.parametrize(
    ("flags", "member", "expected"),
    [
        (  # quoted values with escaped quotes: refused as "neither JSON nor shorthand"
            """--input-config 'S3Uri=s3://b/m.tar.gz,Framework=MXNET,"""
            """DataInputConfig="{\\"data\\":[1,3,224,224]}"'""",
            "InputConfig",
            {
                "S3Uri": "s3://b/m.tar.gz",
                "Framework": "MXNET",
                "DataInputConfig": '{"data":[1,3,224,224]}',
            },
        ),
        (  # an escaped comma is part of the value: it made a list ["c\\", "d"]
            "--tags 'Key=a,Value=c\\,d'",
            "Tags",
            [{"Key": "a", "Value": "c,d"}],
        ),
        (  # spaces around = and , are the AWS CLI's to drop: they were kept in the values
            "--output-config 'S3OutputLocation = s3://b/o/ , TargetDevice= ml_c5'",
            "OutputConfig",
            {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"},
        ),
    ],
    ids=["quoted-with-escapes", "escaped-comma", "spaces"],
)
def test_shorthand_reads_as_the_aws_cli_reads_it(flags: str, member: str, expected: Any) -> None:
    result = import_text(CLI_HEAD + flags)
    assert result.api[member] == expected


def test_shorthand_the_aws_cli_refuses_is_refused_with_its_reason() -> None:
    """A key given twice: the AWS CLI refuses it ("Second instance of key"); the import kept
    the second without a word."""
    with pytest.raises(NeoConfigError, match="Second instance of key"):
        import_text(CLI_HEAD + "--output-config TargetDevice=ml_c5,TargetDevice=ml_p3")


def test_bare_json_in_shorthand_is_read_as_its_text_and_said() -> None:
    """The shell takes DataInputConfig='{...}''s quotes: the AWS CLI then refuses the command,
    which the import reads as meant, and says so."""
    result = import_text(
        CLI_HEAD + "--input-config S3Uri=s3://b/m.tar.gz,Framework=PYTORCH,"
        "DataInputConfig='{\"input0\":[1,3,224,224]}' "
        "--output-config 'S3OutputLocation=s3://b/o/,TargetDevice=ml_c5'"
    )
    assert result.api["InputConfig"]["DataInputConfig"] == '{"input0":[1,3,224,224]}'
    assert any("DataInputConfig holds JSON text written bare" in r for r in result.repairs)


def test_the_bare_json_hint_is_a_value_the_aws_cli_reads_as_copied() -> None:
    """The hint read `Key="{...}"`, which bash takes apart; the one given, its name filled,
    is one shell word that the AWS CLI's shorthand reads as the JSON text."""
    result = import_text(
        CLI_HEAD + "--input-config S3Uri=s3://b/m.tar.gz,Framework=PYTORCH,"
        "DataInputConfig='{\"x\":[1,3]}' "
        "--output-config TargetDevice=ml_c5,S3OutputLocation=s3://b/o/"
    )
    said = next(r for r in result.repairs if "written bare" in r)
    hint = said.split("for the shell: ", 1)[1].removesuffix(".")
    value = hint.replace("'Key=", "'S3Uri=s3://b/m.tar.gz,Framework=PYTORCH,DataInputConfig=")
    again = import_text(
        CLI_HEAD + f"--input-config {value} "
        "--output-config TargetDevice=ml_c5,S3OutputLocation=s3://b/o/"
    )
    assert not [r for r in again.repairs if "written bare" in r]
    assert again.api["InputConfig"]["DataInputConfig"] == '{"name": [1, 3]}'


def test_tags_given_as_two_json_lists_are_refused_as_the_aws_cli_refuses_them() -> None:
    """aws reads several --tags values one item each, and a list is no item; the import
    joined the two lists."""
    tag = '{"Key": "%s", "Value": "v"}'
    with pytest.raises(NeoConfigError, match="--tags is given 2 values and one is a JSON list"):
        import_text(CLI_HEAD + f"--tags '[{tag % 'a'}]' '[{tag % 'b'}]'")
    items = import_text(CLI_HEAD + f"--tags '{tag % 'a'}' '{tag % 'b'}'").api["Tags"]
    assert items == [{"Key": "a", "Value": "v"}, {"Key": "b", "Value": "v"}]


def test_shorthand_never_reads_a_file_on_this_machine(tmp_path) -> None:
    """`Key@=file://...` makes the AWS CLI read a file: pasted into the app, a server file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-read")
    with pytest.raises(NeoConfigError, match="cannot open") as raised:
        import_text(CLI_HEAD + f"--output-config S3OutputLocation@=file://{secret}")
    assert "do-not-read" not in str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "{'TargetDevice': 'ml_c5', 'S3OutputLocation': 's3://b/o/', 'TargetDevice': 'ml_p3'}",
        "TargetDevice: ml_c5\nS3OutputLocation: s3://b/o/\nTargetDevice: ml_p3\n",
    ],
    ids=["python-quoted", "yaml"],
)
def test_a_key_given_twice_is_said_in_every_format(text: str) -> None:
    """JSON said "'TargetDevice' is given twice"; the same keys single-quoted or in YAML kept
    ml_p3 without a word."""
    result = import_text(text)
    assert result.api["TargetDevice"] == "ml_p3"
    assert any(
        "'TargetDevice' is given twice, as 'ml_c5' and 'ml_p3'" in p.message for p in result.errors
    ), result.problems


def test_bash_ansi_c_quoting_is_read_as_bash_reads_it() -> None:
    """$'job\\x2d1' was read as $job\\x2d1: a variable, then text."""
    result = import_text(
        CLI_HEAD.replace("--compilation-job-name j", "--compilation-job-name $'job\\x2d1\\101'")
        + "--input-config S3Uri=s3://b/m.tar.gz,Framework=XGBOOST "
        "--output-config $'S3OutputLocation=s3://b/o/,TargetDevice=ml_c5'"
    )
    assert result.api["CompilationJobName"] == "job-1A"
    assert result.api["OutputConfig"] == {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"}


@pytest.mark.parametrize("mark", ["`", "^"], ids=["powershell", "cmd"])
def test_windows_line_continuations_are_read(mark: str) -> None:
    """A command copied from PowerShell (`) or cmd (^) was "No request found"."""
    lines = [
        "aws sagemaker create-compilation-job",
        "  --compilation-job-name win",
        "  --role-arn arn:aws:iam::123456789012:role/R",
        "  --input-config S3Uri=s3://b/m.tar.gz,Framework=XGBOOST",
        "  --output-config S3OutputLocation=s3://b/o/,TargetDevice=ml_c5",
        "  --stopping-condition MaxRuntimeInSeconds=900",
    ]
    result = import_text(f" {mark}\n".join(lines))
    assert result.api["CompilationJobName"] == "win"
    assert result.api["OutputConfig"]["TargetDevice"] == "ml_c5"


@pytest.mark.parametrize("prompt", ["PS C:\\> ", "C:\\> ", "PS C:\\Users\\me> "])
def test_a_command_with_a_windows_prompt_is_read(prompt: str) -> None:
    """The AWS CLI User Guide writes its PowerShell and cmd examples after PS C:\\> and C:\\>;
    such a paste was "not JSON, YAML, ... or an AWS CLI command"."""
    command = (
        CLI_HEAD + "--input-config S3Uri=s3://b/m.tar.gz,Framework=XGBOOST "
        "--output-config S3OutputLocation=s3://b/o/,TargetDevice=ml_c5"
    )
    result = import_text(prompt + command)
    assert result.api["OutputConfig"] == {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"}


def test_powershell_backtick_escaped_quotes_are_read_as_powershell_reads_them() -> None:
    """In PowerShell's double quotes a backtick escapes a quote (the CLI User Guide's quoting
    page); the value was read as bash would, and refused as "not JSON"."""
    lines = [
        CLI_HEAD.strip(),
        "  --input-config S3Uri=s3://b/m.tar.gz,Framework=XGBOOST",
        '  --output-config "{`"S3OutputLocation`": `"s3://b/o/`", `"TargetDevice`": `"ml_c5`"}"',
    ]
    result = import_text(" `\n".join(lines))
    assert result.api["OutputConfig"] == {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"}
    as_bash = import_text(
        "\n".join(
            [
                "$ " + lines[0] + " \\",
                *[f"{line} \\" for line in lines[1:-1]],
                '  --output-config "{\\"TargetDevice\\": \\"ml_c5\\", \\"S3OutputLocation\\": \\"s3://b/o/\\"}"',
            ]
        )
    )
    assert as_bash.api["OutputConfig"]["TargetDevice"] == "ml_c5"  # bash's own escapes unchanged


@pytest.mark.parametrize(
    ("head", "tab"),
    [
        ("cat > job.json <<EOF", ""),
        ("cat <<'EOF' > ./job.json", ""),
        ("cat > job.json <<-EOF", "\t"),
    ],
)
def test_a_heredoc_that_writes_the_commands_input_file_is_read(head: str, tab: str) -> None:
    """A script that writes job.json with a heredoc, then runs --cli-input-json file://job.json,
    was told to "paste that file instead", which it had."""
    body = [
        "{",
        '  "CompilationJobName": "from-heredoc",',
        '  "InputConfig": {"S3Uri": "s3://b/m.tar.gz", "Framework": "MXNET",',
        '    "DataInputConfig": "{\\"data\\": [1, 3, 224, 224]}"},',
        '  "OutputConfig": {"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"}',
        "}",
    ]
    command = "aws sagemaker create-compilation-job --cli-input-json file://job.json"
    script = "\n".join([head, *(tab + line for line in body), tab + "EOF", command])
    result = import_text(script)
    assert result.api["CompilationJobName"] == "from-heredoc"
    assert result.api["InputConfig"]["DataInputConfig"] == '{"data": [1, 3, 224, 224]}'
    assert "Read file://job.json from the heredoc above the command that writes it." in (
        result.repairs
    )
    other = script.replace("file://job.json", "file://other.json")
    with pytest.raises(NeoConfigError, match="paste that file instead"):
        import_text(other)


def test_curly_quotes_from_a_blog_are_read_as_straight_ones() -> None:
    """“CompilationJobName”: the error said 'Expecting property name enclosed in double
    quotes', which the user saw they were."""
    text = "{\n  “CompilationJobName”: “blog-job”,\n  “OutputConfig”: {“TargetDevice”: ‘ml_c5’}\n}"
    result = import_text(text)
    assert result.api["CompilationJobName"] == "blog-job"
    assert result.api["OutputConfig"]["TargetDevice"] == "ml_c5"
    assert any("curly quotes" in r for r in result.repairs)
    kept = import_text('{"CompilationJobName": "j", "Tags": [{"Key": "k", "Value": "“a”"}]}')
    assert kept.api["Tags"] == [{"Key": "k", "Value": "“a”"}]  # meant, beside straight ones
