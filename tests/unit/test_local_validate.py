"""The local endpoint refuses what SageMaker refuses, worded as SageMaker words it (issue 12)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from core import local
from core.local.lifecycle import STOP_SECONDS
from core.local.validate import Refusal, check_create, constraint_errors
from tests.clients import local_clients


def unchecked_client(url: str) -> Any:
    """A client that sends what it is given, as curl or another SDK would: botocore's own
    parameter validation (required members) is off."""
    return boto3.client(
        "sagemaker", endpoint_url=url, region_name="us-east-1",
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
        **local.credentials(),
    )  # fmt: skip


def refusal(client: Any, request: dict[str, Any]) -> dict[str, Any]:
    request.setdefault("CompilationJobName", f"refused-{uuid.uuid4().hex[:8]}")
    with pytest.raises(ClientError) as refused:
        client.create_compilation_job(**request)
    return refused.value.response


def test_no_s3_output_location_is_a_validation_error_not_a_crash(local_url, valid_request):
    """Before: moto's KeyError answered HTTP 500."""
    del valid_request["OutputConfig"]["S3OutputLocation"]
    valid_request["CompilationJobName"] = f"noout-{uuid.uuid4().hex[:8]}"
    error = refusal(unchecked_client(local_url), valid_request)
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "ValidationException"
    assert error["Error"]["Message"] == (
        "1 validation error detected: Value null at 'outputConfig.s3OutputLocation' failed to "
        "satisfy constraint: Member must not be null"
    )


def test_constraint_errors_are_counted_and_worded_as_aws_words_them(valid_request):
    valid_request["OutputConfig"]["TargetDevice"] = "jetson_x"
    valid_request["Tags"] = [{"Key": "", "Value": "v"}]
    valid_request["StoppingCondition"] = {"MaxRuntimeInSeconds": 0}
    errors = constraint_errors(valid_request)
    assert len(errors) == 3
    assert errors[0].startswith(
        "Value 'jetson_x' at 'outputConfig.targetDevice' failed to satisfy constraint: Member "
        "must satisfy enum value set: [lambda, ml_m4,"
    )
    assert "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have " \
        "length greater than or equal to 1" in errors  # fmt: skip
    assert "Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: " \
        "Member must have value greater than or equal to 1" in errors  # fmt: skip
    with pytest.raises(Refusal) as refused:
        check_create(valid_request)
    assert refused.value.message.startswith("3 validation errors detected: ")


def signed_post(url: str, target: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A SageMaker call with a body botocore would never serialize, signed as the app signs."""
    request = AWSRequest(
        "POST", url, data=json.dumps(body).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": f"SageMaker.{target}"},
    )  # fmt: skip
    keys = local.credentials()
    creds = Credentials(keys["aws_access_key_id"], keys["aws_secret_access_key"])
    SigV4Auth(creds, "sagemaker", "us-east-1").add_auth(request)
    prepared = request.prepare()
    sent = urllib.request.Request(url, data=prepared.body, headers=dict(prepared.headers))
    try:
        with urllib.request.urlopen(sent, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as refused:
        text = refused.read()
        return refused.code, json.loads(text) if text.startswith(b"{") else {"raw": text}


def test_a_wrong_type_is_a_serialization_error(local_url, valid_request):
    valid_request["OutputConfig"] = "s3://bucket/out"
    status, error = signed_post(local_url, "CreateCompilationJob", valid_request)
    assert (status, error.get("__type")) == (400, "SerializationException"), error


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"OutputConfig": {"CompilerOptions": "{mcpu: x}"}}, "CompilerOptions is not valid JSON"),
        ({"InputConfig": {"DataInputConfig": "{'data': [1, 3"}}, "Input shapes are not valid"),
        (
            {"OutputConfig": {"S3OutputLocation": "ftp://bucket/out"}},
            "Value 'ftp://bucket/out' at 'outputConfig.s3OutputLocation' failed to satisfy",
        ),
        ({"RoleArn": "arn:aws:iam::1234:role/Short"}, "at 'roleArn' failed to satisfy"),
        ({"OutputConfig": {"KmsKeyId": "abc"}}, "KmsKeyId 'abc' is not a key ID"),
        (
            {
                "OutputConfig": {
                    "TargetDevice": None,
                    "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64", "Accelerator": "MALI"},
                }
            },
            "does not support MALI",
        ),
        ({"Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}, "50"),
    ],
)
def test_the_apps_own_checks_refuse_on_the_server(local_url, valid_request, change, says):
    """CompilerOptions and DataInputConfig JSON, S3 URI scheme, ARNs, KMS, platform
    combinations and tag count: the ValidationException SageMaker would answer."""
    for field, value in change.items():
        if isinstance(value, dict):
            valid_request[field].update(value)
            valid_request[field] = {k: v for k, v in valid_request[field].items() if v is not None}
        else:
            valid_request[field] = value
    error = refusal(unchecked_client(local_url), valid_request)
    assert error["Error"]["Code"] == "ValidationException"
    assert says in error["Error"]["Message"]


def test_warnings_never_refuse(local_url, valid_request):
    """jetson_nano without CompilerOptions earns a warning in the app; SageMaker accepts it."""
    valid_request["OutputConfig"]["TargetDevice"] = "jetson_nano"
    valid_request["CompilationJobName"] = name = f"warned-{uuid.uuid4().hex[:8]}"
    sagemaker, _ = local_clients(local_url)
    assert sagemaker.create_compilation_job(**valid_request)["CompilationJobArn"].endswith(name)


def test_the_guides_python_quoted_fields_are_accepted(local_url, valid_request):
    """The developer guide's CLI job files write DataInputConfig and CompilerOptions with
    Python-style quotes and no page says SageMaker refuses them: the app warns (strict.py), so
    the endpoint accepts them and keeps them as sent. It refused them."""
    valid_request["InputConfig"]["DataInputConfig"] = "{'data': [1, 3, 224, 224]}"
    valid_request["OutputConfig"]["CompilerOptions"] = "{'dtype': 'float32'}"
    valid_request["CompilationJobName"] = name = f"quoted-{uuid.uuid4().hex[:8]}"
    sagemaker, _ = local_clients(local_url)
    sagemaker.create_compilation_job(**valid_request)
    job = sagemaker.describe_compilation_job(CompilationJobName=name)
    assert job["InputConfig"]["DataInputConfig"] == "{'data': [1, 3, 224, 224]}"


def test_a_running_job_cannot_be_deleted_a_stopped_one_can(local_url, valid_request, monkeypatch):
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")
    sagemaker, _ = local_clients(local_url)
    valid_request["CompilationJobName"] = name = f"busy-{uuid.uuid4().hex[:8]}"
    sagemaker.create_compilation_job(**valid_request)
    with pytest.raises(ClientError) as refused:
        sagemaker.delete_compilation_job(CompilationJobName=name)
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert "only if its status is COMPLETED, FAILED or STOPPED" in error["Message"]
    assert sagemaker.describe_compilation_job(CompilationJobName=name)["CompilationJobStatus"] in (
        "STARTING", "INPROGRESS",
    )  # fmt: skip
    sagemaker.stop_compilation_job(CompilationJobName=name)
    time.sleep(STOP_SECONDS)  # "delete it after its status becomes STOPPED"
    sagemaker.delete_compilation_job(CompilationJobName=name)
    with pytest.raises(ClientError) as gone:
        sagemaker.describe_compilation_job(CompilationJobName=name)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFound"


def test_a_job_stopped_while_starting_has_no_start_time(local_url, valid_request, monkeypatch):
    """Stopped before its (simulated) start, a job never started: it showed a start time
    after its end time."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")
    sagemaker, _ = local_clients(local_url)
    valid_request["CompilationJobName"] = name = f"early-{uuid.uuid4().hex[:8]}"
    sagemaker.create_compilation_job(**valid_request)
    assert (
        sagemaker.describe_compilation_job(CompilationJobName=name)["CompilationJobStatus"]
        == "STARTING"
    )
    sagemaker.stop_compilation_job(CompilationJobName=name)
    job = sagemaker.describe_compilation_job(CompilationJobName=name)
    assert job["CompilationJobStatus"] == "STOPPING"
    time.sleep(STOP_SECONDS)
    job = sagemaker.describe_compilation_job(CompilationJobName=name)
    assert job["CompilationJobStatus"] == "STOPPED"
    assert "CompilationStartTime" not in job
    assert job["CreationTime"] <= job["CompilationEndTime"]


def test_the_refusal_is_json_a_person_can_read(local_url, valid_request):
    """The app's sentence arrives whole (one line, no traceback)."""
    valid_request["OutputConfig"]["CompilerOptions"] = "{bad"
    message = refusal(unchecked_client(local_url), valid_request)["Error"]["Message"]
    assert "\n" not in message and "Traceback" not in message
    assert json.dumps(message)
