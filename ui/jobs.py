"""The Jobs page's parts: the listing, the live detail view and the actions on a job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from core.aws.client import MAX_LISTED, JobListing, console_url, matching, name_filter_problem
from core.aws.endpoints import is_aws_endpoint
from core.aws.responses import JobDescription, JobSummary
from core.draft.model import Draft
from core.draft.names import default_job_name
from core.draft.steps import REVIEW
from core.errors import AwsError
from core.interchange.render import to_json
from core.jobs.store import JobRecord
from core.jobs.submission import reconcile
from core.spec import service
from ui import binding, connection, keys, state
from ui.job_artifact import artifact_download
from ui.job_table import jobs_table, when
from ui.text import code, plain, plain_with_addresses

STATUSES = ["All", *service.enum_values("CompilationJobStatus")]
STATUS_WORDS = {"INPROGRESS": "In progress", "STARTING": "Starting", "STOPPING": "Stopping"}
"""A running job's status as the progress bar says it (str.title() wrote "Inprogress")."""


@dataclass(frozen=True)
class Message:
    """What the last action on a job said, shown above the table."""

    kind: Literal["ok", "info", "error"]
    text: str
    stopping: str = ""
    """The job a Stop was asked for: its detail then says what became of it, as it happens."""


def load(
    status: str, name_contains: str, fleet_records: list[JobRecord] | None
) -> JobListing | None:
    """This run's one ListCompilationJobs (paginated, capped); None after showing why it failed.

    With a fleet's records, the listing is that fleet's jobs, all statuses (the fleet table needs
    them all; the job table filters them itself).
    """
    why_none = name_filter_problem(name_contains) if name_contains else None
    if why_none:  # AWS refuses such a filter: said here, as a filter's outcome, not an error
        st.info(plain(why_none), icon=":material/filter_alt_off:")
        if fleet_records is None:
            return None
    try:
        if fleet_records is not None:
            names = [r.job_name for r in fleet_records if r.state == "submitted"]
            return connection.client().list_named(names)
        return connection.client().listing(
            status=None if status == "All" else status, name_contains=name_contains or None
        )
    except AwsError as exc:
        st.error(plain(exc.message), icon=":material/error:")
        return None


def refresh_seconds() -> float:
    """Poll quickly on the local endpoint, gently on AWS (List calls are rate limited)."""
    return 2.0 if connection.current().local else 10.0


def refresh_every() -> float | None:
    """The live part's timer: on only while the last listing had a job still running."""
    return refresh_seconds() if st.session_state.get(keys.JOBS_RUNNING) else None


def any_running(jobs: list[JobSummary] | None) -> bool:
    return any(job.running for job in jobs or [])


def _follow(running: bool) -> None:
    """Turns the timer on when a job starts running and off when the last one ends."""
    if running != bool(st.session_state.get(keys.JOBS_RUNNING)):
        st.session_state[keys.JOBS_RUNNING] = running
        st.rerun()


def live_view(listing: JobListing | None, status: str, name_contains: str) -> None:
    """Table and detail of one listing; the page reruns when the timer must start or stop.

    The page's message is dropped only after that rerun decision, so a rerun still shows it.
    """
    if listing is not None:
        _live_view(listing, status, name_contains)
    message: Message | None = st.session_state.get(keys.JOBS_MESSAGE)
    if message is not None and not message.stopping:
        st.session_state.pop(keys.JOBS_MESSAGE, None)


def _live_view(listing: JobListing, status: str, name_contains: str) -> None:
    running = any_running(listing.jobs)
    jobs = matching(listing.jobs, None if status == "All" else status, name_contains or None)
    if listing.truncated:
        st.caption(
            f"Showing the newest {MAX_LISTED} jobs only; filter by name or status to find others."
        )
    if not jobs:
        st.info(_empty_state(listing, status, name_contains))
    else:
        if running:
            st.caption(f"Refreshing every {refresh_seconds():g} s while jobs are running…")
        jobs_table(jobs)
    chosen = st.session_state.get(keys.JOBS_SELECTED)  # the table has just set it
    filtered = status != "All" or bool(name_contains)
    message: Message | None = st.session_state.get(keys.JOBS_MESSAGE)
    stopping = message.stopping if message is not None else None
    if filtered and chosen not in {job.name for job in jobs} and chosen != stopping:
        chosen = None  # the filters hide its row: its detail goes with it, unless it is the
        # job just stopped (a Status filter of INPROGRESS hid it before its stop was told)
    described = _describe(chosen) if chosen else None
    # decided before the detail is drawn: its download button, drawn and then replaced by the
    # rerun that stops the timer, would not answer a click made in between
    _follow(running or (isinstance(described, JobDescription) and described.running))
    if chosen and described is not None:
        detail(chosen, described)


def _empty_state(listing: JobListing, status: str, name_contains: str) -> str:
    """Why the table is empty: no jobs at all, or filters that hide the jobs there are."""
    filters = []
    if status != "All":
        filters.append(f"status {status}")
    if name_contains:
        filters.append("the name filter")
    if not filters:
        return "No compilation jobs yet. Submit one from the Review step of Configure."
    hidden = len(listing.jobs)
    extra = f" ({hidden} other job(s) listed)" if hidden else ""
    return f"No jobs match {' and '.join(filters)}{extra}. Clear the filters above to see all jobs."


def _confirm_delete(name: str, endpoint: str) -> None:
    """Deleting a job cannot be undone (SageMaker keeps no copy), so it is asked once more."""
    st.warning(
        f"Delete the job {plain(name)} from {plain_with_addresses(endpoint)}? This cannot be "
        "undone. Only the "
        "job's record goes: the compiled model in S3 and its logs stay.",
        icon=":material/delete:",
    )
    sure, keep = st.columns(2)
    sure.button(
        "Delete the job",
        type="primary",
        on_click=_delete,
        args=(name,),
        key=keys.JOBS_DELETE_CONFIRM,
        width="stretch",
    )
    keep.button("Keep it", on_click=_keep, key=keys.JOBS_DELETE_KEEP, width="stretch")


def _stop(name: str) -> None:
    try:
        connection.client().stop(name)
        st.session_state[keys.JOBS_MESSAGE] = Message("ok", "", stopping=name)
    except AwsError as exc:
        st.session_state[keys.JOBS_MESSAGE] = Message("error", exc.message)


def _ask_delete(name: str) -> None:
    """Delete cannot be undone: the first click only asks (`_confirm_delete`)."""
    st.session_state[keys.JOBS_DELETE_ASKED] = name


def _keep() -> None:
    st.session_state.pop(keys.JOBS_DELETE_ASKED, None)


def _delete(name: str) -> None:
    st.session_state.pop(keys.JOBS_DELETE_ASKED, None)
    try:
        neo = connection.client()
        neo.delete(name)
        state.store().forget_job(name, neo.endpoint)
        st.session_state[keys.JOBS_MESSAGE] = Message("ok", f"Deleted {name}.")
        st.session_state.pop(keys.JOBS_SELECTED, None)
    except AwsError as exc:
        st.session_state[keys.JOBS_MESSAGE] = Message("error", exc.message)


def _clone(name: str, request: dict[str, Any]) -> None:
    draft = Draft.from_api(request, name=f"Copy of {name}")
    draft.job_name = default_job_name()
    draft.step = REVIEW
    binding.replace_draft(draft)
    st.session_state[keys.JOBS_GO_TO_WIZARD] = True


def reconcile_pending() -> None:
    """Settles submissions a crash left half-recorded, once per session and endpoint."""
    neo = connection.client()
    if st.session_state.get(keys.JOBS_RECONCILED) == neo.endpoint:
        return
    st.session_state[keys.JOBS_RECONCILED] = neo.endpoint
    try:
        settled = reconcile(neo, state.store())
    except AwsError:
        return
    if settled:
        text = f"Settled {settled} submission(s) left unfinished by an earlier session."
        st.session_state[keys.JOBS_MESSAGE] = Message("info", text)


def select_from_url() -> None:
    """`?job=NAME` opens that job's detail (the link after a submission uses it)."""
    name = st.query_params.get("job")
    if name:
        st.session_state[keys.JOBS_SELECTED] = name
        del st.query_params["job"]  # read once: picking another job in the table must stick


def messages() -> None:
    message: Message | None = st.session_state.get(keys.JOBS_MESSAGE)
    if message and not message.stopping:  # a Stop's outcome is told in the job's detail
        show = {"ok": st.success, "info": st.info}.get(message.kind, st.error)
        show(plain(message.text))


def go_to_wizard_after_clone() -> None:
    """A button inside the refreshing part reruns only that part, which cannot switch pages:
    after Clone, rerun the whole page, whose top switches to the wizard."""
    if st.session_state.get(keys.JOBS_GO_TO_WIZARD):
        st.rerun(scope="app")


def _stop_outcome(job: JobDescription) -> None:
    """What became of a Stop asked for this job, following its real state (the note stays
    until another action replaces it: a run that reruns the page must not lose it)."""
    message: Message | None = st.session_state.get(keys.JOBS_MESSAGE)
    if message is None or message.stopping != job.name:
        return
    if job.running:
        st.info(f"Stop requested: the job is {plain(job.status)} and will stop shortly.")
    elif job.status == "STOPPED":
        st.success("The job stopped.")
    else:
        st.warning(f"The job ended as {plain(job.status)} before it could be stopped.")


def _request_of(job: JobDescription) -> dict[str, Any]:
    """The request as this app sent it when the store has it and the job is the one it made;
    else the one the describe response repeats, with the job's tags read by ListTags (the
    response has none: a clone lost them). A record of a refused call (the name was taken,
    by a job sent from elsewhere) is no request of this job."""
    neo = connection.client()
    record = state.store().get_job(job.name, neo.endpoint)
    if record is not None and record.state == "submitted":
        return record.request
    if not job.arn:
        return job.request
    known: dict[tuple[str, str], list[dict[str, str]]] = st.session_state.setdefault(
        keys.JOBS_TAGS, {}
    )
    if (neo.endpoint, job.arn) not in known:
        try:
            known[(neo.endpoint, job.arn)] = neo.tags(job.arn)
        except AwsError as exc:  # the request is still shown, its tags said to be unknown
            st.caption(f"The job's tags could not be read: {plain(exc.message)}")
            return job.request
    tags = known[(neo.endpoint, job.arn)]
    return {**job.request, "Tags": tags} if tags else job.request


def _describe(name: str) -> JobDescription | AwsError:
    try:
        return connection.client().describe(name)
    except AwsError as exc:
        return exc


def detail(name: str, job: JobDescription | AwsError) -> None:
    """The job laid out for people (or why it could not be described)."""
    if isinstance(job, AwsError):
        st.error(plain(job.message), icon=":material/error:")
        return
    neo = connection.client()
    running = job.running
    st.subheader(plain(name))
    _stop_outcome(job)
    left, right = st.columns(2)
    left.metric("Status", job.status)
    right.metric("Target", job.target_label)
    if running:
        st.progress(
            0.5 if job.status == "INPROGRESS" else 0.15,
            text=f"{STATUS_WORDS.get(job.status, job.status)}…",
        )
    if job.simulated_note:
        st.info(f"Local endpoint: {plain(job.simulated_note)}", icon=":material/science:")
    elif job.failure_reason:
        st.error(f"Failure reason: {plain_with_addresses(job.failure_reason)}")
        if not connection.current().local:  # the local endpoint writes no logs but its reason
            st.caption(
                "Details are in CloudWatch Logs, group /aws/sagemaker/CompilationJobs, stream "
                f"{plain(name)}."
            )
    if job.artifacts:
        st.markdown(f"**Compiled model:** {code(job.artifacts)}")
        if job.status == "COMPLETED" and job.simulated_note:
            st.caption(
                "This job was simulated: no compiled model was written, so there is nothing "
                "to download."
            )
        elif job.status == "COMPLETED":
            artifact_download(job.artifacts)
    if job.digest:
        st.markdown(f"**Model digest:** {code(job.digest)}")
    times = {
        "CreationTime": job.created,
        "CompilationStartTime": job.started,
        "CompilationEndTime": job.ended,
    }
    st.caption(" · ".join(f"{k}: {plain(when(v))}" for k, v in times.items() if v))
    conn = connection.current()
    if not conn.local and is_aws_endpoint(neo.endpoint_url):
        st.link_button("Open in the AWS console", console_url(conn.region, name))
    request = _request_of(job)
    actions = st.columns(3)
    actions[0].button(
        "Stop",
        on_click=_stop,
        args=(name,),
        disabled=not running,
        key=keys.JOBS_STOP,
        width="stretch",
    )
    actions[1].button(
        "Clone into a new draft",
        on_click=_clone,
        args=(name, request),
        key=keys.JOBS_CLONE,
        width="stretch",
    )
    if st.session_state.get(keys.JOBS_DELETE_ASKED) not in (None, name):
        _keep()  # asked of another job: the question is not kept for when it comes back
    asked = st.session_state.get(keys.JOBS_DELETE_ASKED) == name
    actions[2].button(
        "Delete",
        on_click=_ask_delete,
        args=(name,),
        disabled=running or asked,
        key=keys.JOBS_DELETE,
        width="stretch",
    )
    if asked:
        _confirm_delete(name, conn.label)
    with st.expander("Request as submitted"):
        st.code(to_json(request), language="json")
