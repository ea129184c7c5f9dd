"""botocore's retries, as the product configures them, really absorb throttling.

A `before-send` handler answers in place of AWS (429 ThrottlingException, then success) and counts
the sends, so the retry loop that runs is botocore's own with core.connection's config.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from core.aws.client import NeoClient
from core.aws.connection import MAX_ATTEMPTS
from core.errors import AwsError
from core.jobs.submission import submit_and_record
from tests.clients import sagemaker_client

ARN = "arn:aws:sagemaker:us-east-1:123456789012:compilation-job/neo-test-job"


class _Raw:
    """The body of a canned HTTP response, as botocore reads it."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def _response(status: int, body: dict[str, Any]) -> AWSResponse:
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    raw = _Raw(json.dumps(body).encode())
    return AWSResponse("https://api.sagemaker.test", status, headers, raw)


THROTTLED = {"__type": "ThrottlingException", "message": "Rate exceeded"}


class FakeSageMaker:
    """Answers each send: the first `throttle` creates with 429, later ones with success."""

    def __init__(self, throttle: int) -> None:
        self.throttle = throttle
        self.sends: list[str] = []

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        operation = request.headers["X-Amz-Target"].decode().rpartition(".")[2]
        self.sends.append(operation)
        if operation == "CreateCompilationJob" and self.sends.count(operation) <= self.throttle:
            return _response(429, THROTTLED)
        return _response(200, {"CompilationJobArn": ARN})


def product_client(fake: FakeSageMaker) -> NeoClient:
    client = sagemaker_client()
    client.meta.events.register("before-send.sagemaker.*", fake)
    return NeoClient(client)


def test_throttling_is_retried_until_it_succeeds(store, valid_request):
    """Two 429s then success: the user sees success, after three sends of one create."""
    fake = FakeSageMaker(throttle=2)
    client = product_client(fake)
    result = submit_and_record(client, store, valid_request)
    assert result.arn == ARN and not result.already_existed
    assert fake.sends == ["CreateCompilationJob"] * 3
    assert store.get_job(valid_request["CompilationJobName"], client.endpoint).state == "submitted"


def test_throttling_past_every_retry_is_the_throttling_message(store, valid_request):
    """Throttled on every attempt: exactly max_attempts sends, no second create, and the
    throttling sentence with the draft kept."""
    fake = FakeSageMaker(throttle=MAX_ATTEMPTS + 10)
    client = product_client(fake)
    with pytest.raises(AwsError) as raised:
        submit_and_record(client, store, valid_request)
    assert raised.value.code == "ThrottlingException" and raised.value.retryable
    assert "throttling" in raised.value.message and "draft is kept" in raised.value.message
    assert fake.sends == ["CreateCompilationJob"] * MAX_ATTEMPTS
    assert store.get_job(valid_request["CompilationJobName"], client.endpoint).state == "failed"
