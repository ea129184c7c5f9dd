"""The Fleet page's parts: choose targets, submit one job each, follow and retry them.

Submit and Retry only ask for a submission (on_click callbacks); the submission itself runs
once in the page body, with a live progress bar and table, and then reruns the page so every
button is drawn from the results it produced (a button drawn before them would be stale).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.draft.names import fleet_base
from core.draft.steps import STEPS, step_for
from core.errors import quote
from core.jobs import fleet
from ui import binding, connection, keys, state
from ui.configure import local_check
from ui.text import cited_each, plain
from ui.widgets import problem_line, reasons_in_full


@dataclass(frozen=True)
class Pending:
    """A submission a button asked for on this run: these members, on this many workers."""

    members: list[fleet.FleetMember]
    workers: int


SUBMITTING = "submitting…"
INTERRUPTED = "interrupted"
RETRYABLE = frozenset({fleet.FAILED, SUBMITTING, INTERRUPTED})
INTERRUPTED_MESSAGE = (
    "The page was interrupted before this target's answer arrived. Retry it: a job that was "
    "created meanwhile is recognised by its name, never created twice."
)


def _restore(key: str, value: Any) -> None:
    """Puts back a widget's last value: Streamlit forgets a widget's state when a page without
    it runs, so the targets picked were gone on return from the Jobs page while the results of
    their submission were still shown."""
    if key not in st.session_state:
        st.session_state[key] = value


def target_picker() -> list[str]:
    labels = dict(fleet.target_keys())
    kept = st.session_state.get(keys.FLEET_TARGETS_KEPT, [])
    _restore(keys.FLEET_TARGETS, [key for key in kept if key in labels])
    chosen = st.multiselect(
        "Targets",
        list(labels),
        format_func=lambda key: labels.get(key, key),
        key=keys.FLEET_TARGETS,
        placeholder="Presets and devices; type to search",
        wrap=True,
        # each target is a paid job: Enter adds the first match, not "Select 3 matches", and a
        # search for ml_c5 matches no amba_cv25 (the fuzzy default's subsequence)
        select_all=False,
        filter_mode="contains",
        help="One compilation job per target, all from the current draft's model and output.",
    )
    st.session_state[keys.FLEET_TARGETS_KEPT] = chosen
    return chosen


def base_name_input(draft: Draft) -> str:
    kept = st.session_state.get(keys.FLEET_BASE_KEPT)
    _restore(keys.FLEET_BASE, fleet_base(draft.job_name) if kept is None else kept)
    typed = st.text_input(
        "Base job name",
        key=keys.FLEET_BASE,
        help="Each job is named <base>-<target>, in ASCII letters, digits and hyphens, "
        "within 63 characters.",
    )
    st.session_state[keys.FLEET_BASE_KEPT] = typed
    used = fleet.name_base(typed)
    if typed and used != typed:  # the names below use it: said, so the change is no surprise
        st.caption(
            f"The job names begin with {plain(quote(used))}: a job name takes ASCII letters, "
            "digits and single hyphens only."
        )
    return typed


def _fix_in_wizard(step: int) -> None:
    binding.go_to(step)
    st.session_state[keys.FLEET_GO_TO_WIZARD] = True


def draft_problems(draft: Draft) -> None:
    """The draft's own problems, which every target shares: once, each with the step to fix it."""
    shared = fleet.draft_problems(draft)
    if not shared:
        return
    st.error(
        f"The draft has {len(shared)} problem{'s' if len(shared) > 1 else ''} every target "
        f"would share; fix {'them' if len(shared) > 1 else 'it'} in Configure:",
        icon=":material/error:",
    )
    for index, problem in enumerate(shared):
        text_col, link_col = st.columns([2, 1], vertical_alignment="center")  # labels whole
        text_col.markdown(problem_line(problem))
        _fix_link(link_col, problem.path, f"fleet_fix_{index}")


def _fix_link(place: Any, path: str, key: str) -> None:
    step = step_for(path)
    place.button(
        f"Fix in {STEPS[step]}", key=key, on_click=_fix_in_wizard, args=(step,), width="stretch"
    )


def plan_view(draft: Draft, targets: list[str], base: str) -> list[fleet.FleetMember]:
    members, problems = fleet.plan(draft, targets, base)
    for index, problem in enumerate(problems):
        said = cited_each(problem.label, problem.messages)
        if not problem.path:  # the target's own: fixed by its options or another target
            st.error(said, icon=":material/error:")
            continue
        text_col, link_col = st.columns([2, 1], vertical_alignment="center")
        if problem.severity == "error":  # a draft field these targets refuse
            text_col.error(said, icon=":material/error:")
        else:  # or warn about alike: sent with them, as Review sends the draft with its own
            text_col.warning(said, icon=":material/warning:")
        _fix_link(link_col, problem.path, f"fleet_fix_field_{index}")
    warned = [m for m in members if m.warnings]
    if warned:  # sent with them, as Review sends the draft with its own: said before Submit
        with st.expander(
            f"Warnings for {len(warned)} target{'s' if len(warned) > 1 else ''} (sent with them)",
            expanded=len(warned) <= 3,
            icon=":material/warning:",
        ):
            for member in warned:
                st.warning(cited_each(member.label, member.warnings))
    if members:
        st.dataframe(
            [{"Target": m.label, "Job name": m.job_name} for m in members],
            hide_index=True,
            width="stretch",
        )
        earlier = fleet.existing(
            state.store(),
            connection.client().endpoint,
            members,
            st.session_state.get(keys.FLEET_ID),
        )
        if earlier:
            st.warning(
                f"{len(earlier)} of these job names already exist from an earlier fleet or "
                "submission; they will not be created again. To compile again, choose a new "
                "base name.",
                icon=":material/warning:",
            )
    return members


def _request(members: list[fleet.FleetMember], workers: int) -> None:
    st.session_state[keys.FLEET_PENDING] = Pending(list(members), workers)


def retryable() -> list[fleet.FleetMember]:
    """Targets that failed, or whose answer an interrupted run never showed."""
    results = st.session_state.get(keys.FLEET_RESULTS, {})
    sent = st.session_state.get(keys.FLEET_MEMBERS, {})
    return [
        sent[name] for name, row in results.items() if row["Status"] in RETRYABLE and name in sent
    ]


def actions(members: list[fleet.FleetMember], workers: int) -> None:
    """Submit, Retry and New fleet; all disabled while a submission is under way."""
    busy = keys.FLEET_PENDING in st.session_state
    again = retryable()
    go, retry, reset = st.columns(3)
    go.button(
        "Submit fleet",
        type="primary",
        on_click=_request,
        args=(members, workers),
        disabled=busy or not members,
        width="stretch",
    )
    retry.button(
        "Retry failed targets",
        on_click=_request,
        args=(again, workers),
        disabled=busy or not again,
        help="Sends again only the targets that failed or were interrupted.",
        width="stretch",
    )
    reset.button("Start a new fleet", on_click=new_fleet, disabled=busy, width="stretch")


def status() -> None:
    """Runs a requested submission live, then reruns; otherwise shows the fleet's results."""
    pending: Pending | None = st.session_state.pop(keys.FLEET_PENDING, None)
    if pending:  # popped first: an interruption ends it
        submit_all(pending.members, pending.workers)
        st.rerun()
    results_view()


def _table(rows: list[dict[str, str]], key: str | None = None) -> None:
    """The submission of each target; its column is headed so (a job's own state, which
    changes after, is on the Jobs page: "submitted" read as the job's state)."""
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        key=key,
        column_config={"Status": st.column_config.TextColumn("Submission")},
    )


def submit_all(members: list[fleet.FleetMember], workers: int) -> None:
    """Submits on a bounded pool; the progress bar and table update as each answer arrives."""
    fleet_id = st.session_state.setdefault(keys.FLEET_ID, f"fleet-{uuid.uuid4().hex[:8]}")
    results: dict[str, dict[str, str]] = st.session_state.setdefault(keys.FLEET_RESULTS, {})
    sent: dict[str, fleet.FleetMember] = st.session_state.setdefault(keys.FLEET_MEMBERS, {})
    for member in members:
        sent[member.job_name] = member
        results[member.job_name] = {
            "Target": member.label,
            "Job name": member.job_name,
            "Status": SUBMITTING,
            "Message": "",
        }
    progress = st.progress(0.0, text=f"Submitting 0 of {len(members)}…")
    table = st.empty()
    with table:
        _table(list(results.values()))
    client = connection.client()
    outcomes = fleet.submit(client, state.store(), members, fleet_id, workers)
    for done, outcome in enumerate(outcomes, start=1):
        row = results[outcome.member.job_name]
        row["Status"], row["Message"] = outcome.status, outcome.message
        progress.progress(done / len(members), text=f"{done} of {len(members)} answered")
        with table:
            _table(list(results.values()))


def results_view() -> None:
    """The fleet's progress and its per-target table, as the last submission left them."""
    results: dict[str, dict[str, str]] = st.session_state.get(keys.FLEET_RESULTS, {})
    if not results:
        return
    for row in results.values():
        if row["Status"] == SUBMITTING:  # no submission runs now: its run was interrupted
            row["Status"], row["Message"] = INTERRUPTED, INTERRUPTED_MESSAGE
    rows = list(results.values())
    counts = {word: sum(r["Status"] == word for r in rows) for word in {r["Status"] for r in rows}}
    answered = len(rows) - counts.get(INTERRUPTED, 0)
    summary = ", ".join(f"{word}: {n}" for word, n in sorted(counts.items()))  # "2 exists" read ill
    st.progress(answered / len(rows), text=f"{answered} of {len(rows)} targets answered: {summary}")
    _table(rows, key=keys.FLEET_TABLE)
    _failures(rows)
    _jobs_link({row["Status"] for row in rows})


def _failures(rows: list[dict[str, str]]) -> None:
    """Why each failed target failed, in full (a table cell would cut the sentence)."""
    failed = [row for row in rows if row["Status"] in (fleet.FAILED, INTERRUPTED)]
    reasons_in_full(
        f"Why {len(failed)} target(s) did not submit",
        [(row["Target"], row["Message"]) for row in failed],
    )


def _jobs_link(statuses: set[str]) -> None:
    """The Jobs page filtered to this fleet when it has jobs (its filter lists only fleets that
    do: it showed every job, saying nothing); none when every target failed (listed above)."""
    fleet_id = str(st.session_state.get(keys.FLEET_ID))
    if not statuses & {fleet.SUBMITTED, fleet.ALREADY}:
        if fleet.EARLIER in statuses:
            st.caption(
                f"Fleet {plain(fleet_id)} created no job: the Jobs page lists its targets' "
                "jobs under the fleet that created them."
            )
            st.page_link(
                "app_pages/jobs.py", label="Go to the Jobs page", icon=":material/list_alt:"
            )
        return
    named = min(st.session_state.get(keys.FLEET_RESULTS) or {}, default="")
    st.page_link(
        "app_pages/jobs.py",
        label=f"Follow the jobs of fleet {plain(fleet.base_of(named) or fleet_id)} on the "
        "Jobs page",
        icon=":material/list_alt:",
        query_params={"fleet": fleet_id},
    )


def new_fleet() -> None:
    for key in (keys.FLEET_RESULTS, keys.FLEET_MEMBERS, keys.FLEET_ID, keys.FLEET_PENDING):
        st.session_state.pop(key, None)


def local_checks(draft: Draft, targets: list[str]) -> None:
    """Every chosen target compiled here with TVM, at most two at once, as a table."""
    local_check.fleet_panel(draft, targets)
