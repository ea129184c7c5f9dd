"""The Jobs page's fleet view: a fleet's targets side by side, with their jobs' states."""

from __future__ import annotations

import streamlit as st

from core.aws.client import JobListing
from core.errors import AwsError
from core.jobs.fleet import base_of
from core.jobs.store import JobRecord
from core.spec.target import target_label
from ui import connection, keys, state
from ui.text import plain
from ui.widgets import reasons_in_full

ALL_JOBS = "All jobs"


def fleet_filter() -> str | None:
    """A fleet to show side by side, from the store's fleets on this endpoint (or ?fleet=)."""
    fleets = state.store().fleet_names(endpoint=connection.client().endpoint)
    wanted = st.query_params.get("fleet")
    if wanted in fleets and keys.JOBS_FLEET not in st.session_state:
        st.session_state[keys.JOBS_FLEET] = wanted
    choice = st.selectbox(
        "Fleet",
        [ALL_JOBS, *fleets],
        format_func=lambda fleet: _fleet_label(fleet, *fleets[fleet]) if fleet in fleets else fleet,
        key=keys.JOBS_FLEET,
    )
    if wanted and wanted not in fleets and choice == ALL_JOBS:  # a link's fleet made no job
        st.caption(
            f"Fleet {plain(wanted)} has no job recorded on this connection (its targets' jobs "
            "existed already, or none was created): all jobs are listed."
        )
    return None if choice == ALL_JOBS else choice


def _fleet_label(fleet_id: str, job_name: str, jobs: int) -> str:
    """A fleet as its user knows it: by the base name of its jobs (its id is random)."""
    return f"{base_of(job_name)} ({jobs} job{'s' if jobs != 1 else ''}, {fleet_id})"


def fleet_title(fleet_id: str, records: list[JobRecord]) -> str:
    """The heading of a fleet's view: its base name first, its id after."""
    named = min((record.job_name for record in records), default="")
    return f"Fleet {base_of(named)} ({fleet_id})" if named else f"Fleet {fleet_id}"


def fleet_records(fleet_id: str) -> list[JobRecord]:
    """The store's records of a fleet on this endpoint, read once per run for table and listing."""
    return state.store().list_jobs(fleet=fleet_id, endpoint=connection.client().endpoint)


def _look_up(names: list[str]) -> None:
    """Describes, on request, the fleet's jobs the listing did not return."""
    found: dict[str, str] = st.session_state.setdefault(keys.JOBS_LOOKED_UP, {})
    for name in names:
        try:
            found[name] = connection.client().describe(name).status
        except AwsError as exc:  # a job deleted since (here or elsewhere) is not found
            found[name] = "not found (deleted?)" if "NotFound" in exc.code else exc.code


def _failure_reason(name: str) -> str:
    """Why a FAILED job failed: the listing does not say, so it is described once (a failed
    job's reason never changes) and kept for the session."""
    endpoint = connection.client().endpoint
    known: dict[tuple[str, str], str] = st.session_state.setdefault(keys.JOBS_FAILURE_REASONS, {})
    if (endpoint, name) not in known:
        try:
            known[(endpoint, name)] = connection.client().describe(name).failure_reason
        except AwsError as exc:
            return exc.message  # not kept: the next run asks again
    return known[(endpoint, name)]


def fleet_view(records: list[JobRecord], listing: JobListing | None) -> None:
    """One row per target of the fleet; statuses come from this run's listing, not a describe
    per target (a FAILED job is described once, for its reason)."""
    listed = {job.name: job for job in (listing.jobs if listing else [])}
    looked_up = st.session_state.get(keys.JOBS_LOOKED_UP, {})
    rows_out, missing = [], []
    for record in records:
        status = "not created"
        if record.state == "submitted":
            summary = listed.get(record.job_name)
            if summary is not None:
                status = summary.status
            elif record.job_name in looked_up:
                status = looked_up[record.job_name]
            else:
                status = "not listed"
                missing.append(record.job_name)
        rows_out.append(
            {
                "Target": target_label(record.request.get("OutputConfig") or {}),
                "Job": record.job_name,
                "Submission": record.state,
                "Status": status,
                "Error": record.error_message
                or (_failure_reason(record.job_name) if status == "FAILED" else ""),
            }
        )
    st.dataframe(rows_out, hide_index=True, width="stretch", key=keys.JOBS_FLEET_TABLE)
    failed = [(f"{row['Target']} ({row['Job']})", row["Error"]) for row in rows_out if row["Error"]]
    reasons_in_full(f"Why {len(failed)} job(s) failed", failed)
    if missing:
        st.button(
            f"Look up {len(missing)} job(s) not in the list",
            on_click=_look_up,
            args=(missing,),
            key=keys.JOBS_FLEET_LOOK_UP,
        )
