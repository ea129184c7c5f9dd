"""S3 addresses and failures, as sentences: shared by reading a model from S3 and uploading one."""

from __future__ import annotations

import re
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
)

from core.errors import AwsError, quote

_URI = re.compile(r"^s3://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])/(.+)$")

_CODES = {
    "NoSuchBucket": "the bucket {bucket} does not exist (or is in another account)",
    "NoSuchKey": "there is no object at {uri}",
    "404": "there is no object at {uri}",
    "NotFound": "there is no object at {uri}",
    "AccessDenied": "access to {uri} is denied; the credentials need s3:{action} on it",
    "403": "access to {uri} is denied; the credentials need s3:{action} on it",
    "AllAccessDisabled": "all access to the bucket {bucket} is disabled",
    "InvalidAccessKeyId": "the AWS access key is not valid",
    "SignatureDoesNotMatch": "the AWS secret key does not match the access key",
    "ExpiredToken": "the AWS session token has expired; sign in again",
    "PermanentRedirect": "the bucket {bucket} is in another region; use that region's endpoint",
    "AuthorizationHeaderMalformed": "the bucket {bucket} is in another region than the client's",
    "EntityTooLarge": "the file is larger than S3 accepts in one upload",
    "SlowDown": "S3 is throttling requests; try again in a moment",
}


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """(bucket, key) of an s3://bucket/key address; a sentence when it is not one."""
    match = _URI.match(uri.strip())
    if not match or match.group(2).endswith("/"):
        raise AwsError(
            "InvalidUri",
            f"{quote(uri)} is not an S3 object address like s3://bucket/path/model.tar.gz.",
        )
    return match.group(1), match.group(2)


def s3_error(exc: BaseException, uri: str, action: str) -> AwsError:
    """One sentence for a failed S3 call (action: GetObject, PutObject)."""
    bucket = uri[5:].split("/", 1)[0] if uri.startswith("s3://") else ""
    verb = "Reading" if action == "GetObject" else "Uploading to"
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "") or "Unknown")
        template = _CODES.get(code)
        if template:
            reason = template.format(uri=uri, bucket=bucket, action=action)
        else:
            aws = str(error.get("Message", "") or code)
            reason = f"S3 answered {code} ({aws[:120]})"
        return AwsError(code, f"{verb} {uri} failed: {reason}.", aws_message=str(error))
    if isinstance(exc, NoCredentialsError):
        return AwsError("NoCredentials", f"{verb} {uri} failed: no AWS credentials are set up.")
    if isinstance(exc, EndpointConnectionError):
        return AwsError(
            "EndpointConnectionError",
            f"{verb} {uri} failed: S3 cannot be reached (no network, or a wrong endpoint).",
            retryable=True,
        )
    if isinstance(exc, BotoCoreError):
        text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        return AwsError(type(exc).__name__, f"{verb} {uri} failed: {text}.", retryable=True)
    return AwsError(type(exc).__name__, f"{verb} {uri} failed: {type(exc).__name__}.")


_ABSENT = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchBucket"})


def absent_object(client: Any, uri: str) -> str | None:
    """Why there is no object at uri, as a sentence; None when there is one, and when S3 does
    not say (no access, no network): a check that cannot tell stays quiet."""
    try:
        bucket, key = parse_s3_uri(uri)
        client.head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code", "")) in _ABSENT:
            return s3_error(exc, uri, "GetObject").message
    except (AwsError, BotoCoreError):
        pass
    return None
