"""Every exported snippet runs and sends the same request: the boto3 snippet, the AWS CLI command
and the SageMaker SDK snippet are run against the local endpoint, which records what it received.

The endpoint (moto's server, in this process) records the parameters of each CreateCompilationJob
as they arrived over HTTP, so the comparison is with what was sent, not with what was meant.
The CLI test needs the `aws` command (awscli v1, installed beside the venv's Python); it is
skipped where there is none. The SDK test runs the snippet against a stand-in `sagemaker.model`
transcribed from the SDK v2's Model.compile()/_compilation_job_config()/Session.compile_model()
(aws/sagemaker-python-sdk, src/sagemaker/model.py and session.py), once per v2 release line's
FrameworkVersion rule, since the releases differ there.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.sagemaker import responses as moto_responses

from core import local
from core.interchange import render
from core.spec.request import check_request
from tests.unit.test_render import IDS, REQUESTS

CORPUS = Path(__file__).parents[1] / "fixtures" / "requests" / "valid"
CORPUS_REQUESTS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.json"))]
CORPUS_IDS = [p.stem for p in sorted(CORPUS.glob("*.json"))]
ALL = REQUESTS + CORPUS_REQUESTS
ALL_IDS = IDS + CORPUS_IDS
SHELL_WORDS = ("inferentia", "coreml-image", "jetpack", "pytorch2-objects", "eia-frozen")
"""Corpus files whose JSON strings hold quotes and escapes worth a real shell (the CLI is slow
to start, so it runs on these and on the render tests' requests, which hold quotes and Unicode)."""
CLI = REQUESTS + [
    a for a, n in zip(CORPUS_REQUESTS, CORPUS_IDS, strict=True) if any(w in n for w in SHELL_WORDS)
]
CLI_IDS = IDS + [n for n in CORPUS_IDS if any(w in n for w in SHELL_WORDS)]


@pytest.fixture
def received(local_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """Job name -> the CreateCompilationJob parameters the local endpoint received."""
    seen: dict[str, dict[str, Any]] = {}
    create = moto_responses.SageMakerResponse.create_compilation_job

    def recording(self: Any) -> Any:
        params = self._get_params()
        seen[params.get("CompilationJobName", "")] = copy.deepcopy(params)
        return create(self)

    monkeypatch.setattr(moto_responses.SageMakerResponse, "create_compilation_job", recording)
    return seen


@pytest.fixture
def aws_env(local_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The standard credential chain pointed at the local endpoint, with its key."""
    values = {
        "AWS_ACCESS_KEY_ID": local.credentials()["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": local.credentials()["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": local_url,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return values


def unique(api: dict[str, Any]) -> dict[str, Any]:
    """The request under a job name of its own (the endpoint refuses a name twice)."""
    api = copy.deepcopy(api)
    api["CompilationJobName"] = f"snip-{uuid.uuid4().hex[:20]}"
    return api


@pytest.mark.parametrize("api", ALL, ids=ALL_IDS)
def test_boto3_snippet_sends_the_request(
    api: dict[str, Any], received: dict[str, Any], aws_env: dict[str, str]
) -> None:
    """The boto3 snippet, run as it is, creates the job with exactly the request."""
    api = unique(api)
    exec(compile(render.to_boto3(api), "<boto3 snippet>", "exec"), {})
    assert received[api["CompilationJobName"]] == api


def aws_command() -> str | None:
    beside = Path(sys.executable).parent / "aws"
    return str(beside) if beside.exists() else shutil.which("aws")


@pytest.mark.skipif(aws_command() is None, reason="the aws command (awscli v1) is not installed")
@pytest.mark.parametrize("api", CLI, ids=CLI_IDS)
def test_cli_command_sends_the_request(
    api: dict[str, Any], received: dict[str, Any], aws_env: dict[str, str]
) -> None:
    """The AWS CLI command, run by a shell, creates the job with exactly the request."""
    api = unique(api)
    command = render.to_cli(api)
    path = f"{Path(str(aws_command())).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "-c", command],
        env={**os.environ, **aws_env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert received[api["CompilationJobName"]] == api


# ---- the SDK --------------------------------------------------------------------------------

IOC = ["ml_c4", "ml_c5", "ml_m4", "ml_m5", "ml_p2", "ml_p3", "ml_g4dn"]
UNSUPPORTED = [
    "imx8mplus",
    "jacinto_tda4vm",
    "coreml",
    "sitara_am57x",
    "amba_cv2",
    "amba_cv22",
    "amba_cv25",
    "lambda",
]


def early(target: str | None, framework: str, version: str | None) -> bool:
    """An early v2 release: PyTorch on ml_* but not ml_inf*."""
    return bool(
        version
        and framework.lower() == "pytorch"
        and target is not None
        and re.match("(?=^ml_)(?!ml_inf)", target)
    )


def later(target: str | None, framework: str, version: str | None) -> bool:
    """A later release: NEO_IOC_TARGET_DEVICES and ml_inf1."""
    if not (target and framework and version):
        return False
    if target in IOC:
        return framework.lower() in ["pytorch", "tensorflow"]
    if target == "ml_inf1":
        return framework.lower() in ["pytorch", "tensorflow", "mxnet"]
    return False


def latest(target: str | None, framework: str, version: str | None) -> bool:
    """The latest v2 release: adds Inferentia2/Trainium and NEO_MULTIVERSION_UNSUPPORTED."""
    if not (target and framework and version):
        return False
    framework = framework.lower()
    if target in IOC:
        return framework in ["pytorch", "tensorflow"]
    if target in ["ml_inf1", "ml_inf2", "ml_trn1"]:
        allowed = {"ml_inf1": ["pytorch", "tensorflow", "mxnet"]}
        return framework in allowed.get(target, ["pytorch", "tensorflow"])
    if target not in UNSUPPORTED:
        return framework in ["pytorch", "tensorflow"]
    return False


def stand_in_sdk(sends_version: Callable[[str | None, str, str | None], bool]) -> types.ModuleType:
    """A `sagemaker.model` whose Model.compile builds the request as the SDK v2 does and sends
    it with boto3 (Session.compile_model: Tags only when given)."""
    module = types.ModuleType("sagemaker.model")

    class Model:
        def __init__(
            self,
            image_uri: Any,
            model_data: Any = None,
            role: Any = None,
            sagemaker_session: Any = None,
        ) -> None:
            self.model_data, self.role = model_data, role
            self.sagemaker_session = sagemaker_session

        def compile(  # the SDK's own signature
            self,
            target_instance_family: Any,
            input_shape: Any,
            output_path: Any,
            role: Any = None,
            tags: Any = None,
            job_name: Any = None,
            compile_max_run: int = 15 * 60,
            framework: Any = None,
            framework_version: Any = None,
            target_platform_os: Any = None,
            target_platform_arch: Any = None,
            target_platform_accelerator: Any = None,
            compiler_options: Any = None,
        ) -> Model:
            allowed = {"mxnet", "tensorflow", "keras", "pytorch", "onnx", "xgboost", "tflite"}
            assert framework in allowed and job_name and self.model_data
            inputs = {
                "S3Uri": self.model_data,
                "DataInputConfig": (
                    json.dumps(input_shape) if isinstance(input_shape, dict) else input_shape
                ),
                "Framework": framework.upper(),
            }
            if sends_version(target_instance_family, framework, framework_version):
                inputs["FrameworkVersion"] = ".".join(framework_version.split(".")[:2])
            role = role or self.role
            assert "/" in role  # expand_role returns an ARN as it is
            output: dict[str, Any] = {"S3OutputLocation": output_path}
            if target_instance_family is not None:
                output["TargetDevice"] = target_instance_family
            else:
                platform = {"Os": target_platform_os, "Arch": target_platform_arch}
                if target_platform_accelerator is not None:
                    platform["Accelerator"] = target_platform_accelerator
                output["TargetPlatform"] = platform
            if compiler_options is not None:
                output["CompilerOptions"] = (
                    json.dumps(compiler_options)
                    if isinstance(compiler_options, dict)
                    else compiler_options
                )
            request = {
                "InputConfig": inputs,
                "OutputConfig": output,
                "RoleArn": role,
                "StoppingCondition": {"MaxRuntimeInSeconds": compile_max_run},
                "CompilationJobName": job_name,
            }
            if tags is not None:
                request["Tags"] = tags
            session = self.sagemaker_session  # Session.compile_model: its sagemaker_client
            client = session.sagemaker_client if session else boto3.client("sagemaker")
            client.create_compilation_job(**request)
            return self

    module.Model = Model  # type: ignore[attr-defined]  # a module built at run time
    return module


@pytest.fixture(params=[early, later, latest], ids=["early-v2", "later-v2", "latest-v2"])
def sdk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    package = types.ModuleType("sagemaker")
    module = stand_in_sdk(request.param)
    session = types.ModuleType("sagemaker.session")

    class Session:  # sagemaker.session.Session's two arguments a snippet gives
        def __init__(self, boto_session: Any = None, sagemaker_client: Any = None) -> None:
            self.boto_session = boto_session or boto3.Session()
            self.sagemaker_client = sagemaker_client or self.boto_session.client("sagemaker")

    session.Session = Session  # type: ignore[attr-defined]  # a module built at run time
    package.model, package.session = module, session  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sagemaker", package)
    monkeypatch.setitem(sys.modules, "sagemaker.model", module)
    monkeypatch.setitem(sys.modules, "sagemaker.session", session)
    yield


def with_versions(api: dict[str, Any]) -> list[dict[str, Any]]:
    """The request, plus versions of it with a FrameworkVersion (exported or explained)."""
    versions = [api]
    inputs = api.get("InputConfig") or {}
    if inputs.get("Framework") in ("PYTORCH", "TENSORFLOW", "MXNET"):
        for version in ("1.8", "1.8.1", "2.9"):
            changed = copy.deepcopy(api)
            changed["InputConfig"]["FrameworkVersion"] = version
            if check_request(changed)[0] is not None:  # the endpoint refuses what the rules do
                versions.append(changed)
    return versions


SDK_CASES = [case for api in ALL for case in with_versions(api)]
SDK_IDS = [
    f"{name}-{i}"
    for name, api in zip(ALL_IDS, ALL, strict=True)
    for i in range(len(with_versions(api)))
]


@pytest.mark.parametrize("api", SDK_CASES, ids=SDK_IDS)
def test_sdk_snippet_sends_the_request_or_says_why_not(
    api: dict[str, Any], sdk: None, received: dict[str, Any], aws_env: dict[str, str]
) -> None:
    """Each exported SDK snippet sends exactly the request under every v2 release line; where
    none is exported, the reason is a sentence (and the boto3 snippet is the way)."""
    api = unique(api)
    snippet = render.to_sdk(api)
    if snippet is None:
        reason = render.sdk_unsupported_reason(api)
        assert reason and "\n" not in reason
        return
    assert "sagemaker>=2,<3" in snippet
    exec(compile(snippet, "<sdk snippet>", "exec"), {})
    assert received[api["CompilationJobName"]] == api


def test_some_corpus_requests_do_get_an_sdk_snippet() -> None:
    """The SDK check is not vacuous: most documented requests have an SDK snippet."""
    exported = [api for api in CORPUS_REQUESTS if render.to_sdk(api) is not None]
    assert len(exported) > len(CORPUS_REQUESTS) // 2


@pytest.mark.parametrize("sdk", [latest], indirect=True, ids=["latest-v2"])
def test_sdk_snippet_for_the_local_endpoint_runs_with_no_aws_configuration(
    sdk: None, received: dict[str, Any], local_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review's SDK snippet on the simulation names its region, endpoint and keys in a
    Session, as the boto3 and CLI ones do: copied, it sends there (it went to AWS's default)."""
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    keys = local.credentials()
    where = render.Where(
        region="us-east-1",
        endpoint_url=local_url,
        access_key_id=keys["aws_access_key_id"],
        secret_access_key=keys["aws_secret_access_key"],
        note="Sends to the local simulation.",
    )
    api = unique(REQUESTS[0])
    snippet = render.to_sdk(api, where)
    assert snippet is not None and snippet.startswith("# Sends to the local simulation.")
    exec(compile(snippet, "<sdk snippet>", "exec"), {})
    assert received[api["CompilationJobName"]] == api
