"""Frame of the Configure page: import panel, navigation and the live preview."""

from __future__ import annotations

from dataclasses import dataclass, field

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
IMPORT_SOURCE_KEY = "import_source"
MAX_IMPORT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ImportReport:
    """What the last import did, shown until the next import or until dismissed."""

    ok: bool
    message: str
    repairs: list[str] = field(default_factory=list)
    not_imported: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _mark_source(source: str) -> None:
    """Remembers which input changed last, so Import reads that one and says so."""
    st.session_state[IMPORT_SOURCE_KEY] = source


def _uses_file() -> bool:
    upload = st.session_state.get("import_file")
    text = st.session_state.get("import_text") or ""
    if upload is None:
        return False
    return st.session_state.get(IMPORT_SOURCE_KEY) != "text" or not text.strip()


def _report(message: str) -> None:
    st.session_state[IMPORT_REPORT_KEY] = ImportReport(ok=False, message=message)


def _do_import() -> None:
    if _uses_file():
        upload = st.session_state["import_file"]
        data = upload.getvalue()
        if len(data) > MAX_IMPORT_BYTES:
            _report(f"The file {upload.name} is over 2 MB; a request is a few kilobytes.")
            return
        text, origin = data.decode("utf-8", errors="replace"), f"the file {upload.name}"
    else:
        text, origin = st.session_state.get("import_text") or "", "the pasted text"
    if not text.strip():
        _report("Paste a config or choose a file first.")
        return
    try:
        result = import_text(text)
        draft, notes = state.current_draft().imported(result.api)
    except NeoConfigError as exc:
        _report(f"Nothing was imported from {origin}: {exc.message}")
        return
    draft.step = 4 if result.kind == "request" else 1
    state.replace_draft(draft)
    _, problems = draft.check()
    what = "a full request" if result.kind == "request" else "an OutputConfig"
    st.session_state[IMPORT_REPORT_KEY] = ImportReport(
        ok=True,
        message=f"Imported {what} ({result.source}) from {origin}.",
        repairs=[*result.repairs, *(n.message for n in notes if n.severity == "warning")],
        not_imported=[n for n in notes if n.severity == "error"],
        problems=[p for p in problems if p.severity == "error"],
    )


def _problem_lines(problems: list[Problem]) -> str:
    return "\n".join(f"- `{p.path or 'Request'}`: {p.message}" for p in problems)


def _dismiss_report() -> None:
    st.session_state.pop(IMPORT_REPORT_KEY, None)


def import_panel() -> None:
    report: ImportReport | None = st.session_state.get(IMPORT_REPORT_KEY)
    with st.expander(
        "Import a config (JSON, AWS CLI, boto3, or the docs' examples)", expanded=report is not None
    ):
        st.text_area(
            "Paste here",
            key="import_text",
            height=140,
            placeholder='{"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"}, ...}',
            on_change=_mark_source,
            args=("text",),
        )
        st.file_uploader(
            "or upload a file",
            type=["json", "txt", "py", "sh"],
            key="import_file",
            on_change=_mark_source,
            args=("file",),
        )
        upload = st.session_state.get("import_file")
        if upload is not None and (st.session_state.get("import_text") or "").strip():
            used = f"the file {upload.name}" if _uses_file() else "the pasted text"
            st.caption(f"Import reads {used}: the one changed last.")
        st.button("Import", on_click=_do_import, icon=":material/upload:")
        if report:
            _show_report(report)


def _show_report(report: ImportReport) -> None:
    (st.success if report.ok else st.error)(report.message)
    if report.repairs:
        st.markdown("**Repairs made**")
        st.markdown("\n".join(f"- {line}" for line in report.repairs))
    if report.not_imported:
        st.markdown("**Not imported as given**")
        st.markdown(_problem_lines(report.not_imported))
    if report.problems:
        st.markdown("**Problems left** (shown at their fields)")
        st.markdown(_problem_lines(report.problems))
    st.button("Dismiss", on_click=_dismiss_report, key="import_dismiss")


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
            st.markdown(_problem_lines(errors))
        else:
            st.success("Valid request", icon=":material/check_circle:")
