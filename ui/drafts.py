"""Actions of the Drafts page."""

from __future__ import annotations

import streamlit as st

from core.draft.model import Draft
from core.jobs.store import DraftRecord
from core.spec.target import target_label
from ui import binding, keys, state


def new_draft() -> None:
    binding.replace_draft(Draft())


def open_draft(draft_id: str) -> None:
    record = state.store().load_draft(draft_id)
    if record is not None:
        binding.replace_draft(Draft.from_stored(record.data, record.id, record.name, record.step))
        st.session_state[keys.DRAFTS_GO_TO_WIZARD] = True


def delete_draft(draft_id: str) -> None:
    state.store().delete_draft(draft_id)
    if state.current_draft().id == draft_id:
        binding.replace_draft(Draft())


def rename(draft_id: str) -> None:
    name = st.session_state.get(f"{keys.DRAFTS_NAME}{draft_id}", "").strip() or "Untitled draft"
    state.store().rename_draft(draft_id, name)
    if state.current_draft().id == draft_id:
        state.current_draft().name = name


def draft_row(record: DraftRecord, *, is_current: bool) -> None:
    with st.container(border=True):
        name_col, open_col, delete_col = st.columns([4, 1, 1], vertical_alignment="bottom")
        with name_col:
            st.text_input(
                "Name",
                value=record.name,
                key=f"{keys.DRAFTS_NAME}{record.id}",
                on_change=rename,
                args=(record.id,),
            )
            target = _target_of(record)
            st.caption(
                f"{'Open in this tab · ' if is_current else ''}target {target} · "
                f"step {record.step + 1} · saved {record.updated_at}"
            )
        with open_col:
            st.button(
                "Open",
                key=f"{keys.DRAFTS_OPEN}{record.id}",
                on_click=open_draft,
                args=(record.id,),
                disabled=is_current,
                width="stretch",
            )
        with delete_col:
            st.button(
                "Delete",
                key=f"{keys.DRAFTS_DELETE}{record.id}",
                on_click=delete_draft,
                args=(record.id,),
                width="stretch",
            )


def _target_of(record: DraftRecord) -> str:
    """The stored draft's target as the app labels targets; a damaged record says so."""
    try:
        draft = Draft.from_stored(record.data, record.id, record.name, record.step)
    except ValueError:
        return "unreadable"
    return target_label(draft.target_api()) or "none"
