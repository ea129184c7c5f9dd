"""The Submit button of the Review step: one click, one job, whatever the user does.

What the panel shows comes from the store's record of the job, not only from this run: a run
that Streamlit cuts short (a second click, a reload) cannot write its outcome to session state,
but the record it made before and after the call survives, and the next run reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from core.aws.client import NeoClient
from core.aws.connection import shared_client
from core.aws.errors import translate
from core.draft.model import Draft
from core.jobs.store import JobRecord
from core.jobs.submission import on_the_wire, settle, submit_and_record
from core.model.s3 import absent_object
from ui import connection, keys, state
from ui.configure.output_step import new_job_name
from ui.text import code, plain, plain_with_addresses

POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Outcome:
    """What the last click of this session led to, beside the button."""

    job_name: str
    """The job the click submitted: another draft (a clone) or a renamed job has none."""
    ok: bool
    message: str
    field: str = ""
    """The request field an error concerns, when AWS named one."""
    endpoint: str = ""
    """Where it was sent: after a switch of endpoint on Settings, it is not this one's."""


def api_to_send(draft: Draft) -> dict[str, Any]:
    """What Submit sends once the draft is valid (the checked request's API form), else the
    draft as it stands: the preview, the exports and Submit's "another request" all read it,
    so none shows a request that differs from the one sent."""
    request, _ = draft.check()  # a check of the same content is reused, not made again
    return request.to_api() if request is not None else draft.to_api()


def _request_submit(job_name: str) -> None:
    st.session_state[keys.SUBMIT_PENDING] = job_name
    st.session_state[keys.SUBMIT_CLICKED] = job_name
    st.session_state[keys.JOBS_SELECTED] = job_name  # the Jobs page opens on it
    st.session_state.pop(keys.SUBMIT_OUTCOME, None)


def submit_panel(draft: Draft, api: dict[str, Any], can_submit: bool) -> None:
    """The button is disabled while problems remain, while a call is in flight and once done.

    The in-flight flag is taken out of session state before the call: once a run is stopped
    or superseded, every Streamlit call (session state included) raises, so a flag cleared after
    the call could stay behind and send the job again on a later run, without a click. A flag
    naming another job than this draft's is dropped unsent.
    """
    pending = st.session_state.pop(keys.SUBMIT_PENDING, None)
    neo = connection.client()
    record = _record(neo, draft.job_name)
    waiting = record is not None and on_the_wire(record.endpoint, record.job_name)
    done = record is not None and record.state == "submitted"
    st.button(
        "Submit compilation job",
        type="primary",
        icon=":material/rocket_launch:",
        on_click=_request_submit,
        args=(draft.job_name,),
        disabled=not can_submit or bool(pending) or waiting or done,
        help=None if can_submit else "Fix the problems listed above first.",
    )
    if pending:
        if pending == draft.job_name and not waiting and not done:
            where = plain_with_addresses(connection.current().label)
            with st.spinner(f"Submitting {plain(pending)} to {where}…"):
                _submit(draft, neo)
        st.rerun()
    if waiting:
        _wait_for_answer(neo.endpoint, draft.job_name)
    else:
        _show_outcome(draft, record, api, neo.endpoint)


def _record(neo: NeoClient, job_name: str) -> JobRecord | None:
    """The store's record of this job; a pending one whose call died is settled first."""
    store = state.store()
    record = store.get_job(job_name, neo.endpoint)
    if record is not None and settle(neo, store, record):
        record = store.get_job(job_name, neo.endpoint)
    return record


@st.fragment(run_every=POLL_SECONDS)
def _wait_for_answer(endpoint: str, job_name: str) -> None:
    """Another run of this session is waiting on SageMaker; redraw the page once it answers."""
    if not on_the_wire(endpoint, job_name):
        st.rerun()
    st.info(
        f"Submitting {plain(job_name)}… waiting for SageMaker's answer.", icon=":material/sync:"
    )


def _submit(draft: Draft, neo: NeoClient) -> None:
    request, _ = draft.check()
    if request is None:
        st.session_state[keys.SUBMIT_OUTCOME] = Outcome(
            draft.job_name,
            False,
            "The request has problems; fix them first.",
            endpoint=neo.endpoint,
        )
        return
    try:
        result = submit_and_record(neo, state.store(), request.to_api())
    except Exception as exc:  # every failure is a sentence beside the button, never a traceback
        error = translate(exc)
        st.session_state[keys.SUBMIT_OUTCOME] = Outcome(
            draft.job_name, False, error.message, error.path, endpoint=neo.endpoint
        )
        return
    said = (
        f"Job {result.job_name} already exists with this request (sent from elsewhere, or an "
        "earlier answer was lost), so no second job was created: this is that job."
        if result.already_existed
        else f"Job {result.job_name} created."
    )
    st.session_state[keys.SUBMIT_OUTCOME] = Outcome(
        draft.job_name, True, said, endpoint=neo.endpoint
    )


def _show_outcome(
    draft: Draft, record: JobRecord | None, api: dict[str, Any], endpoint: str
) -> None:
    """This run's outcome when it has one (for this draft's job, on this endpoint), else what
    the record says of the last click."""
    outcome: Outcome | None = st.session_state.get(keys.SUBMIT_OUTCOME)
    if outcome is not None and (outcome.job_name, outcome.endpoint) != (draft.job_name, endpoint):
        outcome = None
    clicked_here = st.session_state.get(keys.SUBMIT_CLICKED) == draft.job_name
    if outcome is None and record is not None and record.state == "failed" and clicked_here:
        outcome = Outcome(draft.job_name, False, record.error_message or "The submission failed.")
    if outcome is None and record is not None and record.state == "pending":
        st.warning(
            f"SageMaker's answer to submitting {plain(draft.job_name)} was lost. Submitting "
            "again is safe: the job name keeps a second job from being created.",
            icon=":material/help:",
        )
        return
    if outcome is not None and not outcome.ok:
        field = f"\n\nField: {code(outcome.field)}" if outcome.field else ""
        st.error(plain(outcome.message) + field, icon=":material/error:")
        st.caption("Your draft is kept as it is; fix what the message says and submit again.")
        return
    done = record is not None and record.state == "submitted"
    if outcome is None and not done:
        return
    other_request = done and record is not None and record.request != api
    if outcome is not None:
        text = outcome.message
    elif clicked_here:
        text = f"Job {draft.job_name} created."
    else:
        text = f"Job {draft.job_name} was submitted."
    if not (other_request and outcome is None):  # a job sent otherwise is said below
        st.success(plain(text), icon=":material/check_circle:")
    st.page_link(
        "app_pages/jobs.py",
        label="Follow it on the Jobs page",
        icon=":material/list_alt:",
        query_params={"job": draft.job_name},
    )
    if other_request:  # this draft changed since, or another draft used the name
        st.warning(
            f"Job {plain(draft.job_name)} was submitted with another request than this one "
            "(this draft's before it changed, or another draft's with the same job name): that "
            "job compiles the request it was sent with. To submit this request, give it a new "
            "job name.",
            icon=":material/edit_note:",
        )
        st.button("New job name", on_click=new_job_name, icon=":material/autorenew:")
        return
    st.caption("To compile again, give the job a new name on the Output and job step.")


def local_model_warning(api: dict[str, Any]) -> None:
    """On the local endpoint, a model missing from its S3 is said before Submit: the job would
    fail on it there, as on SageMaker, which fetches the model first. api: the request, or its
    model part (a model package's request names no S3 object)."""
    uri = (api.get("InputConfig") or {}).get("S3Uri")
    conn = connection.current()
    if not conn.local or not uri:
        return
    if not uri.startswith("s3://"):
        st.warning(
            "The local endpoint reads models from its own S3 by s3:// address only: it cannot "
            f"fetch {plain_with_addresses(uri)}, so a local compile of an ONNX or TFLite model "
            "fails, and other frameworks are simulated without the model. SageMaker itself "
            "takes this address; here, upload the model on the Model step and use its s3:// "
            "address.",
            icon=":material/warning:",
        )
        return
    why = absent_object(shared_client(conn, "s3"), uri)
    if why:
        st.warning(
            f"{plain(why)} The local endpoint fails a job whose model is missing, as SageMaker "
            "does: upload the model on the Model step first.",
            icon=":material/warning:",
        )
