"""AWS failures as values: every botocore exception becomes an AwsError with a sentence.

Each error carries a code, a sentence a person can act on, whether retrying can help, and the
request field it concerns when AWS names one; nothing botocore raises gets past `translate`.
"""

from __future__ import annotations

import re
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

from core.aws.endpoints import endpoint_url_problem
from core.errors import AwsError
from core.spec import service

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
    shape: Any = service.create_operation().input_shape
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
    "'aws sso login', with '--profile NAME' for a named profile) and retry."
)


UNREADABLE = (RuntimeError, ValueError, TypeError, OverflowError, AttributeError)
"""What a call raises besides botocore's own errors: its parser's for an answer it cannot read
("CreationTime": 1e20 crashed the Jobs page; a body of [1, 2] is an AttributeError), said as an
unexpected failure."""


def no_answer(operation: str) -> AwsError:
    """A success whose body holds none of the operation's fields: not SageMaker answering."""
    return AwsError(
        "NoAnswer",
        f"The endpoint answered {operation} with a success that holds no answer SageMaker "
        "gives (none of its fields): it may not be a SageMaker endpoint, or a proxy answered "
        "for it. Check the endpoint URL on Settings.",
    )


MAX_MESSAGE_CHARS = 2000
"""An error message from a server is cut to this: a 10 MB one was drawn whole."""


def _cut(text: str, limit: int) -> str:
    """A server's text within limit characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters in all)"


def translate(exc: BaseException) -> AwsError:
    """An AWS or network failure as a sentence; never lets a botocore exception through."""
    if isinstance(exc, AwsError):
        return exc
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "Unknown"))
        text = _cut(str(error.get("Message", "")).strip(), MAX_MESSAGE_CHARS)
        return _client_error(_cut(code, 200), text, exc.operation_name)
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
            "'aws sso login' or 'aws configure') or choose the local endpoint on "
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
    detail = f"{type(exc).__name__}: {_cut(str(exc), 200)}" if str(exc) else type(exc).__name__
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
        if "local endpoint" in text:  # the app's own simulation refused a key not its own
            return AwsError(
                code,
                "The local endpoint answers only the app process that started it; this call "
                "came with another key." + said,
                aws_message=text,
            )
        return AwsError(code, EXPIRED_SIGN_IN + said, aws_message=text)
    if code in ("ResourceNotFound", "ResourceNotFoundException"):
        return AwsError(code, f"SageMaker has no such job.{said}", aws_message=text)
    if code == "ResourceInUse" and operation not in (None, "CreateCompilationJob"):
        return AwsError(
            code,
            "SageMaker says the job is still in use (a job that runs cannot be deleted); "
            "stop it first, or wait until it ends." + said,
            aws_message=text,
        )
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
