"""The submission protocol: record before the call, settle after it; never lost, never twice.

Records are kept per endpoint in the store. A name the store already records as submitted there
with the same request is not sent again; a record a crash left pending is settled by asking
SageMaker whether the job exists.
"""

from __future__ import annotations

import threading
from typing import Any

from core.aws.client import NeoClient, SubmitResult, same_request
from core.aws.errors import translate
from core.errors import AwsError
from core.jobs.store import JobRecord, Store

_ON_THE_WIRE: set[tuple[str, str]] = set()
_ON_THE_WIRE_LOCK = threading.Lock()
"""(endpoint, job name) of the CreateCompilationJob calls this process is waiting on.

Process state, not user state: it tells a 'pending' record whose call is still running (wait for
it) from one whose call died with its run or its process (settle it by asking SageMaker)."""


def on_the_wire(endpoint: str, job_name: str) -> bool:
    with _ON_THE_WIRE_LOCK:
        return (endpoint, job_name) in _ON_THE_WIRE


UNKNOWN_OUTCOME = frozenset({"Timeout", "EndpointUnreachable", "NoAnswer"})
"""Failures after which the create call may have reached SageMaker: no answer in time, the
connection closed, or a success with no answer in it. The record stays pending and `settle`
describes the job to know. (A body botocore fails on is "Unexpected", which may also be raised
before sending: it fails the record.)"""


def submit_and_record(
    client: NeoClient,
    store: Store,
    request: dict[str, Any],
    fleet: str | None = None,
) -> SubmitResult:
    """Records the submission before the call and its outcome after, so nothing is lost.

    Records are kept per endpoint (`client.endpoint`): a job sent to the simulation says nothing
    about AWS. A name the store already records as submitted there with this request is not sent
    again.
    """
    name = request["CompilationJobName"]
    endpoint = client.endpoint
    known = store.get_job(name, endpoint)
    if known is not None and known.state == "submitted":
        if same_request(request, known.request):
            return SubmitResult(name, known.arn, already_existed=True)
        raise AwsError(
            "ResourceInUse",
            f"A job named {name} was already submitted with another "
            "request. Give this one a new name.",
            path="CompilationJobName",
        )
    store.record_submission(name, request, endpoint, fleet)
    with _ON_THE_WIRE_LOCK:
        _ON_THE_WIRE.add((endpoint, name))
    try:
        result = client.submit(request)
    except Exception as exc:  # whatever failed, the record says so and the caller gets a sentence
        error = translate(exc)
        if error.code in UNKNOWN_OUTCOME:  # the job may exist: `settle` asks SageMaker
            raise AwsError(
                error.code,
                f"{error.message} Whether SageMaker created the job is asked of it next (the "
                "record stays pending until then).",
                retryable=True,
                aws_message=error.aws_message,
            ) from None
        store.mark_failed(name, error.code, error.message, endpoint=endpoint)
        raise error from None
    finally:
        with _ON_THE_WIRE_LOCK:
            _ON_THE_WIRE.discard((endpoint, name))
    store.mark_submitted(name, result.arn, endpoint=endpoint)
    return result


def reconcile(client: NeoClient, store: Store) -> int:
    """Settles records left 'pending' by a crash between the record and the call's answer.

    Only records made against this client's endpoint are looked up there; a record whose call
    this process is still waiting on is left to that call.
    """
    records = store.list_jobs(endpoint=client.endpoint)
    return sum(settle(client, store, r) for r in records if r.state == "pending")


def settle(client: NeoClient, store: Store, record: JobRecord) -> bool:
    """Asks SageMaker what became of a pending record whose call died; True when it is settled.

    A job SageMaker knows was created; one it does not know never was. Any other answer (no
    network, no credentials) leaves the record pending: resubmitting is safe either way, since
    the job name keeps a second job from being created.
    """
    if record.state != "pending" or on_the_wire(record.endpoint, record.job_name):
        return False
    try:
        job = client.describe(record.job_name)
    except AwsError as exc:
        if exc.code not in ("ResourceNotFound", "ResourceNotFoundException", "ValidationException"):
            return False
        store.mark_failed(
            record.job_name,
            "NotCreated",
            "The app stopped before SageMaker created this job.",
            endpoint=record.endpoint,
        )
        return True
    store.mark_submitted(record.job_name, job.arn or None, endpoint=record.endpoint)
    return True
