"""botocore Stubber answers, one helper an operation, each owning the exact parameters the app
must send (`expected_params`); `error_code` turns the answer into that AWS fault instead.

Tests say what AWS answers, never how the request is spelled: if the app sends anything else,
the Stubber fails the call.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from botocore.stub import Stubber

from core.aws.client import PAGE_SIZE

ARN = "arn:aws:sagemaker:us-east-1:123456789012:compilation-job/neo-test-job"
CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LIST_PARAMS = {"SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": PAGE_SIZE}
"""What every listing sends: newest first, pages of 100."""


def _answer(
    stubber: Stubber,
    operation: str,
    response: dict[str, Any],
    expected: dict[str, Any],
    error_code: str | None,
    message: str,
    status: int,
) -> None:
    if error_code is None:
        stubber.add_response(operation, response, expected)
    else:
        stubber.add_client_error(
            operation,
            service_error_code=error_code,
            service_message=message or f"{error_code} from AWS",
            http_status_code=status,
            expected_params=expected,
        )


def stub_create_compilation_job(
    stubber: Stubber,
    request: dict[str, Any],
    *,
    arn: str = ARN,
    error_code: str | None = None,
    message: str = "",
    status: int = 400,
) -> None:
    """CreateCompilationJob, expecting exactly `request`."""
    _answer(
        stubber,
        "create_compilation_job",
        {"CompilationJobArn": arn},
        request,
        error_code,
        message,
        status,
    )


def described(request: dict[str, Any], status: str = "COMPLETED", **extra: Any) -> dict[str, Any]:
    """A DescribeCompilationJob answer for a job created from request."""
    answer: dict[str, Any] = {
        "CompilationJobName": request["CompilationJobName"],
        "CompilationJobArn": ARN,
        "CompilationJobStatus": status,
        "StoppingCondition": request.get("StoppingCondition", {"MaxRuntimeInSeconds": 900}),
        "CreationTime": CREATED,
        "LastModifiedTime": CREATED,
        "RoleArn": request["RoleArn"],
        "InputConfig": request["InputConfig"],
        "OutputConfig": request["OutputConfig"],
        "FailureReason": "",
        "ModelArtifacts": {"S3ModelArtifacts": ""},
    }
    answer.update(extra)
    return answer


def stub_describe_compilation_job(
    stubber: Stubber,
    name: str,
    answer: dict[str, Any] | None = None,
    *,
    error_code: str | None = None,
    message: str = "",
    status: int = 400,
) -> None:
    """DescribeCompilationJob of `name`, answering `answer` (see `described`)."""
    _answer(
        stubber,
        "describe_compilation_job",
        answer or {},
        {"CompilationJobName": name},
        error_code,
        message,
        status,
    )


def summary(name: str, status: str = "COMPLETED", **extra: Any) -> dict[str, Any]:
    """One ListCompilationJobs summary."""
    return {
        "CompilationJobName": name,
        "CompilationJobArn": f"{ARN}-{name}",
        "CreationTime": CREATED,
        "CompilationJobStatus": status,
        **extra,
    }


def stub_list_compilation_jobs(
    stubber: Stubber,
    summaries: list[dict[str, Any]] | None = None,
    *,
    next_token: str | None = None,
    token: str | None = None,
    status: str | None = None,
    name_contains: str | None = None,
    error_code: str | None = None,
    message: str = "",
    http_status: int = 400,
) -> None:
    """One page of ListCompilationJobs, asked with the app's filters (and `token` to resume)."""
    expected = dict(LIST_PARAMS)
    if status:
        expected["StatusEquals"] = status
    if name_contains:
        expected["NameContains"] = name_contains
    if token:
        expected["NextToken"] = token
    response: dict[str, Any] = {"CompilationJobSummaries": summaries or []}
    if next_token:
        response["NextToken"] = next_token
    _answer(stubber, "list_compilation_jobs", response, expected, error_code, message, http_status)


def stub_stop_compilation_job(
    stubber: Stubber, name: str, *, error_code: str | None = None, message: str = ""
) -> None:
    _answer(
        stubber,
        "stop_compilation_job",
        {},
        {"CompilationJobName": name},
        error_code,
        message,
        400,
    )


def stub_delete_compilation_job(
    stubber: Stubber, name: str, *, error_code: str | None = None, message: str = ""
) -> None:
    _answer(
        stubber,
        "delete_compilation_job",
        {},
        {"CompilationJobName": name},
        error_code,
        message,
        400,
    )


def stub_get_caller_identity(
    stubber: Stubber,
    *,
    account: str = "123456789012",
    arn: str = "arn:aws:iam::123456789012:user/neo",
    error_code: str | None = None,
    message: str = "",
) -> None:
    """STS GetCallerIdentity, which takes no parameters."""
    _answer(
        stubber,
        "get_caller_identity",
        {"Account": account, "Arn": arn, "UserId": "AIDEXAMPLEUSERID"},
        {},
        error_code,
        message,
        403,
    )
