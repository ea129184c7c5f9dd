"""The Submit button of the Review step: one click, one job, whatever the user does."""

from __future__ import annotations

import streamlit as st

from core.draft import Draft
from core.sagemaker import NeoClient, submit_and_record, translate
from ui import connection, jobs, state

PENDING_KEY = "submit_pending"
OUTCOME_KEY = "submit_outcome"


def _request_submit(job_name: str) -> None:
    st.session_state[PENDING_KEY] = job_name
    st.session_state.pop(OUTCOME_KEY, None)


def submit_panel(draft: Draft, can_submit: bool) -> None:
    """The button is disabled while problems remain, while a call is in flight and once done.

    The in-flight flag is taken out of session state before the call: once a run is stopped
    or superseded, every Streamlit call (session state included) raises, so a flag cleared after
    the call could stay behind and send the job again on a later run, without a click. A flag
    naming another job than this draft's is dropped unsent.
    """
    pending = st.session_state.pop(PENDING_KEY, None)
    neo = connection.client()
    record = state.store().get_job(draft.job_name, neo.endpoint)
    already = record is not None and record.state == "submitted"
    st.button(
        "Submit compilation job",
        type="primary",
        icon=":material/rocket_launch:",
        on_click=_request_submit,
        args=(draft.job_name,),
        disabled=not can_submit or bool(pending) or already,
        help=None if can_submit else "Fix the problems listed above first.",
    )
    if pending:
        if pending == draft.job_name and not already:
            with st.spinner(f"Submitting {pending} to {connection.current().label}…"):
                _submit(draft, neo)
        st.rerun()
    _show_outcome(draft, already)


def _submit(draft: Draft, neo: NeoClient) -> None:
    request, _ = draft.check()
    if request is None:
        st.session_state[OUTCOME_KEY] = ("error", "The request has problems; fix them first.", "")
        return
    try:
        result = submit_and_record(neo, state.store(), request.to_api())
    except Exception as exc:  # every failure is a sentence beside the button, never a traceback
        error = translate(exc)
        st.session_state[OUTCOME_KEY] = ("error", error.message, error.path)
        return
    st.session_state[jobs.SELECTED_KEY] = result.job_name  # the Jobs page opens on it
    note = " (it already existed: no second job was created)" if result.already_existed else ""
    st.session_state[OUTCOME_KEY] = ("ok", f"Job {result.job_name} created{note}.", result.arn)


def _show_outcome(draft: Draft, already: bool) -> None:
    outcome = st.session_state.get(OUTCOME_KEY)
    if outcome and outcome[0] == "error":
        _, message, path = outcome
        st.error(message + (f"\n\nField: `{path}`" if path else ""), icon=":material/error:")
        st.caption("Your draft is kept as it is; fix what the message says and submit again.")
    elif outcome or already:
        text = outcome[1] if outcome else f"Job {draft.job_name} was submitted."
        st.success(text, icon=":material/check_circle:")
        st.page_link(
            "pages/jobs.py", label="Follow it on the Jobs page", icon=":material/list_alt:"
        )
        st.caption("To compile again, give the job a new name on the Output and job step.")
