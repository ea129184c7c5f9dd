"""Python snippets read with `ast`, never run: what is resolved (literals, earlier assignments,
f-strings, `%`, `.format`, `.upper()`, `json.dumps`), what is named instead, and how the SageMaker
SDK's compile calls map to the request it sends."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from core.draft.model import Draft
from core.errors import NeoConfigError
from core.interchange.importer import import_text
from core.spec import service

ROLE = "arn:aws:iam::123456789012:role/NeoRole"
INPUT = (
    "InputConfig={'S3Uri': 's3://b/m.tar.gz', 'Framework': 'MXNET', "
    "'DataInputConfig': '{\"data\": [1, 3, 224, 224]}'}"
)
REST = (
    "OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'}, "
    "StoppingCondition={'MaxRuntimeInSeconds': 900}"
)


def code(text: str) -> str:
    """A snippet with <ROLE> and <INPUT> filled in (the snippets' own braces stay as written)."""
    return text.replace("<ROLE>", repr(ROLE)).replace("<INPUT>", INPUT)


def boto3_call(name: str = "'job'", role: str = repr(ROLE), before: str = "") -> str:
    return (
        f"import boto3\n{before}\nsm = boto3.client('sagemaker')\n"
        f"sm.create_compilation_job(CompilationJobName={name}, RoleArn={role}, {INPUT}, {REST})\n"
    )


def problem(result: Any, path: str) -> str:
    [message] = [p.message for p in result.notes if p.path == path]
    return message


def test_boto3_keyword_arguments_are_read() -> None:
    result = import_text(boto3_call())
    assert result.source == "boto3-snippet" and result.errors == []
    assert result.api["CompilationJobName"] == "job"
    assert result.api["OutputConfig"] == {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"}


@pytest.mark.parametrize(
    ("before", "name", "expected"),
    [
        ("n = 'resnet'", "f'{n}-c5'", "resnet-c5"),
        ("n = 'resnet'", "'%s-%s' % (n, 'c5')", "resnet-c5"),
        ("n = 'resnet'", "'{}-{}'.format(n, 'c5')", "resnet-c5"),
        ("n = 'RESNET'", "n.lower() + '-c5'", "resnet-c5"),
        ("n = 'resnet_c5'", "n.replace('_', '-')", "resnet-c5"),
        ("parts = ['resnet', 'c5']", "'-'.join(parts)", "resnet-c5"),
        ("n = 'resnet'\nn += '-c5'", "n", "resnet-c5"),
        ("cfg = {'name': 'resnet-c5'}", "cfg['name']", "resnet-c5"),
        ("n = 'resnet-c5-extra'", "n[:9]", "resnet-c5"),
    ],
)
def test_values_built_from_known_parts_are_resolved(before: str, name: str, expected: str) -> None:
    result = import_text(boto3_call(name=name, before=before))
    assert result.api["CompilationJobName"] == expected


@pytest.mark.parametrize(
    ("before", "role", "origin"),
    [
        ("", "sagemaker.get_execution_role()", "sagemaker.get_execution_role()"),
        ("role = get_execution_role()", "role", "get_execution_role()"),
        ("import os", "os.environ['ROLE_ARN']", "os.environ['ROLE_ARN']"),
        ("", "f'arn:aws:iam::{account}:role/R'", "account"),
        (
            "acct = boto3.client('sts').get_caller_identity()['Account']",
            "f'arn:aws:iam::{acct}:role/R'",
            "get_caller_identity()",
        ),
    ],
)
def test_a_value_that_cannot_be_resolved_is_named_and_the_rest_kept(
    before: str, role: str, origin: str
) -> None:
    """ "RoleArn comes from 'get_execution_role()': fill it in." and every other value stays."""
    result = import_text(boto3_call(role=role, before=before))
    assert "RoleArn" not in result.api
    message = problem(result, "RoleArn")
    assert origin in message and message.endswith("fill it in.")
    assert result.api["CompilationJobName"] == "job"
    assert [p.path for p in result.errors] == ["RoleArn"]  # not also "RoleArn is required"


def test_a_request_dict_built_up_in_variables() -> None:
    """Dicts held in variables, merged, updated, edited by key, and passed as **kwargs."""
    snippet = code(
        "import json\n"
        "base = {'RoleArn': <ROLE>, 'StoppingCondition': {'MaxRuntimeInSeconds': 15 * 60}}\n"
        "inputs = dict(S3Uri='s3://b/m.tar.gz', Framework='pytorch'.upper())\n"
        "inputs['DataInputConfig'] = json.dumps({'input0': [1, 3, 224, 224]})\n"
        "request = {**base, 'CompilationJobName': 'built', 'InputConfig': inputs}\n"
        "request.update(OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'})\n"
        "request['OutputConfig']['CompilerOptions'] = json.dumps({'dtype': 'float32'})\n"
        "client.create_compilation_job(**request)\n"
    )
    result = import_text(snippet)
    assert result.errors == []
    assert result.api["InputConfig"]["Framework"] == "PYTORCH"
    assert json.loads(result.api["InputConfig"]["DataInputConfig"]) == {"input0": [1, 3, 224, 224]}
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"]) == {"dtype": "float32"}
    assert result.api["StoppingCondition"] == {"MaxRuntimeInSeconds": 900}


def test_json_dumps_of_options_with_an_unknown_value_keeps_the_others() -> None:
    """json.dumps({...}) with one unknown option: that option is named, the rest is sent."""
    snippet = code(
        "import json\n"
        "opts = json.dumps({'gpu-code': gpu, 'trt-ver': '6.0.1', 'cuda-ver': '10.0'})\n"
        "sm.create_compilation_job(CompilationJobName='j', RoleArn=<ROLE>, <INPUT>,\n"
        "  OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'jetson_tx2',\n"
        "                'CompilerOptions': opts},\n"
        "  StoppingCondition={'MaxRuntimeInSeconds': 900})\n"
    )
    result = import_text(snippet)
    assert json.loads(result.api["OutputConfig"]["CompilerOptions"]) == {
        "trt-ver": "6.0.1",
        "cuda-ver": "10.0",
    }
    assert "'gpu'" in problem(result, "OutputConfig.CompilerOptions.gpu-code")


def test_a_request_dict_never_sent_is_read() -> None:
    result = import_text(
        code(
            "request = {'CompilationJobName': 'only-a-dict', 'RoleArn': <ROLE>, <INPUT>}\n"
        ).replace("InputConfig=", "'InputConfig': ")
    )
    assert result.source == "python-dict" and result.api["CompilationJobName"] == "only-a-dict"


def test_branches_and_loops() -> None:
    """try/except: the literal fallback; if/else with two values: named with both; a loop: its
    first item, with a warning that says so."""
    snippet = code(
        "try:\n    role = get_execution_role()\nexcept Exception:\n    role = <ROLE>\n"
        "if flag:\n    name = 'a'\nelse:\n    name = 'b'\n"
        "for target in ['ml_c5', 'ml_m5']:\n"
        "    sm.create_compilation_job(CompilationJobName=name, RoleArn=role, <INPUT>,\n"
        "      OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': target},\n"
        "      StoppingCondition={'MaxRuntimeInSeconds': 900})\n"
    )
    result = import_text(snippet)
    assert result.api["RoleArn"] == ROLE
    assert result.api["OutputConfig"]["TargetDevice"] == "ml_c5"
    assert "'a' or 'b'" in problem(result, "CompilationJobName")
    assert any("first item, 'ml_c5'" in p.message for p in result.notes)


def test_a_loop_left_on_a_value_not_known_is_said_only_when_a_call_follows_it() -> None:
    """The usual polling loop after create_compilation_job ("while True: describe ... break")
    was warned about as if it built the request; a loop before the call still is."""
    polling = boto3_call() + (
        "while True:\n"
        "    status = sm.describe_compilation_job(CompilationJobName='job')\n"
        "    if status['CompilationJobStatus'] in ('COMPLETED', 'FAILED'):\n"
        "        break\n"
    )
    loop = "Whether a loop goes on depends on line"
    assert not [p for p in import_text(polling).notes if loop in p.message]
    building = boto3_call(
        name="name",
        before="name = 'job'\nfor part in parts:\n    if part.done:\n        break\n"
        "    name = name + part.suffix",
    )
    said = [p.message for p in import_text(building).notes if loop in p.message]
    assert said and "line 4" in said[0], said  # the "if part.done" of the loop


def test_the_snippets_own_function_is_read_at_its_call() -> None:
    snippet = code(
        "def compile_for(target, name='fn-job'):\n"
        "    return sm.create_compilation_job(CompilationJobName=name, RoleArn=<ROLE>, <INPUT>,\n"
        "        OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': target},\n"
        "        StoppingCondition={'MaxRuntimeInSeconds': 900})\n"
        "compile_for('rasp4b')\n"
    )
    result = import_text(snippet)
    assert result.errors == []
    assert (result.api["CompilationJobName"], result.api["OutputConfig"]["TargetDevice"]) == (
        "fn-job",
        "rasp4b",
    )


def test_several_calls_the_first_is_read_and_it_says_so() -> None:
    snippet = boto3_call(name="'first'") + boto3_call(name="'second'")
    result = import_text(snippet)
    assert result.api["CompilationJobName"] == "first"
    assert any("2 compilation calls" in p.message for p in result.notes)


@pytest.mark.parametrize(
    "snippet",
    [
        "model.compile(optimizer='adam', loss='mse', metrics=['accuracy'])\n",
        "model.compile('adam', 'sparse_categorical_crossentropy', ['accuracy'])\n",
        "import torch\nfast = torch.compile(model, mode='max-autotune')\n",
        "def compile_model(model):\n    model.compile(optimizer='sgd')\n",
    ],
)
def test_compile_calls_that_are_not_neo_are_not_read(snippet: str) -> None:
    """Keras' compile, torch.compile and a user's compile_model are not compilation jobs."""
    with pytest.raises(NeoConfigError, match="no compilation call"):
        import_text(snippet)


def test_nothing_is_ever_executed(tmp_path: Path) -> None:
    """Calls are read, never made: not open(), not os.system, not __import__."""
    marker = tmp_path / "ran"
    snippet = (
        f"open({str(marker)!r}, 'w').write('x')\n"
        f"__import__('os').system('touch {marker}')\n"
        f"name = __import__('pathlib').Path({str(marker)!r}).write_text('x')\n"
    ) + boto3_call(name="name")
    result = import_text(snippet)
    assert not marker.exists()
    assert "CompilationJobName" not in result.api


# ---- the SageMaker SDK's compile calls, as the SDK v2 builds the request ---------------------


def sdk(compile_args: str, model: str = "PyTorchModel", model_args: str = "") -> str:
    return (
        f"from sagemaker.pytorch import PyTorchModel\nfrom sagemaker.model import Model\n"
        f"m = {model}(model_data='s3://b/m.tar.gz', role={ROLE!r}{model_args})\n"
        f"m.compile(input_shape={{'input0': [1, 3, 224, 224]}}, output_path='s3://b/o', "
        f"role={ROLE!r}, job_name='sdk-job', {compile_args})\n"
    )


@pytest.mark.parametrize(
    ("framework", "target", "version", "sent", "said"),
    [
        ("pytorch", "target_instance_family='ml_c5'", "1.8.1", "1.8", "sent as '1.8'"),
        ("mxnet", "target_instance_family='ml_c5'", "1.8", None, "not sent"),
        ("xgboost", "target_instance_family='ml_m5'", "1.3", None, "not sent"),
        (
            "pytorch",
            "target_instance_family=None, target_platform_os='LINUX', "
            "target_platform_arch='X86_64'",
            "1.8",
            None,
            "on a TargetPlatform",
        ),
        (  # the releases named as what they do ("v2, early" explained nothing)
            "tensorflow",
            "target_instance_family='ml_p3'",
            "2.9",
            "2.9",
            "not by early v2 releases, which send it for PyTorch alone",
        ),
        ("pytorch", "target_instance_family='ml_inf1'", "1.8", "1.8", "releases differ"),
    ],
)
def test_framework_version_is_sent_as_the_sdk_sends_it(
    framework: str, target: str, version: str, sent: str | None, said: str
) -> None:
    """Shortened to major.minor; left out where no SDK v2 release sends it (sdk_compile.toml);
    kept with a warning naming the releases where they differ."""
    result = import_text(sdk(f"{target}, framework={framework!r}, framework_version={version!r}"))
    assert result.api["InputConfig"].get("FrameworkVersion") == sent
    sentences = result.repairs + [p.message for p in result.notes]
    assert any(said in s for s in sentences), sentences


def test_sdk_defaults_framework_from_the_class_and_runtime_900() -> None:
    result = import_text(
        sdk("target_instance_family='ml_c5'", model_args=", framework_version='1.13.1'")
    )
    inputs = result.api["InputConfig"]
    assert (inputs["Framework"], inputs["FrameworkVersion"]) == ("PYTORCH", "1.13")
    assert result.api["StoppingCondition"] == {"MaxRuntimeInSeconds": 900}
    assert json.loads(inputs["DataInputConfig"]) == {"input0": [1, 3, 224, 224]}


def test_sdk_device_wins_over_platform_arguments_as_in_the_sdk() -> None:
    result = import_text(
        sdk("target_instance_family='ml_c5', target_platform_os='LINUX', framework='pytorch'")
    )
    assert result.api["OutputConfig"]["TargetDevice"] == "ml_c5"
    assert "TargetPlatform" not in result.api["OutputConfig"]
    assert any("only TargetDevice" in r for r in result.repairs)


def test_compile_without_job_name_says_the_sdk_refuses_it_and_the_draft_names_the_job() -> None:
    """It said "fill it in" beside the name the draft made; the SDK raises without one."""
    snippet = sdk("target_instance_family='ml_c5', framework='pytorch'").replace(
        "job_name='sdk-job', ", ""
    )
    result = import_text(snippet)
    said = problem(result, "CompilationJobName")
    assert "You must provide a compilation job name" in said and "fill it in" not in said
    draft, _ = Draft().imported(result.api)
    assert draft.job_name and "its own" in said


def test_compile_model_generates_the_job_name_as_the_sdk_does() -> None:
    snippet = (
        "from sagemaker.pytorch import PyTorch\n"
        f"est = PyTorch(entry_point='t.py', role={ROLE!r}, framework_version='1.8.0')\n"
        "est.compile_model(target_instance_family='ml_c5', input_shape={'input0': [1, 3, 8, 8]},"
        " output_path='s3://b/o')\n"
    )
    result = import_text(snippet)
    name = result.api["CompilationJobName"]
    assert re.fullmatch(r"compilation-pytorch-training-\d{4}(-\d{2}){5}-\d{3}", name)
    assert len(name) <= 63 and service.limit("CompilationJobName").check(name, "name") is None
    assert result.api["RoleArn"] == ROLE and result.api["InputConfig"]["Framework"] == "PYTORCH"
    assert any(p.path == "CompilationJobName" and p.severity == "warning" for p in result.notes)
    assert "training job of 'est'" in problem(result, "InputConfig.S3Uri")


@pytest.mark.parametrize(
    "receiver",
    ["(est if tuned else base)", "ests[0]", "get_estimator()"],
)
def test_compile_model_on_any_receiver_is_read(receiver: str) -> None:
    snippet = (
        "try:\n    import sagemaker\nexcept ImportError:\n    pass\nelse:\n"
        f"    {receiver}.compile_model(target_instance_family='ml_c5', framework='pytorch',"
        " framework_version='1.8', input_shape={'input0': [1, 3, 8, 8]}, output_path='s3://b/o')\n"
    )
    result = import_text(snippet)
    assert result.api["OutputConfig"]["TargetDevice"] == "ml_c5"
    assert result.api["InputConfig"]["Framework"] == "PYTORCH"


def test_loops_over_known_values_run_as_the_code_runs_them() -> None:
    """Tags built by append in a for loop, groups in a while loop: the import kept the first
    pass's one tag and one group, and said nothing."""
    snippet = code(
        "tags = []\n"
        "for name in ['team', 'env', 'owner']:\n"
        "    if name == 'env':\n"
        "        continue\n"
        "    tags.append({'Key': name, 'Value': 'x'})\n"
        "groups, i = [], 0\n"
        "while True:\n"
        "    groups.append(f'sg-{i}')\n"
        "    i += 1\n"
        "    if i >= 2:\n"
        "        break\n"
        "for n in range(3):\n"
        "    groups.insert(0, 'sg-first') if n == 2 else None\n"
        "client.create_compilation_job(CompilationJobName='loops', RoleArn=<ROLE>, <INPUT>,\n"
        "  OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'},\n"
        "  StoppingCondition={'MaxRuntimeInSeconds': 900}, Tags=tags,\n"
        "  VpcConfig={'SecurityGroupIds': groups, 'Subnets': ['subnet-1']})\n"
    )
    result = import_text(snippet)
    assert [tag["Key"] for tag in result.api["Tags"]] == ["team", "owner"]
    assert result.api["VpcConfig"]["SecurityGroupIds"] == ["sg-first", "sg-0", "sg-1"]
    assert result.notes == []


@pytest.mark.parametrize(
    ("loop", "said"),
    [
        ("for page in client.list_tags(Arn='a')['Tags']:\n", "runs over 'client.list_tags"),
        ("while not done():\n", "runs while a value not known holds"),
    ],
)
def test_a_loop_over_values_not_known_is_read_once_and_said(loop: str, said: str) -> None:
    snippet = code(
        f"tags = []\n{loop}    tags.append({{'Key': 'k', 'Value': 'v'}})\n"
        "client.create_compilation_job(CompilationJobName='once', RoleArn=<ROLE>, <INPUT>,\n"
        "  OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'},\n"
        "  StoppingCondition={'MaxRuntimeInSeconds': 900}, Tags=tags)\n"
    )
    result = import_text(snippet)
    assert result.api["Tags"] == [{"Key": "k", "Value": "v"}]
    assert any(said in p.message and "read once" in p.message for p in result.notes), [
        p.message for p in result.notes
    ]


def test_a_compile_call_in_a_loop_is_found_once_at_its_first_item() -> None:
    snippet = code(
        "for target in ['ml_c5', 'ml_m5', 'rasp4b']:\n"
        "    client.create_compilation_job(CompilationJobName='each', RoleArn=<ROLE>, <INPUT>,\n"
        "      OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': target},\n"
        "      StoppingCondition={'MaxRuntimeInSeconds': 900})\n"
    )
    result = import_text(snippet)
    assert result.api["OutputConfig"]["TargetDevice"] == "ml_c5"
    assert not any("compilation calls" in p.message for p in result.notes)


def test_what_the_code_deletes_or_pops_is_not_sent() -> None:
    """del, dict.pop and list.remove were ignored: the import kept Tags, KmsKeyId and
    VpcConfig that the code takes out before its call."""
    snippet = code(
        "request = {'CompilationJobName': 'trimmed', 'RoleArn': <ROLE>,\n"
        "  'InputConfig': {'S3Uri': 's3://b/m.tar.gz', 'Framework': 'MXNET',\n"
        "                  'DataInputConfig': '{\"data\": [1, 3, 224, 224]}'},\n"
        "  'OutputConfig': {'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5',\n"
        "                   'KmsKeyId': 'alias/k'},\n"
        "  'StoppingCondition': {'MaxRuntimeInSeconds': 900},\n"
        "  'Tags': [{'Key': 'a', 'Value': '1'}],\n"
        "  'VpcConfig': {'SecurityGroupIds': ['sg-1', 'sg-2'], 'Subnets': ['subnet-1']}}\n"
        "del request['Tags']\n"
        "request['OutputConfig'].pop('KmsKeyId')\n"
        "request['VpcConfig']['SecurityGroupIds'].remove('sg-2')\n"
        "request.pop('Missing', None)\n"
        "client.create_compilation_job(**request)\n"
    )
    result = import_text(snippet)
    assert "Tags" not in result.api
    assert "KmsKeyId" not in result.api["OutputConfig"]
    assert result.api["VpcConfig"]["SecurityGroupIds"] == ["sg-1"]
    assert result.notes == []


def test_a_change_this_app_does_not_read_is_said() -> None:
    snippet = code(
        "tags = [{'Key': 'b', 'Value': '1'}, {'Key': 'a', 'Value': '2'}]\n"
        "tags.sort(key=lambda t: t['Key'])\n"
        "client.create_compilation_job(CompilationJobName='sorted', RoleArn=<ROLE>, <INPUT>,\n"
        "  OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'},\n"
        "  StoppingCondition={'MaxRuntimeInSeconds': 900}, Tags=tags)\n"
    )
    result = import_text(snippet)
    assert any("tags.sort(…) on line 2 changes a value" in p.message for p in result.notes)


def test_copy_copy_shares_the_parts_as_python_does() -> None:
    """copy.copy was read as a deep copy: an edit of the original's OutputConfig after the
    copy, which Python's shallow copy shares, was not in the import."""
    snippet = code(
        "import copy\n"
        "base = {'CompilationJobName': 'shallow', 'RoleArn': <ROLE>,\n"
        "  'OutputConfig': {'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'},\n"
        "  'StoppingCondition': {'MaxRuntimeInSeconds': 900}}\n"
        "request = copy.copy(base)\n"
        "base['OutputConfig']['TargetDevice'] = 'rasp4b'\n"
        "client.create_compilation_job(**request, <INPUT>)\n"
    )
    result = import_text(snippet)
    assert result.api["OutputConfig"]["TargetDevice"] == "rasp4b"


@pytest.mark.parametrize(
    "built",
    [
        "json.dumps([('a' * 10_000) * 100] * 10_000)",
        "'-'.join([('a' * 10_000) * 100] * 1_500)",
        "'{0}' * 5_000",  # then formatted with a long value
        "f'{big}{big}'",
        "'%s' * 5_000 % tuple([big] * 5_000)",
    ],
)
def test_text_far_longer_than_a_request_is_refused_before_it_is_built(built: str) -> None:
    """A paste of a hundred bytes asked for 10 GB: sizes were checked after the text was built."""
    snippet = (
        "import json\nbig = ('a' * 10_000) * 60\n"
        f"name = {built}\n"
        + ("name = name.format(big)\n" if "{0}" in built else "")
        + "client.create_compilation_job(CompilationJobName=name)\n"
    )
    with pytest.raises(NeoConfigError, match="far longer than any request"):
        import_text(snippet)


def test_a_framework_the_sdk_refuses_is_said() -> None:
    """framework='MXNet' imported without a word; the SDK's compile() raises ValueError for
    anything but its lower-case names, so the snippet never sends a request."""
    result = import_text(sdk("target_instance_family='ml_c5', framework='MXNet'"))
    assert result.api["InputConfig"]["Framework"] == "MXNET"
    said = [p.message for p in result.notes if p.path == "InputConfig.Framework"]
    assert any("The SageMaker SDK refuses framework 'MXNet'" in s for s in said), said
    assert any("as written): write 'mxnet'." in s for s in said), said
    clean = import_text(sdk("target_instance_family='ml_c5', framework='mxnet'"))
    assert not [p for p in clean.notes if p.path == "InputConfig.Framework"]
    darknet = import_text(sdk("target_instance_family='ml_c5', framework='darknet'"))
    [said_darknet] = [p.message for p in darknet.notes if p.path == "InputConfig.Framework"]
    assert "write 'darknet'" not in said_darknet  # what was written: no spelling works there
    assert "submit it from this app, boto3 or the AWS CLI, which take it" in said_darknet


@pytest.mark.parametrize(
    "tags",
    [
        "tags = []\nfor k, v in labels.items():\n    tags.append({'Key': k, 'Value': v})\n",
        "tags = [{'Key': k, 'Value': v} for k, v in labels.items()]\n",
        "tags = [{'Key': k, 'Value': labels[k]} for k in labels.keys() if k != 'skip']\n",
    ],
    ids=["loop-over-items", "comprehension", "comprehension-with-if"],
)
def test_tags_built_from_a_dict_are_read(tags: str) -> None:
    """`for k, v in labels.items()` and its comprehension, the usual idiom: the loop gave one
    tag with Key '' and the comprehension no Tags at all, and Review called the request valid."""
    snippet = code(
        "labels = {'project': 'vision', 'team': 'ml', 'skip': 'x'}\n"
        + tags
        + "client.create_compilation_job(CompilationJobName='t', RoleArn=<ROLE>, <INPUT>,\n"
        "  OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'},\n"
        "  StoppingCondition={'MaxRuntimeInSeconds': 900}, Tags=tags)\n"
    )
    result = import_text(snippet)
    keys = [tag["Key"] for tag in result.api["Tags"]]
    assert keys[:2] == ["project", "team"], result.problems
    assert not result.errors, result.errors
