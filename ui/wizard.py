"""Frame of the Configure page: import panel, navigation and the live preview."""

from __future__ import annotations

import streamlit as st

from core import render
from core.draft import STEPS, Draft
from core.errors import NeoConfigError, Problem
from core.importer import import_text
from ui import state, steps

STEP_VIEWS = (
    steps.model_step,
    steps.target_step,
    steps.options_step,
    steps.output_step,
    steps.review_step,
)
IMPORT_REPORT_KEY = "import_report"
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _do_import() -> None:
    text = st.session_state.get("import_text", "")
    upload = st.session_state.get("import_file")
    if upload is not None:
        data = upload.getvalue()
        if len(data) > MAX_IMPORT_BYTES:
            st.session_state[IMPORT_REPORT_KEY] = (
                "error",
                "That file is over 2 MB; a request is a few kilobytes.",
                [],
                [],
            )
            return
        text = data.decode("utf-8", errors="replace")
    if not text.strip():
        st.session_state[IMPORT_REPORT_KEY] = (
            "error",
            "Paste a config or choose a file first.",
            [],
            [],
        )
        return
    try:
        result = import_text(text)
    except NeoConfigError as exc:
        st.session_state[IMPORT_REPORT_KEY] = ("error", exc.message, [], [])
        return
    draft = state.current_draft()
    draft.load_api(result.api)
    draft.step = 4 if result.kind == "request" else 1
    state.save()
    state.reset_widgets()
    what = "a full request" if result.kind == "request" else "an OutputConfig"
    st.session_state[IMPORT_REPORT_KEY] = (
        "ok",
        f"Imported {what} ({result.source}).",
        result.repairs,
        result.problems,
    )


def import_panel() -> None:
    report = st.session_state.get(IMPORT_REPORT_KEY)
    with st.expander(
        "Import a config (JSON, AWS CLI, boto3, or the docs' examples)", expanded=report is not None
    ):
        st.text_area(
            "Paste here",
            key="import_text",
            height=140,
            placeholder='{"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"}, ...}',
        )
        st.file_uploader("or upload a file", type=["json", "txt", "py", "sh"], key="import_file")
        st.button("Import", on_click=_do_import, icon=":material/upload:")
        if report:
            status, message, repairs, problems = report
            (st.success if status == "ok" else st.error)(message)
            if repairs:
                st.markdown("**Repairs made**")
                st.markdown("\n".join(f"- {line}" for line in repairs))
            left = [p for p in problems if p.severity == "error"]
            if left:
                st.markdown("**Problems left** (shown at their fields)")
                st.markdown("\n".join(f"- `{p.path}`: {p.message}" for p in left))


def navigation(draft: Draft) -> None:
    back, _, forward = st.columns([1, 2, 1])
    with back:
        st.button(
            "Back",
            on_click=state.go_to,
            args=(draft.step - 1,),
            disabled=draft.step == 0,
            icon=":material/arrow_back:",
            width="stretch",
        )
    with forward:
        st.button(
            "Next",
            on_click=state.go_to,
            args=(draft.step + 1,),
            type="primary",
            disabled=draft.step == len(STEPS) - 1,
            icon=":material/arrow_forward:",
            width="stretch",
        )


def live_preview(draft: Draft, problems: list[Problem]) -> None:
    with st.container(border=True):
        st.markdown("**Live preview: OutputConfig**")
        st.code(render.output_config_json(draft.to_api()), language="json", wrap_lines=True)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            st.markdown(f"**{len(errors)} problem{'s' if len(errors) > 1 else ''} left**")
            st.markdown("\n".join(f"- `{p.path or 'Request'}`: {p.message}" for p in errors))
        else:
            st.success("Valid request", icon=":material/check_circle:")
