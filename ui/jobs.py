"""The Jobs page's parts: the table, the live detail view and the actions on a job."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import streamlit as st

from core import catalog
from core.connection import is_aws_endpoint
from core.draft import Draft, default_job_name
from core.errors import AwsError
from core.request import request_fields
from core.sagemaker import (
    MAX_LISTED,
    TERMINAL_STATES,
    JobListing,
    console_url,
    matching,
    reconcile,
)
from core.store import JobRecord
from ui import connection, state

SELECTED_KEY = "jobs_selected"
GO_TO_WIZARD = "jobs_go_to_wizard"
RUNNING_KEY = "jobs_running"
PICKED_KEY = "jobs_picked"
LOOKED_UP_KEY = "jobs_fleet_looked_up"
MESSAGE_KEY = "jobs_message"
STATUSES = ["All", *catalog.service_model().shape_for("CompilationJobStatus").enum]


def _target(summary: dict[str, Any]) -> str:
    if summary.get("CompilationTargetDevice"):
        return summary["CompilationTargetDevice"]
    parts = [
        summary.get(k)
        for k in (
            "CompilationTargetPlatformOs",
            "CompilationTargetPlatformArch",
            "CompilationTargetPlatformAccelerator",
        )
    ]
    return " / ".join(p for p in parts if p)


def rows(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "Job": job["CompilationJobName"],
            "Status": job.get("CompilationJobStatus", ""),
            "Target": _target(job),
            "Created": job.get("CreationTime"),
            "Ended": job.get("CompilationEndTime"),
        }
        for job in jobs
    ]


def load(
    status: str, name_contains: str, fleet_records: list[JobRecord] | None
) -> JobListing | None:
    """This run's one ListCompilationJobs (paginated, capped); None after showing why it failed.

    With a fleet's records, the listing is that fleet's jobs, all statuses (the fleet table needs
    them all; the job table filters them itself).
    """
    try:
        if fleet_records is not None:
            names = [r.job_name for r in fleet_records if r.state == "submitted"]
            return connection.client().list_named(names)
        return connection.client().listing(
            status=None if status == "All" else status, name_contains=name_contains or None
        )
    except AwsError as exc:
        st.error(exc.message, icon=":material/error:")
        return None


def refresh_seconds() -> float | None:
    """Poll quickly on the local endpoint, gently on AWS (List calls are rate limited)."""
    return 2.0 if connection.current().local else 10.0


def refresh_every() -> float | None:
    """The live part's timer: on only while the last listing had a job still running."""
    return refresh_seconds() if st.session_state.get(RUNNING_KEY) else None


def any_running(jobs: list[dict[str, Any]] | None) -> bool:
    return any(j.get("CompilationJobStatus") not in TERMINAL_STATES for j in jobs or [])


def _follow(running: bool) -> None:
    """Turns the timer on when a job starts running and off when the last one ends."""
    if running != bool(st.session_state.get(RUNNING_KEY)):
        st.session_state[RUNNING_KEY] = running
        st.rerun()


def live_view(listing: JobListing | None, status: str, name_contains: str) -> None:
    """Table and detail of one listing; the page reruns when the timer must start or stop.

    The page's message is dropped only after that rerun decision, so a rerun still shows it.
    """
    if listing is not None:
        _follow(_live_view(listing, status, name_contains))
    st.session_state.pop(MESSAGE_KEY, None)


def _live_view(listing: JobListing, status: str, name_contains: str) -> bool:
    jobs = matching(listing.jobs, None if status == "All" else status, name_contains or None)
    if listing.truncated:
        st.caption(
            f"Showing the newest {MAX_LISTED} jobs only; filter by name or status to find others."
        )
    running = any_running(listing.jobs)
    if not jobs:
        st.info("No compilation jobs yet. Submit one from the Review step of Configure.")
    else:
        if running:
            st.caption(f"Refreshing every {refresh_seconds():g} s while jobs are running…")
        _table(jobs)
    chosen = st.session_state.get(SELECTED_KEY)
    if chosen:
        running = detail(chosen) or running
    return running


def _table(jobs: list[dict[str, Any]]) -> None:
    """The jobs table. A click selects a job by name: the table's key follows the names shown,
    so a selection made on one list never lands on another job once the list changes."""
    names = [job["CompilationJobName"] for job in jobs]
    key = "jobs_table_" + hashlib.sha1("\n".join(names).encode()).hexdigest()[:12]
    event = st.dataframe(
        rows(jobs),
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )
    picked = list(event.selection.rows) if event and event.selection else []
    if st.session_state.get(PICKED_KEY) != (key, picked):
        st.session_state[PICKED_KEY] = (key, picked)
        if picked and picked[0] < len(names):
            st.session_state[SELECTED_KEY] = names[picked[0]]


def _stop(name: str) -> None:
    try:
        connection.client().stop(name)
        st.session_state[MESSAGE_KEY] = ("ok", f"Stopping {name}.")
    except AwsError as exc:
        st.session_state[MESSAGE_KEY] = ("error", exc.message)


def _delete(name: str) -> None:
    try:
        connection.client().delete(name)
        st.session_state[MESSAGE_KEY] = ("ok", f"Deleted {name}.")
        st.session_state.pop(SELECTED_KEY, None)
    except AwsError as exc:
        st.session_state[MESSAGE_KEY] = ("error", exc.message)


def _clone(name: str, request: dict[str, Any]) -> None:
    draft = Draft.from_api(request, name=f"Copy of {name}")
    draft.job_name = default_job_name()
    draft.step = 4
    state.replace_draft(draft)
    st.session_state[GO_TO_WIZARD] = True


ALL_JOBS = "All jobs"


def fleet_filter() -> str | None:
    """A fleet to show side by side, from the store's fleets on this endpoint (or ?fleet=)."""
    fleets = state.store().list_fleets(endpoint=connection.client().endpoint)
    wanted = st.query_params.get("fleet")
    if wanted in fleets and "jobs_fleet" not in st.session_state:
        st.session_state["jobs_fleet"] = wanted
    choice = st.selectbox("Fleet", [ALL_JOBS, *fleets], key="jobs_fleet")
    return None if choice == ALL_JOBS else choice


def fleet_records(fleet_id: str) -> list[JobRecord]:
    """The store's records of a fleet on this endpoint, read once per run for table and listing."""
    return state.store().list_jobs(fleet=fleet_id, endpoint=connection.client().endpoint)


def _look_up(names: list[str]) -> None:
    """Describes, on request, the fleet's jobs the listing did not return."""
    found: dict[str, str] = st.session_state.setdefault(LOOKED_UP_KEY, {})
    for name in names:
        try:
            found[name] = connection.client().describe(name)["CompilationJobStatus"]
        except AwsError as exc:
            found[name] = exc.code


def fleet_view(records: list[JobRecord], listing: JobListing | None) -> None:
    """One row per target of the fleet; statuses come from this run's listing, not a describe
    per target."""
    listed = {job["CompilationJobName"]: job for job in (listing.jobs if listing else [])}
    looked_up = st.session_state.get(LOOKED_UP_KEY, {})
    rows_out, missing = [], []
    for record in records:
        status = "not created"
        if record.state == "submitted":
            summary = listed.get(record.job_name)
            if summary is not None:
                status = summary.get("CompilationJobStatus", "")
            elif record.job_name in looked_up:
                status = looked_up[record.job_name]
            else:
                status = "not listed"
                missing.append(record.job_name)
        rows_out.append(
            {
                "Target": _target_of(record.request),
                "Job": record.job_name,
                "Submission": record.state,
                "Status": status,
                "Error": record.error_message or "",
            }
        )
    st.dataframe(rows_out, hide_index=True, width="stretch", key="jobs_fleet_table")
    if missing:
        st.button(
            f"Look up {len(missing)} job(s) not in the list",
            on_click=_look_up,
            args=(missing,),
            key="jobs_fleet_look_up",
        )


def reconcile_pending() -> None:
    """Settles submissions a crash left half-recorded, once per session and endpoint."""
    neo = connection.client()
    if st.session_state.get("jobs_reconciled") == neo.endpoint:
        return
    st.session_state["jobs_reconciled"] = neo.endpoint
    try:
        settled = reconcile(neo, state.store())
    except AwsError:
        return
    if settled:
        text = f"Settled {settled} submission(s) left unfinished by an earlier session."
        st.session_state[MESSAGE_KEY] = ("info", text)


def select_from_url() -> None:
    """`?job=NAME` opens that job's detail (the link after a submission uses it)."""
    name = st.query_params.get("job")
    if name:
        st.session_state[SELECTED_KEY] = name
        del st.query_params["job"]  # read once: picking another job in the table must stick


def messages() -> None:
    message = st.session_state.get(MESSAGE_KEY)
    if message:
        show = {"ok": st.success, "info": st.info}.get(message[0], st.error)
        show(message[1])


def _request_of(name: str, job: dict[str, Any]) -> dict[str, Any]:
    """The request as this app sent it (tags included) when the store has it; else rebuilt
    from the describe response, which has no tags."""
    record = state.store().get_job(name, connection.client().endpoint)
    if record is not None:
        return record.request
    return {k: job[k] for k in request_fields() if k in job}


def detail(name: str) -> bool:
    """The job laid out for people; True while it is still running."""
    neo = connection.client()
    try:
        job = neo.describe(name)
    except AwsError as exc:
        st.error(exc.message, icon=":material/error:")
        return False
    status = job.get("CompilationJobStatus", "")
    running = status not in TERMINAL_STATES
    st.subheader(name)
    left, right = st.columns(2)
    left.metric("Status", status)
    right.metric("Target", _target_of(job))
    if running:
        st.progress(0.5 if status == "INPROGRESS" else 0.15, text=f"{status.title()}…")
    if job.get("FailureReason"):
        st.error(f"Failure reason: {job['FailureReason']}")
        st.caption(
            f"Details are in CloudWatch Logs, group /aws/sagemaker/CompilationJobs, stream {name}."
        )
    artifacts = (job.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if artifacts:
        st.markdown(f"**Compiled model:** `{artifacts}`")
    digest = (job.get("ModelDigests") or {}).get("ArtifactDigest")
    if digest:
        st.markdown(f"**Model digest:** `{digest}`")
    times = {
        k: str(job[k])
        for k in ("CreationTime", "CompilationStartTime", "CompilationEndTime")
        if job.get(k)
    }
    st.caption(" · ".join(f"{k}: {v}" for k, v in times.items()))
    conn = connection.current()
    if not conn.local and is_aws_endpoint(neo.endpoint_url):
        st.link_button("Open in the AWS console", console_url(conn.region, name))
    request = _request_of(name, job)
    actions = st.columns(3)
    actions[0].button(
        "Stop", on_click=_stop, args=(name,), disabled=not running, key="jobs_stop", width="stretch"
    )
    actions[1].button(
        "Clone into a new draft",
        on_click=_clone,
        args=(name, request),
        key="jobs_clone",
        width="stretch",
    )
    actions[2].button(
        "Delete",
        on_click=_delete,
        args=(name,),
        disabled=running,
        key="jobs_delete",
        width="stretch",
    )
    with st.expander("Request as submitted"):
        st.code(json.dumps(request, indent=2, default=str), language="json")
    return running


def _target_of(job: dict[str, Any]) -> str:
    """The target of a request or a describe response (both carry OutputConfig)."""
    output = job.get("OutputConfig") or {}
    if output.get("TargetDevice"):
        return output["TargetDevice"]
    platform = output.get("TargetPlatform") or {}
    return " / ".join(v for v in platform.values() if v)
