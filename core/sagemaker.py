"""The SageMaker client wrapper: submit, describe, list, stop, delete, wait, and error mapping.

Every AWS failure leaves this module as an `AwsError` with a code, a sentence a person can act on,
whether retrying can help, and the request field it concerns when AWS names one. The job name is
the idempotency key: a second click, a reload or a retry never creates a second job.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ReadTimeoutError,
)

from core.connection import Connection, make_clients
from core.errors import AwsError
from core.store import Store

TERMINAL_STATES = frozenset({"COMPLETED", "FAILED", "STOPPED"})
COMPARED_FIELDS = ("RoleArn", "InputConfig", "OutputConfig", "ModelPackageVersionArn")

_FIELD_HINTS = (
    ("targetdevice", "OutputConfig.TargetDevice"),
    ("targetplatform", "OutputConfig.TargetPlatform"),
    ("compileroptions", "OutputConfig.CompilerOptions"),
    ("s3outputlocation", "OutputConfig.S3OutputLocation"),
    ("kmskeyid", "OutputConfig.KmsKeyId"),
    ("datainputconfig", "InputConfig.DataInputConfig"),
    ("frameworkversion", "InputConfig.FrameworkVersion"),
    ("framework", "InputConfig.Framework"),
    ("s3uri", "InputConfig.S3Uri"),
    ("compilationjobname", "CompilationJobName"),
    ("rolearn", "RoleArn"),
    ("vpcconfig", "VpcConfig"),
    ("stoppingcondition", "StoppingCondition"),
    ("tags", "Tags"),
)


def field_named(text: str) -> str:
    """The request field an AWS message names (e.g. 'outputConfig.targetDevice'), if any."""
    squashed = re.sub(r"[^a-z]", "", text.lower())
    for hint, path in _FIELD_HINTS:
        if hint in squashed:
            return path
    return ""


def translate(exc: Exception) -> AwsError:
    """An AWS or network failure as a sentence; never lets a botocore exception through."""
    if isinstance(exc, AwsError):
        return exc
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "Unknown"))
        text = str(error.get("Message", "")).strip()
        return _client_error(code, text)
    if isinstance(exc, NoCredentialsError):
        return AwsError(
            "NoCredentials",
            "No AWS credentials were found. Sign in (for example "
            "`aws sso login` or `aws configure`) or choose the local endpoint on "
            "Settings.",
        )
    if isinstance(exc, NoRegionError):
        return AwsError("NoRegion", "No AWS region is set; choose one on Settings.")
    if isinstance(exc, (ReadTimeoutError, ConnectTimeoutError)):
        return AwsError(
            "Timeout",
            "SageMaker did not answer in time. Check your network and "
            "try again; the job name protects against a duplicate.",
            retryable=True,
        )
    if isinstance(exc, (EndpointConnectionError, ConnectionClosedError)):
        return AwsError(
            "EndpointUnreachable",
            "The SageMaker endpoint cannot be reached. Check "
            "your network, region and endpoint URL on Settings.",
            retryable=True,
        )
    if isinstance(exc, BotoCoreError):
        return AwsError("ClientError", f"The AWS client failed: {exc}.")
    return AwsError("Unexpected", f"Unexpected failure: {exc}.")


def _client_error(code: str, text: str) -> AwsError:
    said = f" AWS said: {text}" if text else ""
    if code in (
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
    ):
        return AwsError(
            code,
            "SageMaker is throttling requests and the automatic retries ran "
            "out. Wait a minute and submit again; your draft is kept.",
            retryable=True,
            aws_message=text,
        )
    if code in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation"):
        return AwsError(
            code,
            "Your AWS identity is not allowed to do this. It needs "
            "sagemaker:CreateCompilationJob (and iam:PassRole on the role)." + said,
            aws_message=text,
        )
    if code in ("ValidationException", "ValidationError"):
        return AwsError(
            code,
            f"SageMaker rejected the request: {text or 'validation failed'}",
            path=field_named(text),
            aws_message=text,
        )
    if code == "ResourceLimitExceeded":
        return AwsError(
            code,
            "Your account has reached a SageMaker limit (for example, "
            "concurrent compilation jobs). Wait for jobs to finish or ask for a "
            "higher quota." + said,
            aws_message=text,
        )
    if code in (
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
    ):
        return AwsError(
            code,
            "Your AWS credentials have expired or are not valid. Sign in "
            "again (for example `aws sso login`) and retry." + said,
            aws_message=text,
        )
    if code in ("ResourceNotFound", "ResourceNotFoundException"):
        return AwsError(code, f"SageMaker has no such job.{said}", aws_message=text)
    if code == "ResourceInUse":
        return AwsError(
            code,
            "A compilation job with this name already exists. Give the job a new name." + said,
            path="CompilationJobName",
            aws_message=text,
        )
    if code.startswith(("InternalFailure", "ServiceUnavailable", "InternalServer")):
        return AwsError(
            code,
            "SageMaker had an internal error, even after retries. Try again shortly." + said,
            retryable=True,
            aws_message=text,
        )
    return AwsError(code, f"SageMaker answered {code}.{said}", aws_message=text)


@dataclass(frozen=True)
class SubmitResult:
    job_name: str
    arn: str | None
    already_existed: bool = False


def _same_request(sent: dict[str, Any], described: dict[str, Any]) -> bool:
    return all(sent.get(key) == described.get(key) for key in COMPARED_FIELDS if key in sent)


class NeoClient:
    """Compilation-job calls on an injected boto3 SageMaker client."""

    def __init__(self, sagemaker_client: Any) -> None:
        self.client = sagemaker_client

    @classmethod
    def from_connection(cls, conn: Connection) -> NeoClient:
        return cls(make_clients(conn)[0])

    def _call(self, operation: str, **params: Any) -> Any:
        try:
            return getattr(self.client, operation)(**params)
        except (ClientError, BotoCoreError) as exc:
            raise translate(exc) from None

    def submit(self, request: dict[str, Any]) -> SubmitResult:
        """Creates the job; an existing job with this name and this request counts as success."""
        name = request["CompilationJobName"]
        try:
            response = self.client.create_compilation_job(**request)
        except (ClientError, BotoCoreError) as exc:
            error = translate(exc)
            if error.code != "ResourceInUse":
                raise error from None
            existing = self.describe(name)
            if not _same_request(request, existing):
                raise error from None
            return SubmitResult(name, existing.get("CompilationJobArn"), already_existed=True)
        return SubmitResult(name, response.get("CompilationJobArn"))

    def describe(self, name: str) -> dict[str, Any]:
        response = dict(self._call("describe_compilation_job", CompilationJobName=name))
        response.pop("ResponseMetadata", None)
        return response

    def list_jobs(
        self, status: str | None = None, name_contains: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Newest first, through botocore's paginator."""
        params: dict[str, Any] = {"SortBy": "CreationTime", "SortOrder": "Descending"}
        if status:
            params["StatusEquals"] = status
        if name_contains:
            params["NameContains"] = name_contains
        if limit:
            params["PaginationConfig"] = {"MaxItems": limit}
        jobs: list[dict[str, Any]] = []
        try:
            for page in self.client.get_paginator("list_compilation_jobs").paginate(**params):
                jobs.extend(page.get("CompilationJobSummaries", []))
        except (ClientError, BotoCoreError) as exc:
            raise translate(exc) from None
        return jobs

    def stop(self, name: str) -> None:
        self._call("stop_compilation_job", CompilationJobName=name)

    def delete(self, name: str) -> None:
        self._call("delete_compilation_job", CompilationJobName=name)

    def wait(
        self,
        name: str,
        poll_seconds: float = 5.0,
        timeout_seconds: float = 3600.0,
        on_poll: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Polls until the job ends (botocore has no waiter for compilation jobs)."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            job = self.describe(name)
            if on_poll is not None:
                on_poll(job)
            if job.get("CompilationJobStatus") in TERMINAL_STATES:
                return job
            if time.monotonic() >= deadline:
                raise AwsError(
                    "Timeout",
                    f"Job {name} had not finished after "
                    f"{timeout_seconds:g} seconds; it is still running.",
                    retryable=True,
                )
            time.sleep(poll_seconds)


def submit_and_record(
    client: NeoClient,
    store: Store,
    request: dict[str, Any],
    endpoint_label: str,
    fleet: str | None = None,
) -> SubmitResult:
    """Records the submission before the call and its outcome after, so nothing is lost.

    A name the store already records as submitted with this request is not sent again.
    """
    name = request["CompilationJobName"]
    known = store.get_job(name)
    if known is not None and known.state == "submitted":
        if _same_request(request, known.request):
            return SubmitResult(name, known.arn, already_existed=True)
        raise AwsError(
            "ResourceInUse",
            f"A job named {name} was already submitted with another "
            "request. Give this one a new name.",
            path="CompilationJobName",
        )
    store.record_submission(name, request, endpoint_label, fleet)
    try:
        result = client.submit(request)
    except AwsError as exc:
        store.mark_failed(name, exc.code, exc.message)
        raise
    store.mark_submitted(name, result.arn)
    return result


def reconcile(client: NeoClient, store: Store, endpoint_label: str | None = None) -> int:
    """Settles records left 'pending' by a crash between the record and the call's answer.

    With endpoint_label, only records made against that endpoint are looked up there.
    """
    settled = 0
    for record in store.list_jobs():
        if record.state != "pending":
            continue
        if endpoint_label is not None and record.endpoint != endpoint_label:
            continue
        try:
            job = client.describe(record.job_name)
        except AwsError as exc:
            if exc.code in ("ResourceNotFound", "ResourceNotFoundException", "ValidationException"):
                store.mark_failed(
                    record.job_name,
                    "NotCreated",
                    "The app stopped before SageMaker created this job.",
                )
                settled += 1
            continue
        store.mark_submitted(record.job_name, job.get("CompilationJobArn"))
        settled += 1
    return settled


def console_url(region: str, job_name: str) -> str:
    return (
        f"https://{region}.console.aws.amazon.com/sagemaker/home?region={region}"
        f"#/compilation-jobs/{job_name}"
    )
