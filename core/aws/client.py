"""The SageMaker client wrapper: submit, describe, list, stop, delete, wait, and error mapping.

Every AWS failure leaves this module as an `AwsError` with a code, a sentence a person can act on,
whether retrying can help, and the request field it concerns when AWS names one. The job name is
the idempotency key: a second click, a reload or a retry never creates a second job.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    CredentialRetrievalError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ProfileNotFound,
    ReadTimeoutError,
    SSOError,
    TokenRetrievalError,
)

from core import catalog
from core.connection import (
    LOCAL_IDENTITY,
    Connection,
    client_identity,
    endpoint_url_problem,
    make_client,
)
from core.errors import AwsError
from core.store import JobRecord, Store

TERMINAL_STATES = frozenset({"COMPLETED", "FAILED", "STOPPED"})
COMPARED_FIELDS = ("RoleArn", "InputConfig", "OutputConfig", "ModelPackageVersionArn")
PAGE_SIZE = 100
"""ListCompilationJobs' largest page."""
MAX_LISTED = 500
"""A page of the UI lists at most this many jobs (five calls); filters find older ones."""

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


_AT_PATH = re.compile(r"\bat '([^']+)'")


def _api_path(raw: str) -> str:
    """AWS's `outputConfig.targetPlatform.arch` or `tags.1.member.key` as the request's own
    spelling (`OutputConfig.TargetPlatform.Arch`, `Tags[0].Key`), walked through botocore's model;
    empty when the path is not a CreateCompilationJob field."""
    shape: Any = catalog.create_operation().input_shape
    parts: list[str] = []
    for segment in raw.split("."):
        if segment == "member":
            continue
        if segment.isdigit() and parts and shape.type_name == "list":
            parts[-1] += f"[{max(int(segment) - 1, 0)}]"  # AWS counts list members from 1
            shape = shape.member
            continue
        if shape.type_name != "structure":
            break
        name = {member.lower(): member for member in shape.members}.get(segment.lower())
        if name is None:
            return ".".join(parts)
        parts.append(name)
        shape = shape.members[name]
    return ".".join(parts)


def field_named(text: str) -> str:
    """The request field an AWS message names, if any.

    The `at 'outputConfig.targetDevice'` of a ValidationException is exact, so it wins; keywords
    in free text (e.g. "Unsupported framework version") are the fallback.
    """
    for match in _AT_PATH.finditer(text):
        path = _api_path(match.group(1))
        if path:
            return path
    squashed = re.sub(r"[^a-z]", "", text.lower())
    for hint, path in _FIELD_HINTS:
        if hint in squashed:
            return path
    return ""


EXPIRED_SIGN_IN = (
    "Your AWS credentials have expired or are not valid. Sign in again (for an SSO profile: "
    "`aws sso login`, with `--profile NAME` for a named profile) and retry."
)


def translate(exc: BaseException) -> AwsError:
    """An AWS or network failure as a sentence; never lets a botocore exception through."""
    if isinstance(exc, AwsError):
        return exc
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "Unknown"))
        text = str(error.get("Message", "")).strip()
        return _client_error(code, text, exc.operation_name)
    if isinstance(exc, (SSOError, TokenRetrievalError, CredentialRetrievalError)):
        # SSOTokenLoadError and UnauthorizedSSOTokenError are SSOErrors: an expired SSO login
        return AwsError(type(exc).__name__, EXPIRED_SIGN_IN, aws_message=str(exc))
    if isinstance(exc, ProfileNotFound):
        profile = exc.kwargs.get("profile", "")
        return AwsError(
            "ProfileNotFound",
            f"The AWS profile '{profile}' is not in your AWS config files. Choose another "
            "profile on Settings.",
        )
    if isinstance(exc, ValueError) and str(exc).startswith("Invalid endpoint"):
        url = str(exc).partition(":")[2].strip()
        return AwsError(
            "InvalidEndpoint",
            (endpoint_url_problem(url) or f"The endpoint URL '{url}' is not valid.")
            + " Fix it on Settings.",
        )
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
        url = exc.kwargs.get("endpoint_url") or "endpoint"
        return AwsError(
            "EndpointUnreachable",
            f"The AWS endpoint {url} cannot be reached. Check "
            "your network, region and endpoint URL on Settings.",
            retryable=True,
        )
    if isinstance(exc, BotoCoreError):
        return AwsError("ClientError", f"The AWS client failed: {exc}.")
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return AwsError("Unexpected", f"The call failed unexpectedly ({detail}). Try again.")


def _permission(operation: str | None) -> str:
    """The IAM action an operation needs, for the AccessDenied sentence."""
    if not operation:
        return "the SageMaker action it tried"
    service = "sts" if operation == "GetCallerIdentity" else "sagemaker"
    if operation == "CreateCompilationJob":
        return "sagemaker:CreateCompilationJob (and iam:PassRole on the role)"
    return f"{service}:{operation}"


def _client_error(code: str, text: str, operation: str | None = None) -> AwsError:
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
            f"Your AWS identity is not allowed to do this. It needs {_permission(operation)}."
            + said,
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
        return AwsError(code, EXPIRED_SIGN_IN + said, aws_message=text)
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


@dataclass(frozen=True)
class JobListing:
    """Job summaries, newest first, and whether more exist than were listed."""

    jobs: list[dict[str, Any]]
    truncated: bool = False


def _same_request(sent: dict[str, Any], described: dict[str, Any]) -> bool:
    return all(sent.get(key) == described.get(key) for key in COMPARED_FIELDS if key in sent)


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
        """A client for the connection; AwsError when it cannot be built (bad URL, no profile)."""
        sagemaker = make_client(conn, "sagemaker")
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
            result = pages.build_full_result()
        except (ClientError, BotoCoreError) as exc:
            raise translate(exc) from None
        return JobListing(
            list(result.get("CompilationJobSummaries", [])), truncated="NextToken" in result
        )

    def list_jobs(
        self,
        status: str | None = None,
        name_contains: str | None = None,
        limit: int | None = MAX_LISTED,
    ) -> list[dict[str, Any]]:
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
        jobs = [job for job in listed.jobs if job["CompilationJobName"] in wanted]
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


def matching(
    jobs: list[dict[str, Any]], status: str | None = None, name_contains: str | None = None
) -> list[dict[str, Any]]:
    """The summaries that pass the Jobs page's filters, as ListCompilationJobs would apply them."""
    needle = (name_contains or "").lower()
    return [
        job
        for job in jobs
        if (not status or job.get("CompilationJobStatus") == status)
        and needle in job["CompilationJobName"].lower()
    ]


_ON_THE_WIRE: set[tuple[str, str]] = set()
_ON_THE_WIRE_LOCK = threading.Lock()
"""(endpoint, job name) of the CreateCompilationJob calls this process is waiting on.

Process state, not user state: it tells a 'pending' record whose call is still running (wait for
it) from one whose call died with its run or its process (settle it by asking SageMaker)."""


def on_the_wire(endpoint: str, job_name: str) -> bool:
    with _ON_THE_WIRE_LOCK:
        return (endpoint, job_name) in _ON_THE_WIRE


def submit_and_record(
    client: NeoClient,
    store: Store,
    request: dict[str, Any],
    fleet: str | None = None,
) -> SubmitResult:
    """Records the submission before the call and its outcome after, so nothing is lost.

    Records are kept per endpoint (`client.endpoint`): a job sent to the simulation says nothing
    about AWS. A name the store already records as submitted there with this request is not sent
    again.
    """
    name = request["CompilationJobName"]
    endpoint = client.endpoint
    known = store.get_job(name, endpoint)
    if known is not None and known.state == "submitted":
        if _same_request(request, known.request):
            return SubmitResult(name, known.arn, already_existed=True)
        raise AwsError(
            "ResourceInUse",
            f"A job named {name} was already submitted with another "
            "request. Give this one a new name.",
            path="CompilationJobName",
        )
    store.record_submission(name, request, endpoint, fleet)
    with _ON_THE_WIRE_LOCK:
        _ON_THE_WIRE.add((endpoint, name))
    try:
        result = client.submit(request)
    except Exception as exc:  # whatever failed, the record says so and the caller gets a sentence
        error = translate(exc)
        store.mark_failed(name, error.code, error.message, endpoint=endpoint)
        raise error from None
    finally:
        with _ON_THE_WIRE_LOCK:
            _ON_THE_WIRE.discard((endpoint, name))
    store.mark_submitted(name, result.arn, endpoint=endpoint)
    return result


def reconcile(client: NeoClient, store: Store) -> int:
    """Settles records left 'pending' by a crash between the record and the call's answer.

    Only records made against this client's endpoint are looked up there; a record whose call
    this process is still waiting on is left to that call.
    """
    records = store.list_jobs(endpoint=client.endpoint)
    return sum(settle(client, store, r) for r in records if r.state == "pending")


def settle(client: NeoClient, store: Store, record: JobRecord) -> bool:
    """Asks SageMaker what became of a pending record whose call died; True when it is settled.

    A job SageMaker knows was created; one it does not know never was. Any other answer (no
    network, no credentials) leaves the record pending: resubmitting is safe either way, since
    the job name keeps a second job from being created.
    """
    if record.state != "pending" or on_the_wire(record.endpoint, record.job_name):
        return False
    try:
        job = client.describe(record.job_name)
    except AwsError as exc:
        if exc.code not in ("ResourceNotFound", "ResourceNotFoundException", "ValidationException"):
            return False
        store.mark_failed(
            record.job_name,
            "NotCreated",
            "The app stopped before SageMaker created this job.",
            endpoint=record.endpoint,
        )
        return True
    store.mark_submitted(record.job_name, job.get("CompilationJobArn"), endpoint=record.endpoint)
    return True


def console_url(region: str, job_name: str) -> str:
    return (
        f"https://{region}.console.aws.amazon.com/sagemaker/home?region={region}"
        f"#/compilation-jobs/{job_name}"
    )
