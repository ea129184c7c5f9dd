"""The SageMaker client wrapper: submit, describe, list, stop, delete and wait, typed answers.

It takes an injected boto3 client (`NeoClient.from_connection` uses the connection's shared one);
every AWS failure leaves it as an `AwsError` (`core.aws.errors`). The job name is the idempotency
key: an existing job with the same name and request counts as submitted, never as a second job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from core.aws.connection import LOCAL_IDENTITY, Connection, client_identity, shared_client
from core.aws.errors import UNREADABLE, no_answer, translate
from core.aws.responses import JobDescription, JobSummary
from core.errors import AwsError, quote
from core.spec import service

COMPARED_FIELDS = ("RoleArn", "InputConfig", "OutputConfig", "ModelPackageVersionArn")
PAGE_SIZE = 100
"""ListCompilationJobs' largest page."""
MAX_LISTED = 500
"""A page of the UI lists at most this many jobs (five calls); filters find older ones."""


@dataclass(frozen=True)
class SubmitResult:
    job_name: str
    arn: str | None
    already_existed: bool = False


@dataclass(frozen=True)
class JobListing:
    """Job summaries, newest first, and whether more exist than were listed."""

    jobs: list[JobSummary]
    truncated: bool = False


def name_filter_problem(text: str) -> str | None:
    """Why no job name can contain text (None when one can): ListCompilationJobs refuses such
    a NameContains with a ValidationException, so it is said before any call."""
    if service.limit("NameContains", "ListCompilationJobs").check(text, "NameContains") is None:
        return None
    return (
        f"No job name contains {quote(text)}: a job name holds only ASCII letters, digits and "
        "hyphens, 63 at most."
    )


def same_request(sent: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two requests would create the same job (name, tags and limits aside)."""
    return all(sent.get(key) == other.get(key) for key in COMPARED_FIELDS if key in sent)


class _Unavailable:
    """Stands in for a boto3 client that could not be built: every call answers the reason."""

    def __init__(self, error: AwsError) -> None:
        self._error = error

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def fail(*_: Any, **__: Any) -> Any:
            raise self._error

        return fail


class NeoClient:
    """Compilation-job calls on an injected boto3 SageMaker client.

    `endpoint` names where the calls go, for the store: "local" for the simulation (whose port
    changes on every start), else the client's region and actual endpoint URL.
    """

    def __init__(self, sagemaker_client: Any, endpoint: str | None = None) -> None:
        self.client = sagemaker_client
        self.endpoint = endpoint or client_identity(sagemaker_client)
        self.error: AwsError | None = None

    @classmethod
    def from_connection(cls, conn: Connection) -> NeoClient:
        """A client for the connection; AwsError when it cannot be built (bad URL, no profile).

        The boto3 client under it is the process's shared one for the connection
        (`shared_client`); this wrapper is the caller's own."""
        sagemaker = shared_client(conn, "sagemaker")
        return cls(sagemaker, LOCAL_IDENTITY if conn.local else None)

    @classmethod
    def unavailable(cls, error: AwsError, endpoint: str) -> NeoClient:
        """A client that answers every call with `error`, for callers that must not fail early."""
        neo = cls(_Unavailable(error), endpoint)
        neo.error = error
        return neo

    @property
    def endpoint_url(self) -> str | None:
        """The URL calls actually go to (botocore's resolution, env and config file included)."""
        return None if self.error else self.client.meta.endpoint_url

    def _call(self, operation: str, **params: Any) -> Any:
        try:
            response = getattr(self.client, operation)(**params)
        except (ClientError, BotoCoreError, *UNREADABLE) as exc:
            raise translate(exc) from None
        return self._answer(operation, response)

    def _answer(self, operation: str, response: Any) -> Any:
        """response, when it holds any field of the operation's answer. A 200 whose body is no
        answer (a proxy's page, an empty body) reaches here as one with no fields, and the Jobs
        page said "No compilation jobs yet". Only "none at all" is refused: botocore calls
        fields required that SageMaker leaves out (FailureReason of a job that did not fail)."""
        api_name = self.client.meta.method_to_api_mapping[operation]
        shape = self.client.meta.service_model.operation_model(api_name).output_shape
        if shape is None or any(name in response for name in shape.members):
            return response
        raise no_answer(api_name)

    def submit(self, request: dict[str, Any]) -> SubmitResult:
        """Creates the job; an existing job with this name and this request counts as success."""
        name = request["CompilationJobName"]
        try:
            response = self._call("create_compilation_job", **request)
        except AwsError as error:
            if error.code != "ResourceInUse":
                raise
            existing = self.describe(name)
            if not same_request(request, existing.request):
                raise
            return SubmitResult(name, existing.arn or None, already_existed=True)
        return SubmitResult(name, response.get("CompilationJobArn"))

    def describe(self, name: str) -> JobDescription:
        response = self._call("describe_compilation_job", CompilationJobName=name)
        return JobDescription.from_api(response)

    def tags(self, arn: str) -> list[dict[str, str]]:
        """A job's tags, which DescribeCompilationJob does not return (a resource has 50 at
        most: one page of ListTags)."""
        response = self._call("list_tags", ResourceArn=arn, MaxResults=100)
        return [{"Key": t["Key"], "Value": t["Value"]} for t in response.get("Tags", [])]

    def listing(
        self,
        status: str | None = None,
        name_contains: str | None = None,
        limit: int | None = MAX_LISTED,
    ) -> JobListing:
        """Newest first through botocore's paginator, pages of 100, at most `limit` jobs."""
        params: dict[str, Any] = {"SortBy": "CreationTime", "SortOrder": "Descending"}
        if status:
            params["StatusEquals"] = status
        if name_contains:
            params["NameContains"] = name_contains
        pagination: dict[str, Any] = {"PageSize": PAGE_SIZE}
        if limit:
            pagination["MaxItems"] = limit
        try:
            pages = self.client.get_paginator("list_compilation_jobs").paginate(
                **params, PaginationConfig=pagination
            )
            result = self._answer("list_compilation_jobs", pages.build_full_result())
        except (ClientError, BotoCoreError, *UNREADABLE) as exc:
            raise translate(exc) from None
        summaries = result.get("CompilationJobSummaries", [])
        return JobListing([JobSummary.from_api(s) for s in summaries], "NextToken" in result)

    def list_jobs(
        self,
        status: str | None = None,
        name_contains: str | None = None,
        limit: int | None = MAX_LISTED,
    ) -> list[JobSummary]:
        """The jobs of `listing()`, newest first."""
        return self.listing(status, name_contains, limit).jobs

    def list_named(self, names: Collection[str]) -> JobListing:
        """The summaries of these jobs (a fleet's), in one listing narrowed by their common
        prefix rather than one describe each."""
        wanted = set(names)
        if not wanted:
            return JobListing([])
        first, last = min(wanted), max(wanted)  # the common prefix of all is theirs
        pairs = enumerate(zip(first, last, strict=False))
        prefix = first[: next((i for i, (a, b) in pairs if a != b), len(first))]
        listed = self.listing(name_contains=prefix or None)
        jobs = [job for job in listed.jobs if job.name in wanted]
        return JobListing(jobs, truncated=listed.truncated and len(jobs) < len(wanted))

    def stop(self, name: str) -> None:
        self._call("stop_compilation_job", CompilationJobName=name)

    def delete(self, name: str) -> None:
        self._call("delete_compilation_job", CompilationJobName=name)

    def wait(
        self,
        name: str,
        poll_seconds: float = 5.0,
        timeout_seconds: float = 3600.0,
        on_poll: Callable[[JobDescription], None] | None = None,
    ) -> JobDescription:
        """Polls until the job ends (botocore has no waiter for compilation jobs)."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            job = self.describe(name)
            if on_poll is not None:
                on_poll(job)
            if not job.running:
                return job
            if time.monotonic() >= deadline:
                raise AwsError(
                    "Timeout",
                    f"Job {name} had not finished after "
                    f"{timeout_seconds:g} seconds; it is still running.",
                    retryable=True,
                )
            time.sleep(poll_seconds)


def matching(
    jobs: list[JobSummary], status: str | None = None, name_contains: str | None = None
) -> list[JobSummary]:
    """The summaries that pass the Jobs page's filters, as ListCompilationJobs would apply them."""
    needle = (name_contains or "").lower()
    return [
        job for job in jobs if (not status or job.status == status) and needle in job.name.lower()
    ]


def console_url(region: str, job_name: str) -> str:
    return (
        f"https://{region}.console.aws.amazon.com/sagemaker/home?region={region}"
        f"#/compilation-jobs/{job_name}"
    )
