"""Every AWS fault class against a fleet on the local endpoint: one target fails, with a sentence;
the others are created; the draft is untouched; a retry creates no second job.

Faults are injected into a real botocore client at the wire (before-sign / before-send), per job
name, so botocore's parsing and its standard-mode retries run exactly as they would against AWS.
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError, NoCredentialsError, ReadTimeoutError

from core import local
from core.aws.client import NeoClient
from core.aws.connection import client_config
from core.draft.model import Draft
from core.jobs.fleet import ALREADY, FAILED, SUBMITTED, plan, submit
from core.jobs.store import Store
from core.jobs.submission import UNKNOWN_OUTCOME, settle

KEYS = ["preset:jetson-nano", "preset:rk3399", "preset:ml-c5", "preset:coreml"]


def local_client(url: str, attempts: int = 2, **credentials: str) -> NeoClient:
    """A real client on the local endpoint; `attempts` is botocore's total_max_attempts."""
    keys = credentials or local.credentials()
    config = client_config().merge(
        Config(retries={"mode": "standard", "total_max_attempts": attempts})
    )
    client = boto3.client(
        "sagemaker", endpoint_url=url, region_name="us-east-1", config=config, **keys
    )
    return NeoClient(client, "local")


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


def error_response(status: int, code: str, message: str) -> Callable[[Any], AWSResponse]:
    """An HTTP error answer as SageMaker's JSON protocol writes it."""

    def answer(request: Any) -> AWSResponse:
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fault"}
        return AWSResponse(request.url, status, headers, _Body(body))

    return answer


def raises(factory: Callable[[Any], BaseException]) -> Callable[[Any], AWSResponse]:
    def answer(request: Any) -> AWSResponse:
        raise factory(request)

    return answer


def delivered_then_timeout(request: Any) -> AWSResponse:
    """The request reaches SageMaker (the job is created) but its answer never comes back."""
    sent = urllib.request.Request(
        request.url, data=request.body, headers=dict(request.headers), method=request.method
    )
    with contextlib.suppress(urllib.error.HTTPError):  # a later attempt: ResourceInUse
        urllib.request.urlopen(sent, timeout=10).close()
    raise ReadTimeoutError(endpoint_url=request.url)


class Faults:
    """Per-job-name faults on a boto3 client's CreateCompilationJob, and counts of what went out.

    `calls` counts API calls (one per submit, whatever the retries); `sends` counts attempts
    on the wire, so retries are visible.
    """

    def __init__(self, client: Any) -> None:
        self.at_sign: dict[str, Callable[[Any], AWSResponse]] = {}
        self.at_send: dict[str, Callable[[Any], AWSResponse]] = {}
        self.calls: Counter[str] = Counter()
        self.sends: Counter[str] = Counter()
        self._lock = threading.Lock()
        events = client.meta.events
        events.register("provide-client-params.sagemaker.CreateCompilationJob", self._call)
        events.register("before-sign.sagemaker.CreateCompilationJob", self._sign)
        events.register("before-send.sagemaker.CreateCompilationJob", self._send)

    def clear(self) -> None:
        self.at_sign.clear()
        self.at_send.clear()
        self.calls.clear()
        self.sends.clear()

    @staticmethod
    def _name(request: Any) -> str:
        return json.loads(request.body)["CompilationJobName"]

    def _call(self, params: dict[str, Any], **_: Any) -> None:
        with self._lock:
            self.calls[params["CompilationJobName"]] += 1

    def _sign(self, request: Any, **_: Any) -> None:
        fault = self.at_sign.get(self._name(request))
        if fault is not None:
            fault(request)

    def _send(self, request: Any, **_: Any) -> AWSResponse | None:
        name = self._name(request)
        with self._lock:
            self.sends[name] += 1
        fault = self.at_send.get(name)
        return fault(request) if fault is not None else None


@dataclass(frozen=True)
class Fault:
    """One AWS fault class: where it strikes, what the user reads, how often botocore tries."""

    id: str
    at: str
    answer: Callable[[Any], AWSResponse]
    code: str
    sentence: str
    attempts: int


FAULTS = [
    Fault(
        "throttling past retries",
        "send",
        error_response(400, "ThrottlingException", "Rate exceeded"),
        "ThrottlingException",
        "throttling requests and the automatic retries ran out",
        2,
    ),
    Fault(
        "access denied",
        "send",
        error_response(400, "AccessDeniedException", "not authorized: CreateCompilationJob"),
        "AccessDeniedException",
        "not allowed",
        1,
    ),
    Fault(
        "validation",
        "send",
        error_response(400, "ValidationException", "Value at 'outputConfig.targetDevice' bad"),
        "ValidationException",
        "SageMaker rejected the request",
        1,
    ),
    Fault(
        "resource limit",
        "send",
        error_response(400, "ResourceLimitExceeded", "concurrent compilation jobs: 10"),
        "ResourceLimitExceeded",
        "reached a SageMaker limit",
        1,
    ),
    Fault(
        "expired credentials",
        "send",
        error_response(400, "ExpiredTokenException", "The security token has expired"),
        "ExpiredTokenException",
        "credentials have expired",
        1,
    ),
    Fault(
        "missing credentials",
        "sign",
        raises(lambda _: NoCredentialsError()),
        "NoCredentials",
        "No AWS credentials were found",
        0,
    ),
    Fault(
        "unreachable endpoint",
        "send",
        raises(lambda request: EndpointConnectionError(endpoint_url=request.url)),
        "EndpointUnreachable",
        "cannot be reached",
        2,
    ),
    Fault(
        "timeout after the job was created",
        "send",
        delivered_then_timeout,
        "Timeout",
        "did not answer in time",
        2,
    ),
]


def jobs_on_endpoint(client: NeoClient, tag: str) -> list[str]:
    return sorted(j.name for j in client.list_jobs(name_contains=tag))


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_a_fault_fails_only_its_target_and_a_retry_creates_no_duplicate(
    local_url: str, base_draft: Draft, store: Store, fault: Fault
) -> None:
    """One target meets the fault: a sentence on it alone, draft kept, retry sends it alone."""
    client = local_client(local_url)
    faults = Faults(client.client)
    tag = f"fault-{uuid.uuid4().hex[:6]}"
    drafted = base_draft.model_dump()
    members, problems = plan(base_draft, KEYS, tag)
    assert problems == []
    names = [m.job_name for m in members]
    broken = names[1]
    (faults.at_sign if fault.at == "sign" else faults.at_send)[broken] = fault.answer

    first = {o.member.job_name: o for o in submit(client, store, members, tag, 4)}

    assert [n for n in names if not first[n].ok] == [broken]
    assert fault.sentence in first[broken].message
    assert first[broken].status == FAILED
    record = store.get_job(broken, client.endpoint)
    if fault.code in UNKNOWN_OUTCOME:  # the job may exist: pending until SageMaker is asked
        assert record.state == "pending" and record.error_code is None
        assert settle(client, store, record)
        settled = store.get_job(broken, client.endpoint)
        assert settled.state == ("submitted" if fault.code == "Timeout" else "failed")
    else:
        assert record.error_code == fault.code
    assert all(first[n].status == SUBMITTED for n in names if n != broken)
    assert faults.sends[broken] == fault.attempts
    assert base_draft.model_dump() == drafted

    faults.clear()  # the fault passes; the user resubmits the whole fleet
    again = {o.member.job_name: o for o in submit(client, store, members, tag, 4)}

    assert all(o.ok for o in again.values())
    if fault.code == "Timeout":  # SageMaker had the job: settled as submitted, never sent again
        assert dict(faults.calls) == {}
        assert again[broken].status == ALREADY and again[broken].already_existed
    else:
        assert dict(faults.calls) == {broken: 1}
        assert again[broken].status == SUBMITTED
    assert jobs_on_endpoint(client, tag) == sorted(names)
    assert all(store.get_job(n, client.endpoint).state == "submitted" for n in names)
    assert base_draft.model_dump() == drafted


def test_a_fleet_without_any_credentials_sends_nothing_and_retries_once_signed_in(
    local_url: str,
    base_draft: Draft,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No credentials anywhere in the chain: every target says so, nothing reaches SageMaker."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    anonymous = NeoClient(
        boto3.session.Session().client(
            "sagemaker", endpoint_url=local_url, region_name="us-east-1", config=client_config()
        ),
        "local",
    )
    tag = f"nocreds-{uuid.uuid4().hex[:6]}"
    members, _ = plan(base_draft, KEYS, tag)
    drafted = base_draft.model_dump()

    first = list(submit(anonymous, store, members, tag, 4))

    assert all(not o.ok and "No AWS credentials were found" in o.message for o in first)
    signed_in = local_client(local_url)
    assert jobs_on_endpoint(signed_in, tag) == []
    assert base_draft.model_dump() == drafted

    faults = Faults(signed_in.client)
    again = list(submit(signed_in, store, members, tag, 4))
    assert all(o.ok and o.status == SUBMITTED for o in again)
    assert sorted(faults.calls.elements()) == sorted(m.job_name for m in members)
    assert jobs_on_endpoint(signed_in, tag) == sorted(m.job_name for m in members)
