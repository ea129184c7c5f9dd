"""The local endpoint answers this app process only (issue 12): its credential, no /moto-api,
no CORS, no other services."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from core import local
from tests.clients import local_clients


def raw(url: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes = b""):
    """(status, headers, body) of a plain HTTP request, as another local program would send."""
    request = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


def stranger(service: str, url: str) -> Any:
    """A client signed with keys that are not this process's, like another local user's."""
    return boto3.client(
        service, endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="NEOOTHERUSERNOTREAL1", aws_secret_access_key="guessed",
    )  # fmt: skip


def test_the_credential_is_random_per_process_and_long():
    keys = local.credentials()
    assert keys["aws_access_key_id"] == local.access_key_id() != "local"
    assert len(keys["aws_access_key_id"]) >= local.MIN_KEY_LENGTH
    assert keys["aws_secret_access_key"] not in ("local", keys["aws_access_key_id"])


@pytest.mark.parametrize(
    ("service", "call", "code"),
    [
        ("sagemaker", lambda c: c.list_compilation_jobs(), "UnrecognizedClientException"),
        ("s3", lambda c: c.list_buckets(), "InvalidAccessKeyId"),
        ("sts", lambda c: c.get_caller_identity(), "InvalidClientTokenId"),
    ],
)
def test_another_credential_is_refused_as_aws_refuses_it(local_url, service, call, code):
    with pytest.raises(ClientError) as refused:
        call(stranger(service, local_url))
    error = refused.value.response
    assert error["Error"]["Code"] == code
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "answers only the app process that started it" in error["Error"]["Message"]


def test_the_apps_credential_is_answered(local_url):
    sagemaker, s3 = local_clients(local_url)
    assert "CompilationJobSummaries" in sagemaker.list_compilation_jobs()
    assert "Buckets" in s3.list_buckets()


def test_an_unsigned_request_is_refused(local_url):
    status, _, body = raw(f"{local_url}/")
    assert status == 403 and b"Missing Authentication Token" in body


def test_moto_api_reset_is_refused_and_the_state_is_kept(local_url, valid_request):
    sagemaker, _ = local_clients(local_url)
    valid_request["CompilationJobName"] = name = f"kept-{uuid.uuid4().hex[:8]}"
    sagemaker.create_compilation_job(**valid_request)
    for path, method in (("/moto-api/reset", "POST"), ("/moto-api/data.json", "GET"),
                         ("/moto-api/", "GET")):  # fmt: skip
        status, _, _ = raw(f"{local_url}{path}", method)
        assert status == 404, path
    signed = local_clients(local_url)[0]
    signed.meta.events.register(
        "before-send.sagemaker.*",
        lambda request, **_: setattr(request, "url", f"{local_url}/moto-api/reset"),
    )
    with pytest.raises(ClientError):  # not even with the app's own credential
        signed.list_compilation_jobs()
    assert sagemaker.describe_compilation_job(CompilationJobName=name)["CompilationJobName"] == name


def test_a_page_on_another_port_gets_no_cors_allowance(local_url):
    """Before: flask_cors answered Access-Control-Allow-Origin: * and the page read the list."""
    origin = {"Origin": "http://127.0.0.1:9999"}
    body = json.dumps({}).encode()
    headers = {**origin, "Content-Type": "application/x-amz-json-1.1",
               "X-Amz-Target": "SageMaker.ListCompilationJobs"}  # fmt: skip
    status, answer, _ = raw(local_url, "POST", headers, body)
    assert status == 403
    assert not any(k.lower().startswith("access-control-") for k in answer)


def test_a_preflight_is_refused(local_url):
    headers = {
        "Origin": "http://localhost:8000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,x-amz-target,content-type",
    }
    status, answer, _ = raw(local_url, "OPTIONS", headers)
    assert status == 403
    assert not any(k.lower().startswith("access-control-") for k in answer)


def test_an_origin_is_refused_even_with_the_apps_credential(local_url):
    sagemaker, _ = local_clients(local_url)
    sagemaker.meta.events.register(
        "before-send.sagemaker.*",
        lambda request, **_: request.headers.__setitem__("Origin", "http://127.0.0.1:9999"),
    )
    with pytest.raises(ClientError) as refused:
        sagemaker.list_compilation_jobs()
    assert refused.value.response["Error"]["Code"] == "AccessDenied"


def test_services_the_app_does_not_use_are_refused(local_url):
    lam = boto3.client("lambda", endpoint_url=local_url, region_name="us-east-1",
                       **local.credentials())  # fmt: skip
    with pytest.raises(ClientError) as refused:
        lam.list_functions()
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_a_presigned_url_needs_the_apps_credential(local_url):
    _, s3 = local_clients(local_url)
    bucket = f"presign-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="model.tar.gz", Body=b"weights")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "model.tar.gz"})
    assert raw(url)[0::2] == (200, b"weights")
    other = stranger("s3", local_url).generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "model.tar.gz"}
    )
    status, _, body = raw(other)
    assert status == 403 and b"InvalidAccessKeyId" in body
