"""The client wrapper: exact requests, every AWS fault as a sentence, one job per name."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import (
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from core.connection import Connection, client_config, make_clients
from core.errors import AwsError
from core.sagemaker import NeoClient, field_named, reconcile, submit_and_record
from core.store import Store

ARN = "arn:aws:sagemaker:us-east-1:123456789012:compilation-job/neo-test-job"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


@pytest.fixture
def stubbed() -> Iterator[tuple[NeoClient, Stubber]]:
    """A real botocore client with a Stubber; teardown checks no stubbed answer went unused."""
    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=client_config(),
    )
    with Stubber(client) as stubber:
        yield NeoClient(client), stubber
        stubber.assert_no_pending_responses()


def test_clients_retry_in_standard_mode(local_url):
    """Throttling and 5xx are retried by botocore (standard mode, several attempts)."""
    sagemaker, sts = make_clients(Connection(None, "us-east-1", local_url, True))
    for client in (sagemaker, sts):
        assert client.meta.config.retries["mode"] == "standard"
        assert client.meta.config.retries["total_max_attempts"] >= 3


def test_stop_sends_exactly_the_job_name(stubbed):
    """stop() calls StopCompilationJob with the job name and nothing else."""
    client, stubber = stubbed
    stubber.add_response("stop_compilation_job", {}, {"CompilationJobName": "job-1"})
    client.stop("job-1")


def test_submit_sends_the_request_unchanged(stubbed, valid_request):
    """submit() passes the request to CreateCompilationJob exactly as built."""
    client, stubber = stubbed
    stubber.add_response("create_compilation_job", {"CompilationJobArn": ARN}, valid_request)
    result = client.submit(valid_request)
    assert result.arn == ARN and not result.already_existed


ERRORS = [
    ("ThrottlingException", "Rate exceeded", "throttling", ""),
    ("AccessDeniedException", "User is not authorized", "not allowed", ""),
    (
        "ValidationException",
        "Value 'jetson_x' at 'outputConfig.targetDevice' failed to satisfy constraint",
        "Value 'jetson_x'",
        "OutputConfig.TargetDevice",
    ),
    ("ResourceLimitExceeded", "Too many compilation jobs", "limit", ""),
    (
        "ExpiredTokenException",
        "The security token included in the request is expired",
        "expired",
        "",
    ),
]


@pytest.mark.parametrize(
    ("code", "aws_text", "sentence", "path"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_each_aws_error_becomes_a_sentence_and_no_second_create(
    stubbed, store, valid_request, code, aws_text, sentence, path
):
    """Each fault has its own message (AWS's text kept), a field path when named, one call."""
    client, stubber = stubbed
    stubber.add_client_error(
        "create_compilation_job",
        service_error_code=code,
        service_message=aws_text,
        http_status_code=400,
        expected_params=valid_request,
    )
    with pytest.raises(AwsError) as raised:
        submit_and_record(client, store, valid_request, "test")
    assert raised.value.code == code
    assert sentence in raised.value.message
    assert raised.value.path == path
    assert raised.value.aws_message == aws_text
    record = store.get_job(valid_request["CompilationJobName"])
    assert record is not None and record.state == "failed" and record.error_code == code


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (EndpointConnectionError(endpoint_url="https://sagemaker.example"), "EndpointUnreachable"),
        (ReadTimeoutError(endpoint_url="https://sagemaker.example"), "Timeout"),
        (NoCredentialsError(), "NoCredentials"),
    ],
    ids=["unreachable", "timeout", "no-credentials"],
)
def test_network_and_credential_faults_become_sentences(store, valid_request, fault, code):
    """Faults below HTTP (no network, timeout, no credentials) are AwsErrors too, one call."""
    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )
    calls: list[str] = []

    def inject(**_: Any) -> None:
        calls.append("create")
        raise fault

    client.meta.events.register("before-send.sagemaker.CreateCompilationJob", inject)
    with pytest.raises(AwsError) as raised:
        submit_and_record(NeoClient(client), store, valid_request, "test")
    assert raised.value.code == code
    assert raised.value.message
    assert len(calls) == 1


def test_duplicate_submission_of_the_same_request_creates_one_job(local_url, store, valid_request):
    """Submitting twice (double click, reload, retry) yields success and exactly one job."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    valid_request["CompilationJobName"] = name = f"twice-{uuid.uuid4().hex[:8]}"
    first = submit_and_record(client, store, valid_request, "local")
    second = submit_and_record(client, store, valid_request, "local")
    fresh_store = Store(store.path.parent / "other.sqlite3")
    third = submit_and_record(client, fresh_store, valid_request, "local")
    assert not first.already_existed and second.already_existed and third.already_existed
    assert first.arn == second.arn == third.arn
    assert [j["CompilationJobName"] for j in client.list_jobs(name_contains=name)] == [name]


def test_same_name_with_another_request_is_refused(local_url, store, valid_request):
    """A name already used by a different request is an error pointing at the job name."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    valid_request["CompilationJobName"] = f"taken-{uuid.uuid4().hex[:8]}"
    client.submit(valid_request)
    valid_request["OutputConfig"]["TargetDevice"] = "ml_m5"
    with pytest.raises(AwsError) as raised:
        submit_and_record(client, store, valid_request, "local")
    assert raised.value.code == "ResourceInUse"
    assert raised.value.path == "CompilationJobName"


def test_submission_is_recorded_before_the_call(stubbed, store, valid_request):
    """The store holds a pending record while the call is in flight."""
    client, stubber = stubbed
    seen: list[str] = []
    stubber.add_response("create_compilation_job", {"CompilationJobArn": ARN}, valid_request)
    client.client.meta.events.register(
        "provide-client-params.sagemaker.CreateCompilationJob",
        lambda **_: seen.append(store.get_job(valid_request["CompilationJobName"]).state),
    )
    submit_and_record(client, store, valid_request, "test")
    assert seen == ["pending"]
    assert store.get_job(valid_request["CompilationJobName"]).state == "submitted"


def test_reconcile_settles_pending_records(local_url, store, valid_request):
    """After a crash, a pending record becomes submitted if the job exists, failed if not."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    created = dict(valid_request, CompilationJobName=f"made-{uuid.uuid4().hex[:8]}")
    lost = dict(valid_request, CompilationJobName=f"lost-{uuid.uuid4().hex[:8]}")
    client.submit(created)
    store.record_submission(created["CompilationJobName"], created, "local")
    store.record_submission(lost["CompilationJobName"], lost, "local")
    assert reconcile(client, store) == 2
    assert store.get_job(created["CompilationJobName"]).state == "submitted"
    assert store.get_job(lost["CompilationJobName"]).state == "failed"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("Value at 'outputConfig.targetPlatform.arch' failed", "OutputConfig.TargetPlatform"),
        ("Invalid CompilerOptions for target", "OutputConfig.CompilerOptions"),
        ("Unsupported framework version field for target", "InputConfig.FrameworkVersion"),
        ("Something else entirely", ""),
    ],
)
def test_validation_messages_point_at_the_field_they_name(text, path):
    """AWS's ValidationException text is mapped to the request field it mentions."""
    assert field_named(text) == path
