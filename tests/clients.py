"""A real botocore SageMaker client for tests: the product's retry and timeout config."""

from __future__ import annotations

from typing import Any

import boto3

from core import local
from core.aws.connection import client_config

_LOOPBACK = ("http://127.0.0.1:", "http://localhost:")


def test_credentials(endpoint_url: str | None) -> dict[str, str]:
    """The local endpoint takes only this process's own key (`core.local.credentials`); AWS
    endpoints get throwaway keys, which a Stubber never sends."""
    if endpoint_url and endpoint_url.startswith(_LOOPBACK):
        return local.credentials()
    return {"aws_access_key_id": "x", "aws_secret_access_key": "x"}


def sagemaker_client(region: str = "us-east-1", endpoint_url: str | None = None) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=endpoint_url,
        region_name=region,
        config=client_config(),
        **test_credentials(endpoint_url),
    )


def local_clients(endpoint_url: str) -> tuple[Any, Any]:
    """(sagemaker, s3) clients for this process's local endpoint, with its credential."""
    return tuple(  # type: ignore[return-value]
        boto3.client(
            service,
            endpoint_url=endpoint_url,
            region_name="us-east-1",
            config=client_config(),
            **local.credentials(),
        )
        for service in ("sagemaker", "s3")
    )


def put_local_object(endpoint_url: str, uri: str, body: bytes = b"a model's bytes") -> None:
    """Puts an object at uri (s3://bucket/key) in the local endpoint's S3, its bucket made if
    need be: a job whose model is missing fails there, as on SageMaker."""
    _, s3 = local_clients(endpoint_url)
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=body)
