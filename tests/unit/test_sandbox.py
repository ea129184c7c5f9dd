"""The embedded local endpoint behaves like SageMaker for every flow the app offers."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from core.aws.client import NeoClient
from core.aws.connection import Connection, make_clients
from tests.clients import sagemaker_client


@pytest.fixture
def client(local_url: str) -> NeoClient:
    return NeoClient.from_connection(Connection(None, "us-east-1", local_url, True))


def unique(prefix: str = "job") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_job_runs_through_a_lifecycle_and_reports_its_artifact(client, valid_request, local_models):
    """A job starts, runs and completes over time, then names its compiled model in S3."""
    valid_request["CompilationJobName"] = unique()
    client.submit(valid_request)
    first = client.describe(valid_request["CompilationJobName"])
    assert first.status in ("STARTING", "INPROGRESS")
    assert first.artifacts == ""
    seen: list[str] = []
    done = client.wait(
        valid_request["CompilationJobName"],
        poll_seconds=0.2,
        timeout_seconds=30,
        on_poll=lambda job: seen.append(job.status),
    )
    assert done.status == "COMPLETED"
    assert done.artifacts.startswith("s3://my-bucket/compiled/")
    assert done.artifacts.endswith("ml_c5.tar.gz")
    assert done.ended is not None and done.started is not None
    assert seen[-1] == "COMPLETED" and len(seen) >= 2


def test_listing_works_with_a_platform_without_accelerator(client, valid_request):
    """moto's KeyError on a TargetPlatform without Accelerator is fixed: the list answers."""
    valid_request["CompilationJobName"] = name = unique("rpi")
    valid_request["OutputConfig"] = {
        "S3OutputLocation": "s3://my-bucket/compiled/",
        "TargetPlatform": {"Os": "LINUX", "Arch": "ARM_EABIHF"},
        "CompilerOptions": '{"mattr": ["+neon"]}',
    }
    client.submit(valid_request)
    jobs = {job.name: job for job in client.list_jobs()}
    assert jobs[name].target_label == "LINUX / ARM_EABIHF"
    raw = client.client.list_compilation_jobs(NameContains=name)["CompilationJobSummaries"]
    assert raw[0]["CompilationTargetPlatformArch"] == "ARM_EABIHF"
    assert "CompilationTargetPlatformAccelerator" not in raw[0]


def test_list_paginates_and_filters_newest_first(client, valid_request):
    """list_jobs follows NextToken across pages, filters by name, and sorts newest first."""
    tag = uuid.uuid4().hex[:8]
    names = []
    for index in range(5):
        valid_request["CompilationJobName"] = f"page-{tag}-{index}"
        client.submit(valid_request)
        names.append(valid_request["CompilationJobName"])
    paginator = client.client.get_paginator("list_compilation_jobs")
    pages = list(paginator.paginate(NameContains=tag, PaginationConfig={"PageSize": 2}))
    assert len(pages) >= 3
    listed = [job.name for job in client.list_jobs(name_contains=tag)]
    assert sorted(listed) == sorted(names)
    assert listed == list(reversed(names))


def test_stop_moves_a_running_job_through_stopping_to_stopped(client, valid_request):
    """StopCompilationJob, which moto lacks, stops a running job as SageMaker does: Stopping,
    then Stopped (it went straight to STOPPED, so a script that deleted the job right after
    stopping it passed here and failed on AWS, which deletes STOPPED jobs only); a job that
    has stopped refuses another stop."""
    valid_request["CompilationJobName"] = name = unique("stop")
    client.submit(valid_request)
    client.stop(name)
    assert client.describe(name).status == "STOPPING"
    assert [j.name for j in client.list_jobs(name_contains=name, status="STOPPING")] == [name]
    with pytest.raises(Exception) as early:
        client.delete(name)
    assert "only if its status is COMPLETED, FAILED or STOPPED" in str(early.value)
    stopped = client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    assert stopped.status == "STOPPED"
    with pytest.raises(Exception) as refused:
        client.stop(name)
    assert "cannot be stopped" in str(refused.value)
    client.delete(name)


def test_last_modified_time_follows_the_status(client, valid_request, local_models):
    """LastModifiedTime is "the time that the status ... was last modified": it stayed at the
    creation time, so LastModifiedTimeAfter missed every job that had ended since."""
    valid_request["CompilationJobName"] = name = unique("modified")
    client.submit(valid_request)
    created = client.client.describe_compilation_job(CompilationJobName=name)["CreationTime"]
    client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    ended = client.client.describe_compilation_job(CompilationJobName=name)
    assert ended["LastModifiedTime"] == ended["CompilationEndTime"] > created
    since = client.client.list_compilation_jobs(NameContains=name, LastModifiedTimeAfter=created)
    assert [j["CompilationJobName"] for j in since["CompilationJobSummaries"]] == [name]
    assert "DerivedInformation" not in ended  # moto's placeholder text, no derived shapes
    assert "ModelDigests" not in ended  # simulated: no artifact, so no digest of one


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            {"OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": "jetson_nope"}},
            "targetDevice",
        ),
        (
            {
                "OutputConfig": {
                    "S3OutputLocation": "s3://b/o",
                    "TargetDevice": "ml_c5",
                    "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"},
                }
            },
            "mutually exclusive",
        ),
        (
            {
                "OutputConfig": {
                    "S3OutputLocation": "s3://b/o",
                    "TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"},
                }
            },
            "at 'outputConfig.targetPlatform.arch'",
        ),
        ({"CompilationJobName": "bad_name"}, "at 'compilationJobName'"),
    ],
)
def test_server_rejects_what_sagemaker_rejects(local_url, valid_request, change, named):
    """Enums, both/neither targets and the name pattern fail with ValidationException."""
    sagemaker, _ = make_clients(Connection(None, "us-east-1", local_url, True))
    valid_request.update(change)
    if valid_request["CompilationJobName"] == "neo-test-job":
        valid_request["CompilationJobName"] = unique("bad")
    with pytest.raises(ClientError) as error:
        sagemaker.create_compilation_job(**valid_request)
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert named in error.value.response["Error"]["Message"]


def test_duplicate_name_is_resource_in_use(local_url, valid_request):
    """A second create with the same name answers ResourceInUse, as SageMaker does."""
    client = sagemaker_client(endpoint_url=local_url)
    valid_request["CompilationJobName"] = unique("dup")
    client.create_compilation_job(**valid_request)
    with pytest.raises(ClientError) as error:
        client.create_compilation_job(**valid_request)
    assert error.value.response["Error"]["Code"] == "ResourceInUse"


def test_a_simulated_job_whose_model_is_not_in_s3_fails_as_on_sagemaker(
    client, valid_request, local_models
):
    """SageMaker fetches the model first: a job whose model is missing fails after STARTING,
    saying what is missing; it used to complete when the framework was only simulated."""
    for uri, missing in (
        (f"s3://my-bucket/absent/{unique()}.tar.gz", "no such object in bucket 'my-bucket'"),
        (f"s3://{unique('no-bucket')}/model.tar.gz", "the local endpoint's S3 has no bucket"),
    ):
        name = valid_request["CompilationJobName"] = unique("nomodel")
        valid_request["InputConfig"]["S3Uri"] = uri
        client.submit(valid_request)
        done = client.wait(name, poll_seconds=0.2, timeout_seconds=30)
        assert done.status == "FAILED"
        assert f"The model {uri} cannot be read" in done.failure_reason
        assert missing in done.failure_reason
    # an https:// address the local S3 cannot look up: simulated as before, not failed
    name = valid_request["CompilationJobName"] = unique("https")
    valid_request["InputConfig"]["S3Uri"] = "https://my-bucket.s3.amazonaws.com/m.tar.gz"
    client.submit(valid_request)
    assert client.wait(name, poll_seconds=0.2, timeout_seconds=30).status == "COMPLETED"


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("describe_compilation_job", {"CompilationJobName": "my_job"}),
        ("stop_compilation_job", {"CompilationJobName": "-lead"}),
        ("delete_compilation_job", {"CompilationJobName": "a" * 64}),
        ("list_compilation_jobs", {"StatusEquals": "Completed"}),
        ("list_compilation_jobs", {"SortOrder": "desc"}),
        ("list_compilation_jobs", {"MaxResults": 101}),
    ],
)
def test_other_operations_refuse_what_their_constraints_refuse(client, operation, params):
    """The server alone checks enums, patterns and maximums: a malformed job name was
    ResourceNotFound here, a status in the wrong case an empty list; SageMaker answers
    ValidationException, naming the constraint."""
    with pytest.raises(ClientError) as refused:
        getattr(client.client, operation)(**params)
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert "failed to satisfy constraint" in error["Message"]


def test_list_tags_of_a_job_deleted_meanwhile_is_a_refusal_not_a_crash(client, valid_request):
    """ListTags on the ARN of a job that is gone crashed moto (HTTP 500, retried four times,
    then "SageMaker had an internal error" on the Jobs page); it is refused as not found."""
    valid_request["CompilationJobName"] = name = unique("tags")
    arn = client.submit(valid_request).arn
    client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    client.delete(name)
    with pytest.raises(ClientError) as refused:
        client.client.list_tags(ResourceArn=arn)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert f"Could not find compilation-job with name {name}" in str(refused.value)


def test_a_simulated_job_past_its_max_runtime_fails_with_a_timeout(
    client, valid_request, local_models, monkeypatch
):
    """StoppingCondition: "if the job does not complete during this time, a TimeOut error is
    generated"; a simulation longer than MaxRuntimeInSeconds ran on and COMPLETED."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "6")
    valid_request["CompilationJobName"] = name = unique("timeout")
    valid_request["StoppingCondition"] = {"MaxRuntimeInSeconds": 2}
    client.submit(valid_request)
    done = client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    assert done.status == "FAILED"
    assert done.failure_reason.startswith("TimeOut") and "(2 s)" in done.failure_reason
    described = client.client.describe_compilation_job(CompilationJobName=name)
    took = described["CompilationEndTime"] - described["CreationTime"]
    assert 1.9 <= took.total_seconds() <= 2.1
