"""Fleet compilation: names, concurrent submission, partial failure and retry, no duplicates."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from core import catalog
from core.connection import Connection, client_config
from core.draft import Draft
from core.fleet import MAX_NAME, fleet_job_name, plan, submit, target_keys
from core.presets import presets
from core.sagemaker import NeoClient
from core.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "fleet.sqlite3")


@pytest.fixture
def base_draft(valid_request: dict[str, Any]) -> Draft:
    draft = Draft.from_api(valid_request)
    draft.framework, draft.input_shapes = "TENSORFLOW", '{"input": [1, 224, 224, 3]}'
    return draft


def local_client(url: str) -> NeoClient:
    return NeoClient.from_connection(Connection(None, "us-east-1", url, True))


def test_names_are_unique_valid_and_within_63_characters():
    """Every preset and device gives a distinct API-valid name, even from a long base name."""
    base = "a-very-long-base-name-for-a-fleet-of-compilation-jobs-2026-11-24"
    names = [fleet_job_name(base, key) for key, _ in target_keys()]
    assert len(set(names)) == len(names)
    limit = catalog.limit("CompilationJobName")
    assert all(len(n) <= MAX_NAME and limit.check(n, "name") is None for n in names)


def test_plan_builds_a_valid_request_per_device(base_draft):
    """Every TargetDevice yields a valid request from one base draft (options where known)."""
    keys = [f"device:{value}" for value in catalog.target_devices()]
    members, problems = plan(base_draft, keys, "all-devices")
    assert problems == []
    assert len(members) == len(keys)
    assert {m.request["OutputConfig"]["TargetDevice"] for m in members} == set(
        catalog.target_devices()
    )


def test_fleet_of_all_presets_on_the_local_endpoint_without_duplicates(
    local_url, base_draft, store
):
    """All presets submit concurrently; submitting the fleet again creates nothing new."""
    client = local_client(local_url)
    tag = f"presets-{uuid.uuid4().hex[:6]}"
    members, problems = plan(base_draft, [f"preset:{p.id}" for p in presets()], tag)
    assert problems == []
    first = list(submit(client, store, members, "local", tag, workers=4))
    assert all(o.ok and not o.already_existed for o in first)
    again = list(submit(client, store, members, "local", tag, workers=4))
    assert all(o.ok and o.already_existed for o in again)
    listed = [j["CompilationJobName"] for j in client.list_jobs(name_contains=tag)]
    assert sorted(listed) == sorted(m.job_name for m in members)
    assert [r.job_name for r in store.list_jobs(fleet=tag)] != []


def test_failed_targets_are_retried_alone(local_url, base_draft, store):
    """With the network failing for some targets, only those fail; a retry submits just them."""
    client = local_client(local_url)
    client.client.meta.config.retries["total_max_attempts"] = 1
    tag = f"partial-{uuid.uuid4().hex[:6]}"
    keys = ["preset:jetson-nano", "preset:rk3399", "preset:ml-c5", "preset:coreml"]
    members, _ = plan(base_draft, keys, tag)
    broken = {m.job_name for m in members if "jetson" in m.job_name or "coreml" in m.job_name}
    sent: list[str] = []

    def flaky(params: dict[str, Any], **_: Any) -> None:
        sent.append(params["CompilationJobName"])
        if params["CompilationJobName"] in broken:
            raise EndpointConnectionError(endpoint_url=local_url)

    client.client.meta.events.register(
        "provide-client-params.sagemaker.CreateCompilationJob", flaky
    )
    outcomes = {o.member.job_name: o for o in submit(client, store, members, "local", tag)}
    assert {n for n, o in outcomes.items() if not o.ok} == broken
    assert all(outcomes[n].retryable and "cannot be reached" in outcomes[n].message for n in broken)

    client.client.meta.events.unregister(
        "provide-client-params.sagemaker.CreateCompilationJob", flaky
    )
    sent.clear()
    retry = [m for m in members if m.job_name in broken]
    assert all(o.ok for o in submit(client, store, retry, "local", tag))
    listed = [j["CompilationJobName"] for j in client.list_jobs(name_contains=tag)]
    assert sorted(listed) == sorted(m.job_name for m in members)
    assert all(store.get_job(m.job_name).state == "submitted" for m in members)


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("ThrottlingException", "throttling"),
        ("AccessDeniedException", "not allowed"),
        ("ValidationException", "rejected"),
        ("ResourceLimitExceeded", "limit"),
        ("ExpiredTokenException", "expired"),
    ],
)
def test_each_aws_fault_in_a_fleet_fails_only_its_target(base_draft, store, code, sentence):
    """One target's AWS error is reported on that target; the others are created once each."""
    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=client_config(),
    )
    members, _ = plan(base_draft, ["preset:ml-c5", "preset:rk3399", "preset:coreml"], "faults")
    with Stubber(client) as stubber:
        for index, member in enumerate(members):
            if index == 1:
                stubber.add_client_error(
                    "create_compilation_job",
                    code,
                    f"{code} from AWS",
                    expected_params=member.request,
                )
            else:
                stubber.add_response(
                    "create_compilation_job",
                    {"CompilationJobArn": f"arn:{member.job_name}"},
                    member.request,
                )
        outcomes = list(submit(NeoClient(client), store, members, "stub", "faults", workers=1))
        stubber.assert_no_pending_responses()
    failed = [o for o in outcomes if not o.ok]
    assert [o.member.job_name for o in failed] == [members[1].job_name]
    assert sentence in failed[0].message
    assert store.get_job(members[1].job_name).error_code == code
