"""Which SageMaker the app talks to: AWS through the standard credential chain, or the local one.

Credentials come only from botocore's chain (environment, shared profiles, SSO, instance role);
nothing here reads, shows or stores a secret. Without credentials the app uses the embedded local
endpoint, a simulation, and every label says so.

A boto3 client is heavy (botocore builds a class with a method, an operation model and a
docstring for each of SageMaker's 434 operations: some 4,700 objects), and Streamlit keeps a
closed tab's session for its reconnect TTL, then collects the whole heap after every script run;
so the app's clients are shared by the sessions that use the same connection
(`shared_client`), not built per session.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core import local
from core.aws.endpoints import endpoint_url_problem, is_aws_endpoint
from core.aws.errors import translate

LOCAL_ENV = "NEO_LOCAL"
DEFAULT_REGION = "us-east-1"
LOCAL_IDENTITY = "local"
"""The store's name for the simulation: stable across restarts, unlike its random port."""

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 15
MAX_ATTEMPTS = 4
RETRIES = {"mode": "standard", "total_max_attempts": MAX_ATTEMPTS}
"""A person is waiting on a click: 4 attempts (3 retries) in botocore's standard mode absorb
throttling and 5xx, and the worst case before the Timeout message is about
4 x 15 s read + 7 s backoff (a minute), or 4 x 5 s connect + backoff when the network is down."""


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
                f"{local.ACCOUNT_ID}, {self.region}"
            )
        where = f"AWS {self.region}, profile {self.profile or 'default chain'}"
        return f"{where}, endpoint {self.endpoint_url}" if self.endpoint_url else where


def remembered(conn: Connection) -> str:
    """The text a connection is remembered by: the simulation without its port (a new one
    each start), AWS with its profile, region and endpoint (no credentials: it has none)."""
    if conn.local:
        return json.dumps({"local": True})
    return json.dumps(
        {"local": False, "profile": conn.profile, "region": conn.region, "url": conn.endpoint_url}
    )


def recalled(text: str | None) -> Connection | None:
    """The connection `remembered` wrote; None for nothing or anything it would not have written
    (a damaged store must not send requests anywhere unexpected)."""
    try:
        saved = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(saved, dict):
        return None
    if saved.get("local") is True:
        return local_connection()
    profile, region, url = saved.get("profile"), saved.get("region"), saved.get("url")
    if (
        saved.get("local") is not False
        or not isinstance(region, str)
        or region not in sagemaker_regions()
        or not (profile is None or isinstance(profile, str))
        or not (
            url is None or (isinstance(url, str) and url and not endpoint_url_problem(url, region))
        )
    ):
        return None
    return Connection(profile, region, url, False)


def available_profiles() -> list[str]:
    return list(boto3.session.Session().available_profiles)


@cache
def sagemaker_regions() -> tuple[str, ...]:
    """botocore's list of regions where SageMaker is offered: data that ships with botocore,
    read once (a new session re-parses its endpoint file, some 140 ms, on every Settings run)."""
    return tuple(sorted(boto3.session.Session().get_available_regions("sagemaker")))


def has_credentials(profile: str | None = None) -> bool:
    """Whether the standard chain finds credentials; only their presence is looked at."""
    try:
        session = botocore.session.Session(profile=profile)
        return session.get_credentials() is not None
    except BotoCoreError:
        return False


def local_connection() -> Connection:
    """The embedded simulation, started on first use (moto is imported only then)."""
    from core.local.server import local_endpoint  # not at import: moto takes a second to load

    return Connection(None, local.REGION, local_endpoint(), True)


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


def client_identity(client: Any) -> str:
    """The store's name for where a client sends its calls: region and actual endpoint URL."""
    return f"{client.meta.region_name} {client.meta.endpoint_url}"


def client_config() -> Config:
    """Retries in botocore's standard mode handle throttling and 5xx before the user sees them."""
    return Config(retries=dict(RETRIES), connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT)


def make_client(conn: Connection, service: str) -> Any:
    """One boto3 client for a connection; a failure to build it is an AwsError, as calls are.

    For AWS the endpoint is the one botocore resolves (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>,
    `endpoint_url` in the profile) unless Settings names one (`custom_endpoint`).
    """
    try:
        config = client_config()
        if conn.local:
            return boto3.client(
                service,
                region_name=conn.region,
                endpoint_url=conn.endpoint_url,
                config=config,
                **local.credentials(),  # the simulation answers this process's key only
            )
        session = boto3.session.Session(profile_name=conn.profile, region_name=conn.region)
        custom = custom_endpoint(conn, service)
        extra = {"endpoint_url": custom} if custom else {}
        return session.client(service, config=config, **extra)
    except Exception as exc:  # ValueError (bad URL), ProfileNotFound, ...: all become sentences
        raise translate(exc) from None


def custom_endpoint(conn: Connection, service: str) -> str | None:
    """The endpoint Settings names, for SageMaker and, unless it is one of AWS's own hosts, for
    STS too: a simulator (moto, LocalStack) answers every service on one URL, and asking real STS
    who the caller is would name another account than the one the jobs go to; an AWS host (a VPC
    or FIPS endpoint of SageMaker) answers SageMaker only, so STS keeps botocore's endpoint."""
    if service == "sagemaker":
        return conn.endpoint_url
    if service == "sts" and conn.endpoint_url and not is_aws_endpoint(conn.endpoint_url):
        return conn.endpoint_url
    return None


SHARED_CLIENTS = 16
"""At most this many shared clients are kept (least recently used dropped first)."""
_shared: OrderedDict[tuple[Connection, str, str], Any] = OrderedDict()
_shared_lock = threading.Lock()


def _chain_fingerprint() -> str:
    """What outside a Connection decides a client's credentials and endpoints: the AWS_*
    variables, HOME (where ~/.aws and the SSO cache are) and the shared config and credentials
    files as they are now (path, size, time). Hashed, so no secret is kept in a key."""
    facts: list[Any] = sorted(
        (key, value) for key, value in os.environ.items() if key.startswith("AWS_")
    )
    facts.append(os.environ.get("HOME"))
    for variable, default in (
        ("AWS_CONFIG_FILE", "~/.aws/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
    ):
        path = os.path.expanduser(os.environ.get(variable, default))
        try:
            found = os.stat(path)
            facts.append((path, found.st_size, found.st_mtime_ns))
        except OSError:
            facts.append((path, None, None))
    return hashlib.sha256(repr(facts).encode()).hexdigest()


def shared_client(conn: Connection, service: str) -> Any:
    """The process's client for a connection and service, built on first use (`make_client`).

    boto3 clients are thread-safe, and every session that chose this connection would resolve
    the same credentials from the server's chain; a change of AWS_* variables or of the config
    or credentials files gives a new client. A failure to build is raised and not kept.
    """
    key = (conn, service, _chain_fingerprint())
    with _shared_lock:  # boto3's default session is not thread-safe while it builds a client
        client = _shared.get(key)
        if client is None:
            client = make_client(conn, service)
            _shared[key] = client
            while len(_shared) > SHARED_CLIENTS:
                _shared.popitem(last=False)
        else:
            _shared.move_to_end(key)
        return client


def clear_shared_clients() -> None:
    """Drops every shared client (tests start each from a clean slate)."""
    with _shared_lock:
        _shared.clear()


def forget_shared_clients(conn: Connection) -> None:
    """Drops the shared clients of a connection: the next use builds them afresh (sessions that
    hold one keep it)."""
    with _shared_lock:
        for key in [key for key in _shared if key[0] == conn]:
            del _shared[key]


def make_clients(conn: Connection) -> tuple[Any, Any]:
    """(sagemaker, sts) clients for a connection."""
    return make_client(conn, "sagemaker"), make_client(conn, "sts")


def caller_identity(conn: Connection) -> dict[str, str]:
    """STS GetCallerIdentity (Account, Arn) for the connection; AwsError when it fails."""
    return caller_identity_of(shared_client(conn, "sts"))


def caller_identity_of(sts: Any) -> dict[str, str]:
    """STS GetCallerIdentity (Account, Arn) on an injected STS client; AwsError when it fails."""
    try:
        identity = sts.get_caller_identity()
    except (ClientError, BotoCoreError) as exc:
        raise translate(exc) from None
    return {"Account": identity["Account"], "Arn": identity["Arn"]}


def test_connection(conn: Connection) -> str:
    """A sentence naming the caller and saying SageMaker answers; AwsError when it does not.

    Its clients are built afresh, not the shared ones: a test re-reads the credentials."""
    sts = make_client(conn, "sts")
    identity = caller_identity_of(sts)
    sagemaker = make_client(conn, "sagemaker")
    try:
        sagemaker.list_compilation_jobs(MaxResults=1)
    except (ClientError, BotoCoreError) as exc:
        raise translate(exc) from None
    prefix = "Simulation: " if conn.local else ""
    return (
        f"{prefix}Connected as {identity['Arn']} (account {identity['Account']}, asked of "
        f"STS at {sts.meta.endpoint_url}); SageMaker answers in {conn.region} at "
        f"{sagemaker.meta.endpoint_url}."
    )
