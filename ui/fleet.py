"""The Fleet page's parts: choose targets, submit one job each, follow and retry them."""

from __future__ import annotations

import uuid

import streamlit as st

from core import fleet
from core.draft import Draft
from ui import connection, state

RESULTS_KEY = "fleet_results"
FLEET_ID_KEY = "fleet_id"


def target_picker() -> list[str]:
    labels = dict(fleet.target_keys())
    return st.multiselect(
        "Targets",
        list(labels),
        format_func=labels.get,
        key="fleet_targets",
        placeholder="Presets and devices; type to search",
        help="One compilation job per target, all from the current draft's model and output.",
    )


def base_name_input(draft: Draft) -> str:
    st.session_state.setdefault("fleet_base", draft.job_name.rsplit("-", 1)[0][:40])
    return st.text_input(
        "Base job name",
        key="fleet_base",
        help="Each job is named <base>-<target>, within 63 characters.",
    )


def plan_view(draft: Draft, keys: list[str], base: str) -> list[fleet.FleetMember]:
    members, problems = fleet.plan(draft, keys, base)
    for problem in problems:
        st.error(problem, icon=":material/error:")
    if members:
        st.dataframe(
            [{"Target": m.label, "Job name": m.job_name} for m in members],
            hide_index=True,
            width="stretch",
        )
    return members


def submit_all(members: list[fleet.FleetMember], workers: int) -> None:
    """Submits on a bounded pool; the progress bar and table update as each answer arrives."""
    fleet_id = st.session_state.setdefault(FLEET_ID_KEY, f"fleet-{uuid.uuid4().hex[:8]}")
    results: dict[str, dict[str, str]] = st.session_state.setdefault(RESULTS_KEY, {})
    for member in members:
        results[member.job_name] = {
            "Target": member.label,
            "Job name": member.job_name,
            "Status": "submitting…",
            "Message": "",
        }
    progress = st.progress(0.0, text=f"Submitting 0 of {len(members)}…")
    table = st.empty()
    table.dataframe(list(results.values()), hide_index=True, width="stretch")
    outcomes = fleet.submit(
        connection.client(),
        state.store(),
        members,
        connection.current().label,
        fleet_id,
        workers=workers,
    )
    for done, outcome in enumerate(outcomes, start=1):
        row = results[outcome.member.job_name]
        if outcome.ok:
            row["Status"] = "already submitted" if outcome.already_existed else "submitted"
            row["Message"] = outcome.message
        else:
            row["Status"] = "failed"
            row["Message"] = outcome.message
        progress.progress(done / len(members), text=f"Submitted {done} of {len(members)}")
        table.dataframe(list(results.values()), hide_index=True, width="stretch")
    _jobs_link()


def failed(members: list[fleet.FleetMember]) -> list[fleet.FleetMember]:
    results = st.session_state.get(RESULTS_KEY, {})
    return [m for m in members if results.get(m.job_name, {}).get("Status") == "failed"]


def results_table() -> None:
    results = st.session_state.get(RESULTS_KEY)
    if results:
        st.dataframe(list(results.values()), hide_index=True, width="stretch", key="fleet_table")
        _jobs_link()


def _jobs_link() -> None:
    fleet_id = st.session_state.get(FLEET_ID_KEY)
    st.page_link(
        "pages/jobs.py",
        label=f"See fleet {fleet_id} on the Jobs page",
        icon=":material/list_alt:",
        query_params={"fleet": fleet_id},
    )


def new_fleet() -> None:
    st.session_state.pop(RESULTS_KEY, None)
    st.session_state.pop(FLEET_ID_KEY, None)
