"""The client wrapper: exact requests, every AWS fault as a sentence, one job per name."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import (
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from core.aws.client import MAX_LISTED, NeoClient
from core.aws.connection import (
    CONNECT_TIMEOUT,
    MAX_ATTEMPTS,
    READ_TIMEOUT,
    Connection,
    make_clients,
)
from core.aws.errors import field_named
from core.errors import AwsError
from core.jobs.store import Store
from core.jobs.submission import on_the_wire, reconcile, settle, submit_and_record
from tests.clients import sagemaker_client
from tests.stubs import (
    ARN,
    stub_create_compilation_job,
    stub_describe_compilation_job,
    stub_list_compilation_jobs,
    stub_stop_compilation_job,
)


def test_clients_retry_in_standard_mode(local_url):
    """Throttling and 5xx are retried by botocore (standard mode, several attempts)."""
    sagemaker, sts = make_clients(Connection(None, "us-east-1", local_url, True))
    for client in (sagemaker, sts):
        assert client.meta.config.retries["mode"] == "standard"
        assert client.meta.config.retries["total_max_attempts"] == MAX_ATTEMPTS >= 3
        assert client.meta.config.connect_timeout == CONNECT_TIMEOUT
        assert client.meta.config.read_timeout == READ_TIMEOUT


def test_a_click_waits_about_a_minute_at_most_before_the_timeout_message():
    """Every attempt timing out, plus botocore's largest backoff, stays near a minute, not 3."""
    worst_backoff = sum(min(2**attempt, 20) for attempt in range(MAX_ATTEMPTS - 1))
    assert MAX_ATTEMPTS * max(READ_TIMEOUT, CONNECT_TIMEOUT) + worst_backoff <= 90


def test_stop_sends_exactly_the_job_name(stubbed):
    """stop() calls StopCompilationJob with the job name and nothing else."""
    client, stubber = stubbed
    stub_stop_compilation_job(stubber, "job-1")
    client.stop("job-1")


def test_submit_sends_the_request_unchanged(stubbed, valid_request):
    """submit() passes the request to CreateCompilationJob exactly as built."""
    client, stubber = stubbed
    stub_create_compilation_job(stubber, valid_request)
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
    stub_create_compilation_job(stubber, valid_request, error_code=code, message=aws_text)
    with pytest.raises(AwsError) as raised:
        submit_and_record(client, store, valid_request)
    assert raised.value.code == code
    assert sentence in raised.value.message
    assert raised.value.path == path
    assert raised.value.aws_message == aws_text
    record = store.get_job(valid_request["CompilationJobName"], client.endpoint)
    assert record is not None and record.state == "failed" and record.error_code == code


@pytest.mark.parametrize(
    ("fault", "code", "sends"),
    [
        (
            EndpointConnectionError(endpoint_url="https://sagemaker.example"),
            "EndpointUnreachable",
            MAX_ATTEMPTS,
        ),
        (ReadTimeoutError(endpoint_url="https://sagemaker.example"), "Timeout", MAX_ATTEMPTS),
        (NoCredentialsError(), "NoCredentials", 1),
    ],
    ids=["unreachable", "timeout", "no-credentials"],
)
def test_network_and_credential_faults_become_sentences(store, valid_request, fault, code, sends):
    """Faults below HTTP are AwsErrors too, after the product's own retries (network faults
    are retried, a missing credential is not), from one logical create."""
    client = sagemaker_client()
    calls: list[str] = []

    def inject(**_: Any) -> None:
        calls.append("create")
        raise fault

    client.meta.events.register("before-send.sagemaker.CreateCompilationJob", inject)
    with pytest.raises(AwsError) as raised:
        submit_and_record(NeoClient(client), store, valid_request)
    assert raised.value.code == code
    assert raised.value.message
    assert len(calls) == sends


def test_duplicate_submission_of_the_same_request_creates_one_job(local_url, store, valid_request):
    """Submitting twice (double click, reload, retry) yields success and exactly one job."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    valid_request["CompilationJobName"] = name = f"twice-{uuid.uuid4().hex[:8]}"
    first = submit_and_record(client, store, valid_request)
    second = submit_and_record(client, store, valid_request)
    fresh_store = Store(store.path.parent / "other.sqlite3")
    third = submit_and_record(client, fresh_store, valid_request)
    assert not first.already_existed and second.already_existed and third.already_existed
    assert first.arn == second.arn == third.arn
    assert [j.name for j in client.list_jobs(name_contains=name)] == [name]


def test_same_name_with_another_request_is_refused(local_url, store, valid_request):
    """A name already used by a different request is an error pointing at the job name."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    valid_request["CompilationJobName"] = f"taken-{uuid.uuid4().hex[:8]}"
    client.submit(valid_request)
    valid_request["OutputConfig"]["TargetDevice"] = "ml_m5"
    with pytest.raises(AwsError) as raised:
        submit_and_record(client, store, valid_request)
    assert raised.value.code == "ResourceInUse"
    assert raised.value.path == "CompilationJobName"


def test_submission_is_recorded_before_the_call(stubbed, store, valid_request):
    """The store holds a pending record while the call is in flight."""
    client, stubber = stubbed
    seen: list[str] = []
    stub_create_compilation_job(stubber, valid_request)
    client.client.meta.events.register(
        "provide-client-params.sagemaker.CreateCompilationJob",
        lambda **_: seen.append(
            store.get_job(valid_request["CompilationJobName"], client.endpoint).state
        ),
    )
    submit_and_record(client, store, valid_request)
    assert seen == ["pending"]
    assert store.get_job(valid_request["CompilationJobName"], client.endpoint).state == "submitted"


def test_reconcile_settles_pending_records(local_url, store, valid_request):
    """After a crash, a pending record becomes submitted if the job exists, failed if not."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    created = dict(valid_request, CompilationJobName=f"made-{uuid.uuid4().hex[:8]}")
    lost = dict(valid_request, CompilationJobName=f"lost-{uuid.uuid4().hex[:8]}")
    client.submit(created)
    store.record_submission(created["CompilationJobName"], created, "local")
    store.record_submission(lost["CompilationJobName"], lost, "local")
    assert reconcile(client, store) == 2
    assert store.get_job(created["CompilationJobName"], "local").state == "submitted"
    assert store.get_job(lost["CompilationJobName"], "local").state == "failed"


def test_a_call_is_on_the_wire_from_its_record_to_its_answer(local_url, store, valid_request):
    """While CreateCompilationJob is in flight the record is pending and on the wire; once it
    answers, or fails, it is on the wire no more."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    name = valid_request["CompilationJobName"] = f"wire-{uuid.uuid4().hex[:8]}"
    seen: list[tuple[str, bool]] = []

    def look(**_: Any) -> None:
        seen.append((store.get_job(name, client.endpoint).state, on_the_wire("local", name)))

    client.client.meta.events.register("before-send.sagemaker.CreateCompilationJob", look)
    submit_and_record(client, store, valid_request)
    assert seen == [("pending", True)]
    assert not on_the_wire("local", name)


def test_settle_leaves_a_call_in_flight_alone_and_asks_about_a_dead_one(
    local_url, store, valid_request
):
    """A pending record whose call is still running is left to it (asking SageMaker then could
    call a job about to be created 'not created'); one whose call died is looked up."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    name = valid_request["CompilationJobName"] = f"dead-{uuid.uuid4().hex[:8]}"
    settled: list[bool] = []

    def settle_mid_call(**_: Any) -> None:
        settled.append(settle(client, store, store.get_job(name, "local")))

    client.client.meta.events.register(
        "before-send.sagemaker.CreateCompilationJob", settle_mid_call
    )
    submit_and_record(client, store, valid_request)
    assert settled == [False]
    assert store.get_job(name, "local").state == "submitted"

    lost = dict(valid_request, CompilationJobName=f"lost-{uuid.uuid4().hex[:8]}")
    client.submit(lost)
    store.record_submission(lost["CompilationJobName"], lost, "local")  # its answer was lost
    assert settle(client, store, store.get_job(lost["CompilationJobName"], "local"))
    assert store.get_job(lost["CompilationJobName"], "local").state == "submitted"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("Value at 'outputConfig.targetPlatform.arch' failed", "OutputConfig.TargetPlatform.Arch"),
        (
            "1 validation error detected: Value 'PYTORCH2' at 'inputConfig.framework' failed to "
            "satisfy constraint for TargetDevice ml_inf1",
            "InputConfig.Framework",
        ),
        (
            "2 validation errors detected: Value 'x' at 'tags.1.member.key' failed to satisfy "
            "constraint; Value 'y' at 'roleArn' failed",
            "Tags[0].Key",
        ),
        (
            "Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed",
            "StoppingCondition.MaxRuntimeInSeconds",
        ),
        ("Value 'x' at 'noSuchField' failed; see CompilerOptions", "OutputConfig.CompilerOptions"),
        ("Invalid CompilerOptions for target", "OutputConfig.CompilerOptions"),
        ("Unsupported framework version field for target", "InputConfig.FrameworkVersion"),
        ("Something else entirely", ""),
    ],
)
def test_validation_messages_point_at_the_field_they_name(text, path):
    """AWS's `at '...'` path wins, spelt as the request spells it; keywords are the fallback."""
    assert field_named(text) == path


def test_a_job_on_the_simulation_does_not_stand_in_for_the_same_job_on_aws(
    local_url, store, valid_request
):
    """The same name sent to the simulation, then to AWS, is created on AWS too (no false
    success), and the store keeps one record per endpoint."""
    valid_request["CompilationJobName"] = name = f"both-{uuid.uuid4().hex[:8]}"
    local = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    assert not submit_and_record(local, store, valid_request).already_existed
    aws_client = sagemaker_client("us-west-2")
    aws = NeoClient(aws_client)
    with Stubber(aws_client) as stubber:
        stub_create_compilation_job(stubber, valid_request)
        result = submit_and_record(aws, store, valid_request)
        stubber.assert_no_pending_responses()
    assert result.arn == ARN and not result.already_existed
    assert store.get_job(name, "local").state == "submitted"
    assert store.get_job(name, aws.endpoint).arn == ARN
    assert aws.endpoint == "us-west-2 https://api.sagemaker.us-west-2.amazonaws.com"


def test_pending_local_records_are_settled_after_the_simulation_restarts(store, valid_request):
    """The simulation's record key is "local", not its URL, so a restart on a new port still
    reconciles what an earlier run left pending."""
    from core.local.server import LocalEndpoint

    first, second = LocalEndpoint(), LocalEndpoint()  # one process run, then the next
    try:
        before = NeoClient.from_connection(Connection(None, "us-east-1", first.url, True))
        after = NeoClient.from_connection(Connection(None, "us-east-1", second.url, True))
        assert before.endpoint == after.endpoint == "local"
        valid_request["CompilationJobName"] = name = f"restart-{uuid.uuid4().hex[:8]}"
        before.submit(valid_request)
        store.record_submission(name, valid_request, before.endpoint)  # crash before the answer
        assert reconcile(after, store) == 1
        assert store.get_job(name, "local").state == "submitted"
    finally:
        first.stop()
        second.stop()


def test_an_unexpected_exception_is_recorded_and_becomes_a_sentence(store, valid_request):
    """A failure that is not botocore's still fails the record and leaves as an AwsError."""
    client = sagemaker_client()

    def explode(**_: Any) -> None:
        raise RuntimeError("disk full")

    client.meta.events.register("before-send.sagemaker.CreateCompilationJob", explode)
    neo = NeoClient(client)
    with pytest.raises(AwsError) as raised:
        submit_and_record(neo, store, valid_request)
    assert raised.value.code == "Unexpected" and "disk full" in raised.value.message
    assert store.get_job(valid_request["CompilationJobName"], neo.endpoint).state == "failed"


def summaries(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "CompilationJobName": f"job-{index}",
            "CompilationJobArn": f"{ARN}-{index}",
            "CreationTime": "2026-11-01T00:00:00Z",
            "CompilationJobStatus": "COMPLETED",
        }
        for index in range(start, start + count)
    ]


def test_listing_asks_for_pages_of_100_and_stops_at_the_cap(stubbed):
    """The paginator asks for 100 a page and stops at the cap, saying more exist."""
    client, stubber = stubbed
    stub_list_compilation_jobs(stubber, summaries(100), next_token="t1")
    stub_list_compilation_jobs(stubber, summaries(100, 100), next_token="t2", token="t1")
    listing = client.listing(limit=150)
    assert len(listing.jobs) == 150 and listing.truncated
    assert MAX_LISTED == 500


def test_listing_everything_there_is_is_not_truncated(stubbed):
    """A listing that ends before the cap says it is complete."""
    client, stubber = stubbed
    stub_list_compilation_jobs(stubber, summaries(3), status="FAILED", name_contains="job")
    listing = client.listing(status="FAILED", name_contains="job")
    assert [j.name for j in listing.jobs] == ["job-0", "job-1", "job-2"]
    assert not listing.truncated


def test_list_named_finds_a_fleets_jobs_in_one_listing(local_url, valid_request):
    """A fleet's statuses come from one ListCompilationJobs narrowed by the names' common
    prefix, with no describe per job, and only the named jobs."""
    client = NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))
    tag = uuid.uuid4().hex[:8]
    names = [f"fl-{tag}-a", f"fl-{tag}-b"]
    for name in [*names, f"fl-{tag}x-other"]:
        client.submit(dict(valid_request, CompilationJobName=name))
    calls: list[str] = []
    client.client.meta.events.register(
        "before-call.sagemaker.*", lambda model, **_: calls.append(model.name)
    )
    listing = client.list_named(names)
    assert sorted(j.name for j in listing.jobs) == names
    assert all(j.status for j in listing.jobs)
    assert calls == ["ListCompilationJobs"]


STUBS = {
    "list_compilation_jobs": lambda stubber, **kw: stub_list_compilation_jobs(stubber, **kw),
    "stop_compilation_job": lambda stubber, **kw: stub_stop_compilation_job(stubber, "job-1", **kw),
    "describe_compilation_job": lambda stubber, **kw: stub_describe_compilation_job(
        stubber, "job-1", **kw
    ),
}


@pytest.mark.parametrize(
    ("operation", "call", "permission"),
    [
        ("list_compilation_jobs", lambda c: c.list_jobs(), "sagemaker:ListCompilationJobs"),
        ("stop_compilation_job", lambda c: c.stop("job-1"), "sagemaker:StopCompilationJob"),
        (
            "describe_compilation_job",
            lambda c: c.describe("job-1"),
            "sagemaker:DescribeCompilationJob",
        ),
    ],
    ids=["list", "stop", "describe"],
)
def test_access_denied_names_the_operation_that_was_refused(stubbed, operation, call, permission):
    """AccessDenied on another call than create names that call's permission, not create's."""
    client, stubber = stubbed
    STUBS[operation](stubber, error_code="AccessDeniedException")
    with pytest.raises(AwsError) as raised:
        call(client)
    assert permission in raised.value.message
    assert "CreateCompilationJob" not in raised.value.message
