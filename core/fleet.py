"""Fleet compilation: one model, many targets, one job per target, submitted concurrently.

Each target's request is the draft with its target swapped in and a job name derived from a base
name, so names are unique, valid and stable: a retry of a failed target reuses its name, and the
store's record of a submitted name means no target is ever submitted twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from core import catalog
from core.draft import Draft
from core.errors import AwsError, NeoConfigError
from core.presets import preset
from core.sagemaker import NeoClient, submit_and_record
from core.store import Store

MAX_NAME = 63
DEFAULT_WORKERS = 4


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return cleaned.strip("-")


def fleet_job_name(base: str, target_key: str) -> str:
    """`<base>-<target>`, cut to 63 characters with a short hash so cut names stay unique."""
    name = f"{_slug(base)}-{_slug(target_key)}".strip("-")
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha1(f"{base}|{target_key}".encode()).hexdigest()[:6]
    return f"{name[: MAX_NAME - 7].rstrip('-')}-{digest}"


@dataclass(frozen=True)
class FleetMember:
    """One target of a fleet: a device value or a preset id, and the request it makes."""

    key: str
    label: str
    job_name: str
    request: dict[str, Any]


def target_keys() -> list[tuple[str, str]]:
    """(key, label) for every target a fleet can hold: presets first, then every device."""
    from core.presets import presets

    keys = [(f"preset:{p.id}", f"Preset · {p.title}") for p in presets()]
    keys += [(f"device:{d.value}", f"Device · {d.label}") for d in catalog.devices()]
    return keys


def member_draft(base: Draft, key: str) -> Draft:
    """The base draft with one fleet target swapped in (device example options where known)."""
    draft = base.model_copy(deep=True)
    kind, _, value = key.partition(":")
    if kind == "preset":
        draft.apply_preset(preset(value))
    elif kind == "device":
        draft.target_kind = "device"
        draft.device = value
        example = catalog.device(value).example
        draft.set_options(dict(example) if example else {})
        if catalog.device(value).options == "neuron":
            draft.set_options({"flags": "--verbose 1"})
    else:
        raise NeoConfigError(f"'{key}' is not a fleet target (preset:ID or device:VALUE).")
    return draft


def plan(base: Draft, keys: list[str], base_name: str) -> tuple[list[FleetMember], list[str]]:
    """The fleet's members, and a sentence per target whose request is not valid."""
    members: list[FleetMember] = []
    problems: list[str] = []
    seen: set[str] = set()
    labels = dict(target_keys())
    for key in keys:
        draft = member_draft(base, key)
        draft.job_name = fleet_job_name(base_name, key)
        if draft.job_name in seen:
            problems.append(f"{labels.get(key, key)}: listed twice.")
            continue
        seen.add(draft.job_name)
        request, found = draft.check()
        if request is None:
            errors = "; ".join(str(p) for p in found if p.severity == "error")
            problems.append(f"{labels.get(key, key)}: {errors}")
            continue
        members.append(FleetMember(key, labels.get(key, key), draft.job_name, request.to_api()))
    return members, problems


@dataclass(frozen=True)
class MemberOutcome:
    member: FleetMember
    ok: bool
    message: str
    already_existed: bool = False
    retryable: bool = False


def submit(
    client: NeoClient,
    store: Store,
    members: list[FleetMember],
    endpoint_label: str,
    fleet_id: str,
    workers: int = DEFAULT_WORKERS,
) -> Iterator[MemberOutcome]:
    """Submits members on a bounded pool and yields each outcome as it arrives.

    A member whose name the store already records as submitted is not sent again, so retrying a
    partly failed fleet submits only the targets that failed.
    """

    def one(member: FleetMember) -> MemberOutcome:
        try:
            result = submit_and_record(
                client, store, member.request, endpoint_label, fleet=fleet_id
            )
        except AwsError as exc:
            return MemberOutcome(member, False, exc.message, retryable=exc.retryable)
        return MemberOutcome(member, True, result.arn or "", already_existed=result.already_existed)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fleet") as pool:
        futures = [pool.submit(one, member) for member in members]
        for future in as_completed(futures):
            yield future.result()
