"""Import a config: paste or upload anything, and see what was repaired and what is left."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from core.draft.steps import REVIEW
from core.errors import NeoConfigError, Problem
from core.interchange.importer import import_text
from ui import binding, keys, state
from ui.widgets import problem_lines

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
    st.session_state[keys.IMPORT_SOURCE] = source


def _uses_file() -> bool:
    upload = st.session_state.get(keys.IMPORT_FILE)
    text = st.session_state.get(keys.IMPORT_TEXT) or ""
    if upload is None:
        return False
    return st.session_state.get(keys.IMPORT_SOURCE) != "text" or not text.strip()


def _report(message: str) -> None:
    st.session_state[keys.IMPORT_REPORT] = ImportReport(ok=False, message=message)


def _do_import() -> None:
    if _uses_file():
        upload = st.session_state[keys.IMPORT_FILE]
        data = upload.getvalue()
        if len(data) > MAX_IMPORT_BYTES:
            _report(f"The file {upload.name} is over 2 MB; a request is a few kilobytes.")
            return
        text, origin = data.decode("utf-8", errors="replace"), f"the file {upload.name}"
    else:
        text, origin = st.session_state.get(keys.IMPORT_TEXT) or "", "the pasted text"
    if not text.strip():
        _report("Paste a config or choose a file first.")
        return
    try:
        result = import_text(text)
        draft, notes = state.current_draft().imported(result.api)
    except NeoConfigError as exc:
        _report(f"Nothing was imported from {origin}: {exc.message}")
        return
    draft.step = REVIEW if result.kind == "request" else 1
    binding.replace_draft(draft)
    _, problems = draft.check()
    what = "a full request" if result.kind == "request" else "an OutputConfig"
    st.session_state[keys.IMPORT_REPORT] = ImportReport(
        ok=True,
        message=f"Imported {what} ({result.source}) from {origin}.",
        repairs=[*result.repairs, *(n.message for n in notes if n.severity == "warning")],
        not_imported=[n for n in notes if n.severity == "error"],
        problems=[p for p in problems if p.severity == "error"],
    )


def _dismiss_report() -> None:
    st.session_state.pop(keys.IMPORT_REPORT, None)


def import_panel() -> None:
    report: ImportReport | None = st.session_state.get(keys.IMPORT_REPORT)
    with st.expander(
        "Import a config (JSON, AWS CLI, boto3, or the docs' examples)", expanded=report is not None
    ):
        st.text_area(
            "Paste here",
            key=keys.IMPORT_TEXT,
            height=140,
            placeholder='{"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"}, ...}',
            on_change=_mark_source,
            args=("text",),
        )
        st.file_uploader(
            "or upload a file",
            type=["json", "txt", "py", "sh"],
            key=keys.IMPORT_FILE,
            on_change=_mark_source,
            args=("file",),
        )
        upload = st.session_state.get(keys.IMPORT_FILE)
        if upload is not None and (st.session_state.get(keys.IMPORT_TEXT) or "").strip():
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
        st.markdown(problem_lines(report.not_imported))
    if report.problems:
        st.markdown("**Problems left** (shown at their fields)")
        st.markdown(problem_lines(report.problems))
    st.button("Dismiss", on_click=_dismiss_report, key=keys.IMPORT_DISMISS)
