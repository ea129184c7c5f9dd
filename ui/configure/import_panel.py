"""Import a config: paste or upload anything, and see what was repaired and what is left.

A change that alters what the request means (a decision, core.interchange.log.Decision) is
asked about before the draft is replaced: each shows what was written and what it would become,
with "Apply this change" / "Keep as written", and the import finishes only when each is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from core.draft.model import Draft
from core.draft.steps import REVIEW
from core.errors import NeoConfigError, Problem
from core.interchange.importer import MAX_IMPORT_BYTES, ImportResult, decoded, import_text
from core.interchange.log import Decision
from core.interchange.notebook import code_only
from core.interchange.parse import source_words
from ui import binding, keys, state
from ui.text import plain
from ui.widgets import problem_lines

MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024
"""A notebook's outputs (plots, logs) may weigh megabytes; only its code cells are imported."""
APPLY, KEEP = "Apply this change", "Keep as written"


@dataclass(frozen=True)
class ImportReport:
    """What the last import did, shown until the next import or until dismissed."""

    ok: bool
    message: str
    repairs: list[str] = field(default_factory=list)
    not_imported: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PendingImport:
    """An import whose changes of meaning wait for the person's choice."""

    text: str
    origin: str
    result: ImportResult


def _mark_source(source: str) -> None:
    """Remembers which input changed last, so Import reads that one and says so."""
    st.session_state[keys.IMPORT_SOURCE] = source


def _uses_file() -> bool:
    upload = st.session_state.get(keys.IMPORT_FILE)
    text = st.session_state.get(keys.IMPORT_TEXT) or ""
    if upload is None:
        return False
    return st.session_state.get(keys.IMPORT_SOURCE) != "text" or not text.strip()


def _decision_key(index: int) -> str:
    """The radio holding the choice made for the pending import's decision at index."""
    return f"{keys.IMPORT_DECISION}{index}"


def _report(message: str) -> None:
    st.session_state[keys.IMPORT_REPORT] = ImportReport(ok=False, message=message)


def _clear_pending() -> None:
    pending: PendingImport | None = st.session_state.pop(keys.IMPORT_PENDING, None)
    if pending is not None:
        for index in range(len(pending.result.decisions)):
            st.session_state.pop(_decision_key(index), None)


def _do_import() -> None:
    _clear_pending()
    st.session_state.pop(keys.IMPORT_UNDO, None)  # an Undo is for the import it reports
    if _uses_file():
        upload = st.session_state[keys.IMPORT_FILE]
        data = upload.getvalue()
        notebook = upload.name.lower().endswith(".ipynb")
        if len(data) > (MAX_NOTEBOOK_BYTES if notebook else MAX_IMPORT_BYTES):
            limit = "32 MB" if notebook else "2 MB; a request is a few kilobytes"
            _report(f"The file {upload.name} is over {limit}.")
            return
        origin = f"the file {upload.name}"
        try:
            text = decoded(data, "it")  # the sentence names the file already
            if notebook:
                text = code_only(text)
        except NeoConfigError as exc:
            _report(f"Nothing was imported from {origin}: {exc.message}")
            return
    else:
        text, origin = st.session_state.get(keys.IMPORT_TEXT) or "", "the pasted text"
    if not text.strip():
        _report("Paste a config or choose a file first.")
        return
    try:
        result = import_text(text)
    except NeoConfigError as exc:
        _report(f"Nothing was imported from {origin}: {exc.message}")
        return
    if result.decisions:
        st.session_state.pop(keys.IMPORT_REPORT, None)
        st.session_state[keys.IMPORT_PENDING] = PendingImport(text, origin, result)
        return
    _apply(result, origin)


def _finish_pending() -> None:
    pending: PendingImport | None = st.session_state.get(keys.IMPORT_PENDING)
    if pending is None:
        return
    accept = [
        decision.key
        for index, decision in enumerate(pending.result.decisions)
        if st.session_state.get(_decision_key(index)) == APPLY
    ]
    _clear_pending()
    try:
        result = import_text(pending.text, accept=accept)
    except NeoConfigError as exc:  # the same text imported a moment ago; kept for safety
        _report(f"Nothing was imported from {pending.origin}: {exc.message}")
        return
    _apply(result, pending.origin)


def _cancel_pending() -> None:
    _clear_pending()
    _report("The import was cancelled; the draft is unchanged.")


def _in_brackets(words: str) -> str:
    return f" ({words})" if words else ""


def _apply(result: ImportResult, origin: str) -> None:
    """Replaces the draft with what was imported and writes the report."""
    try:
        draft, notes = state.current_draft().imported(result.api)
    except NeoConfigError as exc:
        _report(f"Nothing was imported from {origin}: {exc.message}")
        return
    draft.step = REVIEW if result.kind == "request" else 1
    before = state.current_draft().model_copy(deep=True)
    binding.replace_draft(draft)
    # after the swap, which drops the older one; with the request imported, for Undo is
    # offered only while the draft still holds it (it would throw away later edits)
    st.session_state[keys.IMPORT_UNDO] = (before, draft.to_api())
    _, problems = draft.check()
    drafted = [n for n in notes if n.severity == "error"]
    # one sentence a field: the draft's, which says where the value is kept, over the reader's
    read = [p for p in result.notes if p.severity == "error" and p.path not in _paths(drafted)]
    named = _paths([*read, *drafted])
    what = "a full request" if result.kind == "request" else "an OutputConfig"
    st.session_state[keys.IMPORT_REPORT] = ImportReport(
        ok=True,
        message=f"Imported {what}{_in_brackets(source_words(result.source))} from {origin}.",
        repairs=[
            *result.repairs,
            *(n.message for n in result.notes if n.severity == "warning"),
            *(n.message for n in notes if n.severity == "warning"),
        ],
        not_imported=[*read, *drafted],
        problems=[p for p in problems if p.severity == "error" and p.path not in named],
        decisions=[
            # the question asked, then its answer: "Kept as written: ...?" read as a question
            f"{d.sentence} You chose: {'apply it' if d.applied else 'keep it as written'}."
            for d in result.decisions
        ],
    )


def _dismiss_report() -> None:
    st.session_state.pop(keys.IMPORT_REPORT, None)
    st.session_state.pop(keys.IMPORT_UNDO, None)


def _undo_offered() -> Draft | None:
    """The draft from before the import, while the draft is still what was imported: after an
    edit, Undo would throw the edit away without a word."""
    kept = st.session_state.get(keys.IMPORT_UNDO)
    if kept is None:
        return None
    before, imported = kept
    if state.current_draft().to_api() != imported:
        st.session_state.pop(keys.IMPORT_UNDO, None)
        return None
    return before


def undo_went_stale() -> bool:
    """Whether an edit in the wizard just made the Undo shown above it wrong (the wizard is a
    fragment and redraws alone, so the button stayed): dropped, and the page must redraw."""
    return st.session_state.get(keys.IMPORT_UNDO) is not None and _undo_offered() is None


def _undo_import() -> None:
    """The draft as it was before the import comes back (an import replaces it whole)."""
    before = _undo_offered()
    st.session_state.pop(keys.IMPORT_UNDO, None)
    if before is None:
        st.session_state[keys.IMPORT_REPORT] = ImportReport(
            ok=False,
            message="The draft changed after the import, so it is not undone: that would "
            "throw the changes away. Edit it back, or import again.",
        )
        return
    binding.replace_draft(before)
    st.session_state[keys.IMPORT_REPORT] = ImportReport(
        ok=True, message="The import was undone: the draft is as it was before it."
    )


@st.fragment
def import_panel() -> None:
    """A fragment, so that its widgets rerun it alone. The paste box sends its text when it
    loses focus, and a click on another page's link sends that after the page switch, under
    the page it leaves: as a page run it ran Configure behind the new page, and the wizard
    came back blank (its typed fields gone); as this fragment's run, Streamlit drops it (the
    page shown can still be drawn blank then: Streamlit's own race, rarer without fragments)."""
    if state.page_redraw_asked():
        st.rerun(scope="app")  # the draft was replaced: every step and the sidebar show it
    report: ImportReport | None = st.session_state.get(keys.IMPORT_REPORT)
    pending: PendingImport | None = st.session_state.get(keys.IMPORT_PENDING)
    with st.expander(
        "Import a config (JSON, YAML, AWS CLI, boto3 or SageMaker SDK code, a notebook, or the "
        "docs' examples)",
        expanded=report is not None or pending is not None,
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
            type=["json", "txt", "py", "sh", "ipynb", "yaml", "yml", "md"],
            max_upload_size=MAX_NOTEBOOK_BYTES // (1024 * 1024),
            help="A config up to 2 MB, or a Jupyter notebook up to 32 MB (its code cells are "
            "read).",
            key=keys.IMPORT_FILE,
            on_change=_mark_source,
            args=("file",),
        )
        upload = st.session_state.get(keys.IMPORT_FILE)
        if upload is not None and (st.session_state.get(keys.IMPORT_TEXT) or "").strip():
            used = f"the file {upload.name}" if _uses_file() else "the pasted text"
            st.caption(f"Import reads {plain(used)}: the one changed last.")
        st.button("Import", on_click=_do_import, icon=":material/upload:")
        if pending is not None:
            _show_decisions(pending)
        elif report:
            _show_report(report)


def _show_decisions(pending: PendingImport) -> None:
    decisions = pending.result.decisions
    st.warning(
        plain(
            f"Importing {pending.origin} would change what the request means in "
            f"{len(decisions)} place(s). Choose for each before the draft is replaced."
        ),
        icon=":material/help:",
    )
    for index, decision in enumerate(decisions):
        _show_decision(index, decision)
    chosen = all(st.session_state.get(_decision_key(i)) for i in range(len(decisions)))
    left, right = st.columns(2)
    left.button(
        "Import with these choices",
        on_click=_finish_pending,
        disabled=not chosen,
        type="primary",
        key=keys.IMPORT_FINISH,
    )
    right.button("Cancel import", on_click=_cancel_pending, key=keys.IMPORT_CANCEL)


def _show_decision(index: int, decision: Decision) -> None:
    with st.container(border=True):
        st.text(decision.sentence)
        st.text(f"As written:  {_shown(decision.before)}")
        st.text(f"Changed to:  {_shown(decision.after)}")
        st.radio(
            f"Change {index + 1}: {plain(decision.path)}",
            [APPLY, KEEP],
            index=None,
            key=_decision_key(index),
            horizontal=True,
        )


def _paths(problems: list[Problem]) -> set[str]:
    return {problem.path for problem in problems}


def _shown(value: object) -> str:
    return "(not given)" if value is None else str(value)


def _show_report(report: ImportReport) -> None:
    (st.success if report.ok else st.error)(plain(report.message))
    if report.decisions:
        st.markdown("**Changes of meaning**")
        st.markdown("\n".join(f"- {plain(line)}" for line in report.decisions))
    if report.repairs:
        st.markdown("**Repairs made**")
        st.markdown("\n".join(f"- {plain(line)}" for line in report.repairs))
    if report.not_imported:
        st.markdown("**Not imported as given** (fill these in)")
        st.markdown(problem_lines(report.not_imported))
    if report.problems:
        st.markdown("**Problems left** (shown at their fields)")
        st.markdown(problem_lines(report.problems))
    with st.container(horizontal=True):
        if _undo_offered() is not None:
            st.button("Undo the import", on_click=_undo_import, icon=":material/undo:")
        st.button("Dismiss", on_click=_dismiss_report, key=keys.IMPORT_DISMISS)
