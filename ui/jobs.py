"""The Jobs page's parts: the table, the live detail view and the actions on a job."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from core import catalog
from core.draft import Draft, default_job_name
from core.errors import AwsError
from core.sagemaker import TERMINAL_STATES, console_url, reconcile
from ui import connection, state

SELECTED_KEY = "jobs_selected"
GO_TO_WIZARD = "jobs_go_to_wizard"
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


def load_jobs(
    status: str, name_contains: str, *, quiet: bool = False
) -> list[dict[str, Any]] | None:
    try:
        return connection.client().list_jobs(
            status=None if status == "All" else status, name_contains=name_contains or None
        )
    except AwsError as exc:
        if not quiet:
            st.error(exc.message, icon=":material/error:")
        return None


def refresh_seconds() -> float | None:
    """Poll quickly on the local endpoint, gently on AWS (List calls are rate limited)."""
    return 2.0 if connection.current().local else 10.0


def any_running(jobs: list[dict[str, Any]] | None) -> bool:
    return any(j.get("CompilationJobStatus") not in TERMINAL_STATES for j in jobs or [])


def live_view(status: str, name_contains: str, *, was_running: bool) -> None:
    """Table and detail; reruns the whole page once the last running job has finished."""
    jobs = load_jobs(status, name_contains)
    if jobs is None:
        return
    if not jobs:
        st.info("No compilation jobs yet. Submit one from the Review step of Configure.")
        return
    running = any_running(jobs)
    if running:
        st.caption(f"Refreshing every {refresh_seconds():g} s while jobs are running…")
    event = st.dataframe(
        rows(jobs),
        key="jobs_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )
    selected = event.selection.rows if event and event.selection else []
    if selected and selected[0] < len(jobs):
        st.session_state[SELECTED_KEY] = jobs[selected[0]]["CompilationJobName"]
    chosen = st.session_state.get(SELECTED_KEY)
    if chosen:
        detail(chosen)
    if was_running and not running:
        st.rerun()


def _stop(name: str) -> None:
    try:
        connection.client().stop(name)
        st.session_state["jobs_message"] = ("ok", f"Stopping {name}.")
    except AwsError as exc:
        st.session_state["jobs_message"] = ("error", exc.message)


def _delete(name: str) -> None:
    try:
        connection.client().delete(name)
        st.session_state["jobs_message"] = ("ok", f"Deleted {name}.")
        st.session_state.pop(SELECTED_KEY, None)
    except AwsError as exc:
        st.session_state["jobs_message"] = ("error", exc.message)


def _clone(job: dict[str, Any]) -> None:
    draft = Draft.from_api(job, name=f"Copy of {job['CompilationJobName']}")
    draft.job_name = default_job_name()
    draft.step = 4
    state.replace_draft(draft)
    st.session_state[GO_TO_WIZARD] = True


ALL_JOBS = "All jobs"


def fleet_filter() -> str | None:
    """A fleet to show side by side, from the store's fleets (or ?fleet= in the URL)."""
    fleets = state.store().list_fleets()
    wanted = st.query_params.get("fleet")
    if wanted in fleets and "jobs_fleet" not in st.session_state:
        st.session_state["jobs_fleet"] = wanted
    choice = st.selectbox("Fleet", [ALL_JOBS, *fleets], key="jobs_fleet")
    return None if choice == ALL_JOBS else choice


def fleet_view(fleet_id: str) -> None:
    """One row per target of the fleet, with its live status on the endpoint."""
    records = state.store().list_jobs(fleet=fleet_id)
    rows_out = []
    for record in records:
        output = record.request.get("OutputConfig", {})
        target = output.get("TargetDevice") or " / ".join(
            (output.get("TargetPlatform") or {}).values()
        )
        status = "not created"
        if record.state == "submitted":
            try:
                status = connection.client().describe(record.job_name)["CompilationJobStatus"]
            except AwsError as exc:
                status = exc.code
        rows_out.append(
            {
                "Target": target,
                "Job": record.job_name,
                "Submission": record.state,
                "Status": status,
                "Error": record.error_message or "",
            }
        )
    st.dataframe(rows_out, hide_index=True, width="stretch")


def reconcile_pending() -> None:
    """Settles submissions a crash left half-recorded, once per session."""
    if st.session_state.get("jobs_reconciled"):
        return
    st.session_state["jobs_reconciled"] = True
    try:
        settled = reconcile(connection.client(), state.store(), connection.current().label)
    except AwsError:
        return
    if settled:
        st.info(f"Settled {settled} submission(s) left unfinished by an earlier session.")


def select_from_url() -> None:
    """`?job=NAME` opens that job's detail (the link after a submission uses it)."""
    name = st.query_params.get("job")
    if name:
        st.session_state[SELECTED_KEY] = name


def messages() -> None:
    message = st.session_state.pop("jobs_message", None)
    if message:
        (st.success if message[0] == "ok" else st.error)(message[1])


def detail(name: str) -> None:
    try:
        job = connection.client().describe(name)
    except AwsError as exc:
        st.error(exc.message, icon=":material/error:")
        return
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
    if not conn.local:
        st.link_button("Open in the AWS console", console_url(conn.region, name))
    actions = st.columns(3)
    actions[0].button(
        "Stop", on_click=_stop, args=(name,), disabled=not running, key="jobs_stop", width="stretch"
    )
    actions[1].button(
        "Clone into a new draft", on_click=_clone, args=(job,), key="jobs_clone", width="stretch"
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
        request = {
            k: job[k]
            for k in (
                "CompilationJobName",
                "RoleArn",
                "InputConfig",
                "OutputConfig",
                "StoppingCondition",
                "VpcConfig",
            )
            if k in job
        }
        st.code(json.dumps(request, indent=2, default=str), language="json")


def _target_of(job: dict[str, Any]) -> str:
    output = job.get("OutputConfig") or {}
    if output.get("TargetDevice"):
        return output["TargetDevice"]
    platform = output.get("TargetPlatform") or {}
    return " / ".join(v for v in platform.values() if v)
