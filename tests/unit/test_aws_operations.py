"""Every AWS operation the app makes, once answered and once refused, with the exact request.

Each stub helper in tests/stubs.py owns its operation's expected parameters; the fixture's
teardown asserts no stubbed answer was left unused.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from core.aws.client import NeoClient
from core.aws.connection import caller_identity_of, client_config
from core.errors import AwsError
from core.jobs.store import Store
from core.jobs.submission import settle, submit_and_record
from core.spec.request import check_request
from tests.clients import sagemaker_client
from tests.stubs import (
    ARN,
    described,
    stub_create_compilation_job,
    stub_delete_compilation_job,
    stub_describe_compilation_job,
    stub_get_caller_identity,
    stub_list_compilation_jobs,
    stub_stop_compilation_job,
    summary,
)


@pytest.fixture
def sts() -> Iterator[tuple[object, Stubber]]:
    client = boto3.client(
        "sts",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=client_config(),
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_create_sends_the_request_and_returns_the_arn(stubbed, valid_request):
    """CreateCompilationJob gets the request unchanged; its ARN comes back."""
    client, stubber = stubbed
    stub_create_compilation_job(stubber, valid_request)
    result = client.submit(valid_request)
    assert result.arn == ARN and not result.already_existed


def test_create_refused_is_a_sentence(stubbed, valid_request):
    """A refused create is an AwsError naming what the identity lacks."""
    client, stubber = stubbed
    stub_create_compilation_job(stubber, valid_request, error_code="AccessDeniedException")
    with pytest.raises(AwsError) as raised:
        client.submit(valid_request)
    assert raised.value.code == "AccessDeniedException"
    assert "sagemaker:CreateCompilationJob" in raised.value.message


def test_describe_answers_a_typed_description(stubbed, valid_request):
    """DescribeCompilationJob by name; the page reads status, target, artifacts by attribute."""
    client, stubber = stubbed
    answer = described(
        valid_request,
        "COMPLETED",
        ModelArtifacts={"S3ModelArtifacts": "s3://my-bucket/compiled/model-ml_c5.tar.gz"},
    )
    stub_describe_compilation_job(stubber, "neo-test-job", answer)
    job = client.describe("neo-test-job")
    assert (job.status, job.target_label, job.running) == ("COMPLETED", "ml_c5", False)
    assert job.artifacts.endswith("model-ml_c5.tar.gz")
    assert job.request["OutputConfig"] == valid_request["OutputConfig"]


def test_a_model_package_jobs_description_gives_back_the_package_alone(stubbed, valid_request):
    """The answer requires an InputConfig, which a package's job fills from the package: the
    request read back (a clone's) held both, which the API refuses, and its import kept the
    InputConfig; it is the package alone, as it was sent."""
    client, stubber = stubbed
    package = "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1"
    answer = described(valid_request, "COMPLETED", ModelPackageVersionArn=package)
    stub_describe_compilation_job(stubber, "neo-test-job", answer)
    job = client.describe("neo-test-job")
    assert job.request["ModelPackageVersionArn"] == package
    assert "InputConfig" not in job.request
    request, problems = check_request(job.request)
    assert request is not None, problems


def test_describe_of_an_unknown_job_says_so(stubbed):
    """ResourceNotFound on describe is a sentence, not a traceback."""
    client, stubber = stubbed
    stub_describe_compilation_job(stubber, "gone", error_code="ResourceNotFound")
    with pytest.raises(AwsError) as raised:
        client.describe("gone")
    assert "no such job" in raised.value.message


def test_list_answers_typed_summaries_with_their_targets(stubbed):
    """ListCompilationJobs newest first; a platform summary gets one target label."""
    client, stubber = stubbed
    platform = {
        "CompilationTargetPlatformOs": "LINUX",
        "CompilationTargetPlatformArch": "ARM64",
        "CompilationTargetPlatformAccelerator": "NVIDIA",
    }
    stub_list_compilation_jobs(
        stubber,
        [summary("a", "INPROGRESS", **platform), summary("b", CompilationTargetDevice="ml_c5")],
        status="INPROGRESS",
    )
    jobs = client.list_jobs(status="INPROGRESS")
    assert [(j.name, j.target_label, j.running) for j in jobs] == [
        ("a", "LINUX / ARM64 / NVIDIA", True),
        ("b", "ml_c5", False),
    ]


def test_list_refused_names_its_permission(stubbed):
    """AccessDenied on list names sagemaker:ListCompilationJobs."""
    client, stubber = stubbed
    stub_list_compilation_jobs(stubber, error_code="AccessDeniedException")
    with pytest.raises(AwsError) as raised:
        client.list_jobs()
    assert "sagemaker:ListCompilationJobs" in raised.value.message


def test_stop_sends_the_name(stubbed):
    """StopCompilationJob with the job name and nothing else."""
    client, stubber = stubbed
    stub_stop_compilation_job(stubber, "job-1")
    client.stop("job-1")


def test_stop_of_a_finished_job_is_a_sentence(stubbed):
    """SageMaker refusing to stop a finished job says why, AWS's words kept."""
    client, stubber = stubbed
    stub_stop_compilation_job(
        stubber, "job-1", error_code="ValidationException", message="Job is COMPLETED"
    )
    with pytest.raises(AwsError) as raised:
        client.stop("job-1")
    assert "Job is COMPLETED" in raised.value.message


def test_delete_sends_the_name(stubbed):
    """DeleteCompilationJob with the job name and nothing else."""
    client, stubber = stubbed
    stub_delete_compilation_job(stubber, "job-1")
    client.delete("job-1")


def test_delete_of_a_running_job_is_a_sentence(stubbed):
    """AWS refuses deleting a job that still runs; the app says so instead of failing."""
    client, stubber = stubbed
    stub_delete_compilation_job(
        stubber, "job-1", error_code="ResourceInUse", message="Job is still running"
    )
    with pytest.raises(AwsError) as raised:
        client.delete("job-1")
    assert raised.value.code == "ResourceInUse" and "Job is still running" in raised.value.message
    assert "stop it first" in raised.value.message and "new name" not in raised.value.message


def test_caller_identity_reads_account_and_arn(sts):
    """GetCallerIdentity takes no parameters and gives the account and the caller's ARN."""
    client, stubber = sts
    stub_get_caller_identity(stubber, account="111122223333")
    identity = caller_identity_of(client)
    assert identity["Account"] == "111122223333"


def test_caller_identity_with_expired_credentials_says_sign_in_again(sts):
    """An expired token on STS is the sign-in-again sentence."""
    client, stubber = sts
    stub_get_caller_identity(stubber, error_code="ExpiredToken")
    with pytest.raises(AwsError) as raised:
        caller_identity_of(client)
    assert "Sign in again" in raised.value.message


def test_tags_are_read_with_list_tags_for_the_jobs_arn(stubbed):
    """DescribeCompilationJob returns no tags: ListTags with the job's ARN, one page (a
    resource has 50 tags at most)."""
    client, stubber = stubbed
    stubber.add_response(
        "list_tags",
        {"Tags": [{"Key": "owner", "Value": "Zoë"}]},
        {"ResourceArn": ARN, "MaxResults": 100},
    )
    assert client.tags(ARN) == [{"Key": "owner", "Value": "Zoë"}]


def test_tags_refused_is_a_sentence(stubbed):
    """A role that may describe a job but not list its tags gets a sentence, no traceback."""
    client, stubber = stubbed
    stubber.add_client_error("list_tags", "AccessDeniedException", "not authorized")
    with pytest.raises(AwsError) as raised:
        client.tags(ARN)
    assert "sagemaker:ListTags" in raised.value.message


class _HostileEndpoint(http.server.BaseHTTPRequestHandler):
    """A SageMaker endpoint whose answers botocore cannot read, or whose error is 10 MB."""

    answer = b""
    status = 200

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def hostile_endpoint(status: int, answer: dict[str, Any] | bytes) -> Iterator[str]:
    handler = type("Handler", (_HostileEndpoint,), {"status": status})
    handler.answer = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_answer_botocore_cannot_read_is_a_sentence_not_a_traceback() -> None:
    """ "CreationTime": 1e20 made botocore raise RuntimeError, which crashed the Jobs page."""
    summary = {
        "CompilationJobName": "j",
        "CompilationJobArn": "arn:aws:sagemaker:us-east-1:123456789012:compilation-job/j",
        "CreationTime": 1e20,
        "CompilationJobStatus": "COMPLETED",
    }
    with hostile_endpoint(200, {"CompilationJobSummaries": [summary]}) as url:
        client = NeoClient(sagemaker_client(endpoint_url=url))
        with pytest.raises(AwsError, match=r"The call failed unexpectedly \(RuntimeError"):
            client.list_jobs()


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"<html>Gateway says hello</html>", "holds no answer SageMaker gives"),
        (b"", "holds no answer SageMaker gives"),
        (b"{}", "holds no answer SageMaker gives"),
        (b"[1, 2]", r"The call failed unexpectedly \(AttributeError"),  # a traceback before
    ],
)
def test_a_success_whose_body_is_no_answer_is_said_not_read_as_no_jobs(
    body: bytes, said: str
) -> None:
    """A 200 whose body is no SageMaker answer (a proxy's page): botocore reads it as an answer
    with no fields, and the Jobs page said "No compilation jobs yet"."""
    with hostile_endpoint(200, body) as url:
        client = NeoClient(sagemaker_client(endpoint_url=url))
        with pytest.raises(AwsError, match=said):
            client.list_jobs()
        with pytest.raises(AwsError, match=said):
            client.describe("j")


@pytest.mark.parametrize("body", [b"<html>Gateway says hello</html>", b""])
def test_a_create_answered_by_no_answer_stays_pending_for_settle(
    body: bytes, store: Store, valid_request: dict[str, Any]
) -> None:
    """A 200 to CreateCompilationJob may mean the job was made: the record was marked failed,
    so the job went unfollowed. It stays pending, as after a timeout, until settle asks."""
    with hostile_endpoint(200, body) as url:
        client = NeoClient(sagemaker_client(endpoint_url=url))
        with pytest.raises(AwsError, match="asked of it next") as raised:
            submit_and_record(client, store, valid_request)
        assert raised.value.retryable
        record = store.get_job(valid_request["CompilationJobName"], client.endpoint)
        assert record is not None and record.state == "pending"
        assert not settle(client, store, record)  # its answers say nothing: still pending


def test_a_ten_megabyte_error_message_is_cut_and_its_length_said() -> None:
    """A 10 MB ValidationException message was drawn whole on Jobs and after Submit."""
    error = {"__type": "ValidationException", "message": "x" * 10_000_000}
    with hostile_endpoint(400, error) as url:
        client = NeoClient(sagemaker_client(endpoint_url=url))
        with pytest.raises(AwsError) as raised:
            client.list_jobs()
    said = raised.value.message
    assert len(said) < 3000 and "10,000,000 characters in all" in said
