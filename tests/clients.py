"""A real botocore SageMaker client for tests: the product's retry and timeout config."""

from __future__ import annotations

from typing import Any

import boto3

from core.aws.connection import client_config


def sagemaker_client(region: str = "us-east-1", endpoint_url: str | None = None) -> Any:
    """Signed with throwaway keys: the local endpoint ignores them and a Stubber never sends."""
    return boto3.client(
        "sagemaker",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=client_config(),
    )
