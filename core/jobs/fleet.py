"""Fleet compilation: one model, many targets, one job per target, submitted concurrently.

Each target's request is the draft with its target swapped in and a job name derived from a base
name, so names are unique, valid and stable: a retry of a failed target reuses its name, and the
store's record of a submitted name means no target is ever submitted twice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from core.aws.client import NeoClient
from core.draft.model import Draft
from core.errors import AwsError, NeoConfigError, Problem, Severity
from core.jobs.store import JobRecord, Store
from core.jobs.submission import submit_and_record
from core.knowledge.presets import preset, presets
from core.spec import catalog
from core.spec.target import target_label

MAX_NAME = 63
MAX_TARGET_PART = 40
"""The target part of a name never takes more than this, so a base name always has room."""
DEFAULT_BASE = "fleet"
"""The base when the one given has no letter or digit that ASCII can spell (e.g. "日本語")."""
DEFAULT_WORKERS = 4

SUBMITTED = "submitted"
ALREADY = "already submitted"
EARLIER = "exists from earlier"
FAILED = "failed"

_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def _slug(text: str) -> str:
    """ASCII letters and digits joined by single hyphens, in the case written (the pattern
    takes upper case: "trialA-fleet" became "triala-fleet" without a word).

    CompilationJobName is ASCII only, so accents and compatibility forms are transliterated
    (è -> e, ² -> 2, full-width Ａ -> A) and anything ASCII cannot spell is dropped.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("-", ascii_text).strip("-")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def name_base(base: str) -> str:
    """The base as the job names carry it (before a cut for length): ASCII letters, digits and
    single hyphens, or DEFAULT_BASE when nothing of it is left."""
    return _slug(base) or DEFAULT_BASE


def fleet_job_name(base: str, target_key: str) -> str:
    """`<base>-<target>` in ASCII within 63 characters, unique per target and stable per pair.

    The target part is kept whole, since it is what tells a fleet's jobs apart; a base too long
    for the rest is cut and marked with a short hash of the whole base, so two long bases that
    share a beginning still give different names.
    """
    target = _slug(target_key) or f"t-{_digest(target_key)}"
    if len(target) > MAX_TARGET_PART:  # never for the catalog's keys
        target = f"{target[: MAX_TARGET_PART - 7].rstrip('-')}-{_digest(target_key)}"
    stem = name_base(base)
    room = MAX_NAME - len(target) - 1
    if len(stem) > room:
        stem = f"{stem[: room - 7].rstrip('-')}-{_digest(base)}"
    return f"{stem}-{target}"


def base_of(job_name: str) -> str:
    """The base of a fleet's job name (`fleet_job_name`'s, less its target part)."""
    cut = max(job_name.rfind("-preset-"), job_name.rfind("-device-"))
    return job_name[:cut] if cut > 0 else job_name


@dataclass(frozen=True)
class FleetMember:
    """One target of a fleet: a device value or a preset id, and the request it makes."""

    key: str
    label: str
    job_name: str
    request: dict[str, Any]
    warnings: tuple[str, ...] = ()
    """What this target's request is warned about and the draft's own is not (a framework the
    target's table leaves out, say): shown before it is sent, as Review shows the draft's."""


def target_keys() -> list[tuple[str, str]]:
    """(key, label) for every target a fleet can hold: presets first, then every device."""
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
        draft.set_options(dict(example) if example else draft.options_model().starter_values())
    else:
        raise NeoConfigError(f"'{key}' is not a fleet target (preset:ID or device:VALUE).")
    return draft


def draft_problems(base: Draft) -> list[Problem]:
    """The draft's own errors that every target would repeat (model, output, role...): a fleet
    lists them once, with the step that fixes them, not once per target. Target and options
    errors are each target's own, and the job name is the fleet's to make."""
    return _shared_errors(base.check()[1], target_label(base.target_api()))


def _draft_field(problem: Problem) -> bool:
    """Whether a problem is at a field of the draft's own (the model, output, role...), not at
    the target, its options or the job name, which each target of a fleet has its own of."""
    own = ("OutputConfig.TargetDevice", "OutputConfig.TargetPlatform", "OutputConfig.Compiler")
    return (
        bool(problem.path)
        and not problem.path.startswith(own)
        and problem.path not in ("OutputConfig", "CompilationJobName")
    )


def _shared_errors(found: list[Problem], target: str) -> list[Problem]:
    """The errors at draft fields, less those naming the draft's target ("give the input shapes
    for jetson_nano"): each target of the fleet has its own of those (`plan` groups them)."""
    return [
        p
        for p in found
        if p.severity == "error" and _draft_field(p) and not (target and target in p.message)
    ]


@dataclass(frozen=True)
class TargetProblems:
    """Why targets of a fleet have no valid request: one target's own findings, kept apart so
    each keeps the citation it ends in (a joined sentence would have to be parsed again to link
    them), or one finding at a draft field (`path`) that several targets refuse alike, said
    once for all of them, since one fix on its step serves them all."""

    label: str
    messages: tuple[str, ...]
    path: str = ""
    severity: Severity = "error"
    """A grouped finding at a draft field may be a warning that several targets share."""

    def __str__(self) -> str:
        return f"{self.label}: {'; '.join(self.messages)}"


@dataclass
class _FieldProblem:
    """One draft field's finding for the targets it is found for, with each target's name in
    its message replaced by _TARGET, so the targets' messages group as one."""

    path: str
    template: str
    severity: Severity
    labels: list[str]
    targets: list[str]

    def said(self) -> TargetProblems:
        message = self.template.replace(_TARGET, _listed(list(dict.fromkeys(self.targets))))
        count = f"{len(self.labels)} target{'s' if len(self.labels) > 1 else ''}"
        lead = f"{count} ({', '.join(self.labels)})"
        return TargetProblems(lead, (f"{self.path}: {message}",), self.path, self.severity)


_TARGET = "\0"
"""Where a grouped message named its target (no message holds a NUL character)."""


def _listed(items: list[str], most: int = 4) -> str:
    """'a', 'a and b', 'a, b and c', 'a, b, c and 20 more' (the lead lists every target)."""
    if len(items) > most:
        items = [*items[: most - 1], f"{len(items) - most + 1} more"]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def plan(
    base: Draft, keys: list[str], base_name: str
) -> tuple[list[FleetMember], list[TargetProblems]]:
    """The fleet's members, and the findings of each target whose request is not valid for a
    reason of its own; the errors and warnings at a draft field are grouped across targets,
    errors first (the draft's shared errors are `draft_problems`, said once)."""
    members: list[FleetMember] = []
    problems: list[TargetProblems | _FieldProblem] = []
    seen: set[str] = set()
    labels = dict(target_keys())
    _, base_found = base.check()  # once: the shared errors and the warnings Review said
    shared = {
        (p.path, p.message) for p in _shared_errors(base_found, target_label(base.target_api()))
    }
    said = {(p.path, p.message) for p in base_found if p.severity == "warning"}
    fields: dict[tuple[str, str, str], _FieldProblem] = {}

    def group(field: Problem, label: str, target: str) -> None:
        """Adds this target to the group of its finding at a draft field."""
        template = field.message.replace(target, _TARGET) if target else field.message
        grouped = fields.get((field.path, template, field.severity))
        if grouped is None:
            grouped = fields[field.path, template, field.severity] = _FieldProblem(
                field.path, template, field.severity, [], []
            )
            problems.append(grouped)  # said where the first target was
        grouped.labels.append(label)
        grouped.targets.append(target)

    for key in keys:
        draft = member_draft(base, key)
        draft.job_name = fleet_job_name(base_name, key)
        if draft.job_name in seen:
            problems.append(TargetProblems(labels.get(key, key), ("listed twice.",)))
            continue
        seen.add(draft.job_name)
        request, found = draft.check()
        if request is None:
            errors = [
                p for p in found if p.severity == "error" and (p.path, p.message) not in shared
            ]
            own = tuple(str(p) for p in errors if not _draft_field(p))
            if own:
                problems.append(TargetProblems(labels.get(key, key), own))
            target = target_label(draft.target_api())
            for field in (p for p in errors if _draft_field(p)):  # PyTorch 2.0 without shapes
                group(field, labels.get(key, key), target)
            continue
        label = labels.get(key, key)
        warnings = [p for p in found if p.severity == "warning" and (p.path, p.message) not in said]
        for field in (p for p in warnings if _draft_field(p)):  # a version not listed for the
            group(field, label, target_label(draft.target_api()))  # edge devices, say
        warned = tuple(str(p) for p in warnings if not _draft_field(p))
        members.append(FleetMember(key, label, draft.job_name, request.to_api(), warned))
    said_once = [p.said() if isinstance(p, _FieldProblem) else p for p in problems]
    return members, sorted(said_once, key=lambda p: p.severity != "error")


def _elsewhere(name: str, record: JobRecord | None, fleet_id: str) -> str:
    """Where an existing job of this name came from, as a sentence (None-safe)."""
    if record is not None and record.fleet and record.fleet != fleet_id:
        origin = f"from an earlier fleet ({record.fleet})"
    elif record is not None and not record.fleet:
        origin = "from an earlier single submission (Configure page)"
    else:
        origin = "on the endpoint, made outside this app"
    return (
        f"A job named {name} already exists {origin}; no new job was created. "
        "To compile again, choose a new base name."
    )


def existing(
    store: Store, endpoint: str, members: list[FleetMember], fleet_id: str | None
) -> dict[str, str]:
    """Members whose name the store already records as submitted outside this fleet, with why.

    Shown before submission, so reusing a base name after "Start a new fleet" is not a surprise.
    """
    found: dict[str, str] = {}
    for member in members:
        record = store.get_job(member.job_name, endpoint)
        if record is not None and record.state == "submitted" and record.fleet != fleet_id:
            found[member.job_name] = _elsewhere(member.job_name, record, fleet_id or "")
    return found


@dataclass(frozen=True)
class MemberOutcome:
    """What happened to one target: its status word for the table and a sentence."""

    member: FleetMember
    message: str
    status: str = SUBMITTED
    retryable: bool = False

    @property
    def ok(self) -> bool:
        return self.status != FAILED

    @property
    def already_existed(self) -> bool:
        return self.status in (ALREADY, EARLIER)


def submit_member(
    client: NeoClient, store: Store, member: FleetMember, fleet_id: str
) -> MemberOutcome:
    """Submits one target through the store (so a submitted name is never sent again)."""
    try:
        known = store.get_job(member.job_name, client.endpoint)
        result = submit_and_record(client, store, member.request, fleet=fleet_id)
    except AwsError as exc:
        message = exc.message
        if exc.code == "ResourceInUse":
            message += " In a fleet, choose a new base name."
        return MemberOutcome(member, message, FAILED, retryable=exc.retryable)
    arn = result.arn or ""
    if not result.already_existed:
        return MemberOutcome(member, arn)
    if known is not None and known.fleet == fleet_id:
        note = "Created by an earlier attempt of this fleet; not sent again."
        return MemberOutcome(member, f"{note} {arn}".strip(), ALREADY)
    return MemberOutcome(member, _elsewhere(member.job_name, known, fleet_id), EARLIER)


def submit(
    client: NeoClient,
    store: Store,
    members: list[FleetMember],
    fleet_id: str,
    workers: int = DEFAULT_WORKERS,
) -> Iterator[MemberOutcome]:
    """Submits members on a pool of `workers` threads and yields each outcome as it arrives.

    A member whose name the store already records as submitted is not sent again, so retrying a
    partly failed fleet submits only the targets that failed. If the caller stops reading (the
    page's run is interrupted), targets not yet started are cancelled rather than sent unseen;
    those already in flight finish and are recorded.
    """
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fleet")
    try:
        futures = [pool.submit(submit_member, client, store, m, fleet_id) for m in members]
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
