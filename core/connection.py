"""Which SageMaker the app talks to: AWS through the standard credential chain, or the local one.

Credentials come only from botocore's chain (environment, shared profiles, SSO, instance role);
nothing here reads, shows or stores a secret. Without credentials the app uses the embedded local
endpoint, a simulation, and every label says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core import sandbox

LOCAL_ENV = "NEO_LOCAL"
DEFAULT_REGION = "us-east-1"
RETRIES = {"mode": "standard", "max_attempts": 5}
LOCAL_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
"""Dummy keys that only the local simulation ever sees; moto ignores them."""


@dataclass(frozen=True)
class Connection:
    """An endpoint choice; holds no credentials, so it is safe to show and to keep."""

    profile: str | None
    region: str
    endpoint_url: str | None
    local: bool

    @property
    def label(self) -> str:
        if self.local:
            return (
                f"Local simulation (moto) at {self.endpoint_url}, account "
                f"{sandbox.ACCOUNT_ID}, {self.region}"
            )
        where = f"AWS {self.region}, profile {self.profile or 'default chain'}"
        endpoint = self.endpoint_url or os.environ.get("AWS_ENDPOINT_URL_SAGEMAKER")
        return f"{where}, endpoint {endpoint}" if endpoint else where


def available_profiles() -> list[str]:
    return list(boto3.session.Session().available_profiles)


def sagemaker_regions() -> list[str]:
    """botocore's list of regions where SageMaker is offered."""
    return sorted(boto3.session.Session().get_available_regions("sagemaker"))


def has_credentials(profile: str | None = None) -> bool:
    """Whether the standard chain finds credentials; only their presence is looked at."""
    try:
        session = botocore.session.Session(profile=profile)
        return session.get_credentials() is not None
    except BotoCoreError:
        return False


def local_connection() -> Connection:
    return Connection(None, sandbox.REGION, sandbox.local_endpoint(), True)


def default_connection() -> Connection:
    """AWS when the chain has credentials (and NEO_LOCAL is not set), else the simulation."""
    if os.environ.get(LOCAL_ENV) == "1" or not has_credentials():
        return local_connection()
    session = boto3.session.Session()
    return Connection(
        session.profile_name if os.environ.get("AWS_PROFILE") else None,
        session.region_name or DEFAULT_REGION,
        None,
        False,
    )


def client_config() -> Config:
    """Retries in botocore's standard mode handle throttling and 5xx before the user sees them."""
    return Config(retries=dict(RETRIES), connect_timeout=5, read_timeout=30)


def make_clients(conn: Connection) -> tuple[Any, Any]:
    """(sagemaker, sts) clients for a connection."""
    config = client_config()
    if conn.local:
        kwargs: dict[str, Any] = {
            "region_name": conn.region,
            "endpoint_url": conn.endpoint_url,
            "config": config,
            **LOCAL_CREDENTIALS,
        }
        return boto3.client("sagemaker", **kwargs), boto3.client("sts", **kwargs)
    session = boto3.session.Session(profile_name=conn.profile, region_name=conn.region)
    extra = {"endpoint_url": conn.endpoint_url} if conn.endpoint_url else {}
    return (
        session.client("sagemaker", config=config, **extra),
        session.client("sts", config=config),
    )


def test_connection(conn: Connection) -> str:
    """A sentence naming the caller and saying SageMaker answers; AwsError when it does not."""
    from core.sagemaker import translate

    sagemaker, sts = make_clients(conn)
    try:
        identity = sts.get_caller_identity()
        sagemaker.list_compilation_jobs(MaxResults=1)
    except (ClientError, BotoCoreError) as exc:
        raise translate(exc) from None
    prefix = "Simulation: " if conn.local else ""
    return (
        f"{prefix}Connected as {identity['Arn']} (account {identity['Account']}); "
        f"SageMaker answers in {conn.region}."
    )
