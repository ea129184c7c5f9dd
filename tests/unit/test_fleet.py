"""Fleet compilation: names, concurrent submission, partial failure and retry, no duplicates."""

from __future__ import annotations

import re
import threading
import time
import uuid
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.aws.client import NeoClient
from core.aws.connection import Connection
from core.jobs.fleet import ALREADY, MAX_NAME, fleet_job_name, plan, submit, target_keys
from core.knowledge.presets import presets
from core.spec import service
from tests.clients import sagemaker_client
from tests.stubs import stub_create_compilation_job


def local_client(url: str) -> NeoClient:
    return NeoClient.from_connection(Connection(None, "us-east-1", url, True))


def test_names_are_unique_valid_and_within_63_characters():
    """Every preset and device gives a distinct API-valid name, even from a long base name."""
    base = "a-very-long-base-name-for-a-fleet-of-compilation-jobs-2026-11-24"
    names = [fleet_job_name(base, key) for key, _ in target_keys()]
    assert len(set(names)) == len(names)
    limit = service.limit("CompilationJobName")
    assert all(len(n) <= MAX_NAME and limit.check(n, "name") is None for n in names)


JOB_NAME_SHAPE = service.create_operation().input_shape.members["CompilationJobName"]
JOB_NAME_PATTERN = re.compile(JOB_NAME_SHAPE.metadata["pattern"])
ALL_KEYS = [key for key, _ in target_keys()]


@settings(max_examples=300, deadline=None)
@given(base=st.text(max_size=120))
@example(base="modèle")
@example(base="ÄÖÜ-rollout")
@example(base="ＡＢＣ")
@example(base="rollout²")
@example(base="日本語モデル")
@example(base="a" * 200)
def test_names_from_any_unicode_base_match_the_api_pattern_and_are_unique(base: str):
    """Whatever the base name, every target's name is ASCII, fits the API and is its own."""
    names = [fleet_job_name(base, key) for key in ALL_KEYS]
    assert len(set(names)) == len(names)
    for name in names:
        assert len(name) <= JOB_NAME_SHAPE.metadata["max"] == MAX_NAME
        assert JOB_NAME_PATTERN.fullmatch(name), name


@settings(max_examples=300, deadline=None)
@given(base=st.text(max_size=80), key=st.text(max_size=80))
def test_any_base_and_target_key_give_a_valid_name(base: str, key: str):
    """Even a target key of arbitrary text yields a name the API accepts."""
    name = fleet_job_name(base, key)
    assert len(name) <= MAX_NAME and JOB_NAME_PATTERN.fullmatch(name), name


def test_a_non_ascii_base_name_is_transliterated_and_plans_valid_requests(base_draft):
    """'modèle²' becomes 'modele2'; a base with nothing ASCII falls back to 'fleet'."""
    members, problems = plan(base_draft, ["preset:ml-c5", "device:jetson_nano"], "modèle² v2")
    assert problems == []
    assert [m.job_name for m in members] == [
        "modele2-v2-preset-ml-c5",
        "modele2-v2-device-jetson-nano",
    ]
    assert fleet_job_name("日本語モデル", "device:ml_c5") == "fleet-device-ml-c5"


def test_plan_builds_a_valid_request_per_device(base_draft):
    """Every TargetDevice yields a valid request from one base draft (options where known)."""
    keys = [f"device:{value}" for value in service.target_devices()]
    members, problems = plan(base_draft, keys, "all-devices")
    assert problems == []
    assert len(members) == len(keys)
    assert {m.request["OutputConfig"]["TargetDevice"] for m in members} == set(
        service.target_devices()
    )


def test_fleet_of_all_presets_on_the_local_endpoint_without_duplicates(
    local_url, base_draft, store
):
    """All presets submit concurrently; submitting the fleet again creates nothing new."""
    client = local_client(local_url)
    tag = f"presets-{uuid.uuid4().hex[:6]}"
    members, problems = plan(base_draft, [f"preset:{p.id}" for p in presets()], tag)
    assert problems == []
    first = list(submit(client, store, members, tag, workers=4))
    assert all(o.ok and not o.already_existed for o in first)
    again = list(submit(client, store, members, tag, workers=4))
    assert all(o.ok and o.already_existed for o in again)
    listed = [j.name for j in client.list_jobs(name_contains=tag)]
    assert sorted(listed) == sorted(m.job_name for m in members)
    assert [r.job_name for r in store.list_jobs(fleet=tag)] != []


def test_resubmitting_a_partly_failed_fleet_sends_only_the_failed_targets(
    local_url, base_draft, store
):
    """The whole fleet goes again after a partial failure; the store's record of each submitted
    name is what keeps the others from being sent a second time (issue 5: never twice)."""
    client = local_client(local_url)
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
    outcomes = {o.member.job_name: o for o in submit(client, store, members, tag)}
    assert {n for n, o in outcomes.items() if not o.ok} == broken
    assert all(outcomes[n].retryable and "cannot be reached" in outcomes[n].message for n in broken)
    assert sorted(sent) == sorted(m.job_name for m in members)

    broken_before = set(broken)
    broken.clear()  # the network is back
    sent.clear()
    again = {o.member.job_name: o for o in submit(client, store, members, tag)}

    assert sorted(sent) == sorted(broken_before)
    assert all(o.ok for o in again.values())
    skipped = [o for n, o in again.items() if n not in broken_before]
    assert skipped and all(o.already_existed and o.status == ALREADY for o in skipped)
    listed = [j.name for j in client.list_jobs(name_contains=tag)]
    assert sorted(listed) == sorted(m.job_name for m in members)
    assert all(store.get_job(m.job_name, "local").state == "submitted" for m in members)


def test_the_pool_never_runs_more_create_calls_than_its_workers(local_url, base_draft, store):
    """At most `workers` CreateCompilationJob calls are on the wire at once, and that many are."""
    client = local_client(local_url)
    lock = threading.Lock()
    running = 0
    peak = 0

    def slow_send(**_: Any) -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.15)  # a slow network: calls overlap if the pool lets them
        with lock:
            running -= 1

    client.client.meta.events.register("before-send.sagemaker.CreateCompilationJob", slow_send)
    tag = f"pool-{uuid.uuid4().hex[:6]}"
    members, _ = plan(base_draft, [f"preset:{p.id}" for p in presets()][:8], tag)
    outcomes = list(submit(client, store, members, tag, workers=3))
    assert len(outcomes) == 8 and all(o.ok for o in outcomes)
    assert peak == 3


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
    client = sagemaker_client()
    members, _ = plan(base_draft, ["preset:ml-c5", "preset:rk3399", "preset:coreml"], "faults")
    with Stubber(client) as stubber:
        for index, member in enumerate(members):
            if index == 1:
                stub_create_compilation_job(stubber, member.request, error_code=code)
            else:
                stub_create_compilation_job(stubber, member.request, arn=f"arn:{member.job_name}")
        neo = NeoClient(client)
        outcomes = list(submit(neo, store, members, "faults", workers=1))
        stubber.assert_no_pending_responses()
    failed = [o for o in outcomes if not o.ok]
    assert [o.member.job_name for o in failed] == [members[1].job_name]
    assert sentence in failed[0].message
    assert store.get_job(members[1].job_name, neo.endpoint).error_code == code


def test_a_base_keeps_the_case_it_was_written_in() -> None:
    """ "trialA-fleet" made triala-fleet-device-ml-c5 while the field still showed trialA: the
    API's name pattern takes upper case."""
    name = fleet_job_name("trialA-Fleet", "device:ml_c5")
    assert name == "trialA-Fleet-device-ml-c5"
    assert re.fullmatch(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", name)
