"""Connections on the standard AWS chain: which endpoint, which faults, in a clean environment.

Each test runs with no AWS_* variable from the machine and config files of its own, so what the
developer's ~/.aws holds never leaks in.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import (
    ClientError,
    CredentialRetrievalError,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
)

from core import local
from core.aws.client import NeoClient
from core.aws.connection import Connection, caller_identity, default_connection, make_clients
from core.aws.endpoints import endpoint_url_problem, is_aws_endpoint, needs_confirmation
from core.aws.errors import translate
from core.errors import AwsError
from tests.clients import sagemaker_client


@pytest.fixture
def aws_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty AWS world: no AWS_* variables, empty config and credentials files, no IMDS."""
    for key in list(os.environ):
        if key.startswith("AWS_") or key == "NEO_LOCAL":
            monkeypatch.delenv(key)
    (tmp_path / "config").write_text("")
    (tmp_path / "credentials").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # not on EC2: no instance role
    monkeypatch.setenv("HOME", str(tmp_path))  # no SSO token cache either
    yield tmp_path


def test_without_credentials_the_app_uses_the_local_simulation(aws_home):
    """Nothing in the chain (no env keys, empty profiles): the default is the simulation."""
    connection = default_connection()
    assert connection.local
    assert connection.endpoint_url and connection.endpoint_url.startswith("http://127.0.0.1:")


def test_with_credentials_in_the_environment_the_app_uses_aws(aws_home, monkeypatch):
    """Keys in the environment (the chain's first link) select AWS in the configured region."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert default_connection() == Connection(None, "eu-west-1", None, False)


@pytest.mark.parametrize(
    "fault",
    [
        SSOTokenLoadError(error_msg="Token for https://x.awsapps.com/start does not exist"),
        UnauthorizedSSOTokenError(),
        TokenRetrievalError(provider="sso", error_msg="The SSO session has expired"),
        CredentialRetrievalError(provider="sso", error_msg="token expired"),
    ],
    ids=lambda fault: type(fault).__name__,
)
def test_an_expired_sso_login_says_to_sign_in_again(fault):
    """Every way an SSO login runs out becomes the expired-credentials sentence, with the fix."""
    error = translate(fault)
    assert "expired" in error.message and "aws sso login" in error.message
    assert error.code == type(fault).__name__
    assert "AWS client failed" not in error.message


def test_an_sso_profile_without_a_login_says_aws_sso_login(aws_home):
    """Through the real chain: an SSO profile never logged in fails with the sign-in hint."""
    (aws_home / "config").write_text(
        "[profile team]\nsso_start_url = https://example.awsapps.com/start\n"
        "sso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n"
        "region = us-east-1\n"
    )
    client = NeoClient.from_connection(Connection("team", "us-east-1", None, False))
    with pytest.raises(AwsError) as raised:
        client.list_jobs()
    assert "aws sso login" in raised.value.message


def test_an_endpoint_url_without_a_scheme_is_a_sentence_not_a_traceback(aws_home):
    """botocore's ValueError("Invalid endpoint") is translated where clients are built."""
    with pytest.raises(AwsError) as raised:
        NeoClient.from_connection(Connection(None, "us-east-1", "localhost:5000", False))
    assert raised.value.code == "InvalidEndpoint"
    assert "https://" in raised.value.message and "Settings" in raised.value.message


def test_a_vanished_profile_is_a_sentence(aws_home):
    """A profile chosen earlier and since removed from the config files is named, not raised."""
    with pytest.raises(AwsError) as raised:
        make_clients(Connection("gone", "us-east-1", None, False))
    assert raised.value.code == "ProfileNotFound"
    assert "'gone'" in raised.value.message


def test_an_unavailable_client_answers_every_call_with_the_reason():
    """A client that could not be built still answers, so no page needs a special case."""
    error = AwsError("InvalidEndpoint", "Fix the endpoint URL.")
    client = NeoClient.unavailable(error, "us-east-1 unavailable")
    for call in (client.list_jobs, lambda: client.describe("j"), lambda: client.stop("j")):
        with pytest.raises(AwsError) as raised:
            call()
        assert raised.value is error
    assert client.endpoint_url is None and client.error is error


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.sagemaker.eu-west-1.amazonaws.com", True),
        ("http://127.0.0.1:5000", True),
        ("http://[::1]:5000", True),
        ("localhost:5000", False),
        ("ftp://example.com", False),
        ("https://", False),
        # an unclosed [ made urlsplit raise, and Settings showed a traceback
        ("https://sagemaker.us-east-1.amazonaws.com]", False),
        ("http://[::1", False),
        ("https://[fe80::1", False),
    ],
)
def test_endpoint_urls_are_checked_as_botocore_would(url, ok):
    """Only http(s) URLs with a host are accepted; the refusal is a sentence."""
    problem = endpoint_url_problem(url)
    assert (problem is None) == ok
    if problem:
        assert "https://" in problem
    assert is_aws_endpoint(url) == url.startswith("https://api.sagemaker")
    assert needs_confirmation(url) in (True, False)  # an answer, never a ValueError


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://例え.jp/", "in its xn-- form (this one is 'xn--r8jz45g.jp')"),
        ("https://" + "a" * 5000 + ".com", "with a part of 5,000 characters"),
        ("https://" + "a" * 64 + ".com", "with a part of 64 characters ('aaaa"),
        ("https://" + ".".join(["a" * 60] * 5), "a host of 304 characters"),
        ("https://sage_maker.example.net", "a host name takes letters, digits, hyphens"),
        ("https://sagemaker.exa\tmple.net", "a tab or a line break"),
    ],
)
def test_a_host_botocore_refuses_is_said_with_the_rule_it_breaks(url: str, words: str) -> None:
    """An international name or a part past 63 characters was told the URL "must start with
    https://", which it did, and a 5,000-character URL was printed whole; each now names the
    rule its host breaks, and the URL is shown cut."""
    problem = endpoint_url_problem(url)
    assert problem is not None and words in problem, problem
    assert "must start with" not in problem and len(problem) < 400


@pytest.mark.parametrize(
    ("url", "region", "words"),
    [
        ("https://me:s3cret@api.sagemaker.eu-west-1.amazonaws.com", None, "user name or password"),
        ("https://sagemaker.example.net:99999", None, "from 1 to 65535"),
        ("https://sagemaker.example.net:0", None, "from 1 to 65535"),
        ("https://api.sagemaker.eu-west-1.amazonaws.com", "us-east-1", "Choose eu-west-1"),
        ("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "another AWS service"),
    ],
)
def test_endpoint_urls_botocore_passes_but_that_fail_later_are_refused(url, region, words):
    """A password in the URL (shown on every page), a port past 65535, an AWS endpoint in
    another region than the one requests are signed for, or of another service (S3): each is
    said, the password never."""
    problem = endpoint_url_problem(url, region)
    assert problem is not None and words in problem
    assert "s3cret" not in problem
    assert (
        endpoint_url_problem("https://api.sagemaker.eu-west-1.amazonaws.com", "eu-west-1") is None
    )


def test_aws_endpoint_url_sagemaker_is_honoured_and_calls_go_there(
    aws_home, monkeypatch, local_url, valid_request
):
    """AWS_ENDPOINT_URL_SAGEMAKER, as botocore resolves it, is where the client sends its calls
    and what it reports; STS keeps its own endpoint."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", local.credentials()["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", local.credentials()["aws_secret_access_key"])
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_url)
    connection = Connection(None, "us-east-1", None, False)
    client = NeoClient.from_connection(connection)
    assert client.endpoint_url == local_url
    assert client.endpoint == f"us-east-1 {local_url}"
    valid_request["CompilationJobName"] = name = f"env-{uuid.uuid4().hex[:8]}"
    client.submit(valid_request)
    direct = sagemaker_client(endpoint_url=local_url)
    assert direct.describe_compilation_job(CompilationJobName=name)["CompilationJobName"] == name
    assert make_clients(connection)[1].meta.endpoint_url == "https://sts.us-east-1.amazonaws.com"


def test_caller_identity_names_the_account(aws_home, monkeypatch, local_url):
    """STS GetCallerIdentity through the chain gives the account the sidebar shows."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", local.credentials()["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", local.credentials()["aws_secret_access_key"])
    monkeypatch.setenv("AWS_ENDPOINT_URL", local_url)
    identity = caller_identity(Connection(None, "us-east-1", None, False))
    assert identity["Account"] == "123456789012"


def test_access_denied_on_sts_names_sts():
    """AccessDenied on GetCallerIdentity names sts:GetCallerIdentity, not CreateCompilationJob."""
    fault = ClientError(
        {"Error": {"Code": "AccessDenied", "Message": "denied"}}, "GetCallerIdentity"
    )
    message = translate(fault).message
    assert "sts:GetCallerIdentity" in message and "CreateCompilationJob" not in message


@pytest.mark.parametrize(
    ("url", "aws"),
    [
        ("https://api.sagemaker.us-east-1.amazonaws.com", True),
        ("https://sagemaker.vpce.example.com", False),
        ("http://127.0.0.1:5000", False),
        (None, False),
    ],
)
def test_only_aws_endpoints_get_a_console_link(url, aws):
    """The console shows only jobs on AWS's own endpoints."""
    assert is_aws_endpoint(url) == aws
