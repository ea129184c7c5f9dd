"""Actions of the Drafts page."""

from __future__ import annotations

import streamlit as st

from core.draft import Draft
from core.store import DraftRecord
from ui import state

GO_TO_WIZARD = "drafts_go_to_wizard"


def new_draft() -> None:
    state.replace_draft(Draft())


def open_draft(draft_id: str) -> None:
    record = state.store().load_draft(draft_id)
    if record is not None:
        draft = Draft.model_validate({**record.data, "id": record.id, "name": record.name})
        draft.step = record.step
        state.replace_draft(draft)
        st.session_state[GO_TO_WIZARD] = True


def delete_draft(draft_id: str) -> None:
    state.store().delete_draft(draft_id)
    if state.current_draft().id == draft_id:
        state.replace_draft(Draft())


def rename(draft_id: str) -> None:
    name = st.session_state.get(f"drafts_name_{draft_id}", "").strip() or "Untitled draft"
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
                key=f"drafts_name_{record.id}",
                on_change=rename,
                args=(record.id,),
            )
            target = (
                record.data.get("device")
                if record.data.get("target_kind") == "device"
                else (f"{record.data.get('platform_os')} {record.data.get('platform_arch')}")
            )
            st.caption(
                f"{'Open in this tab · ' if is_current else ''}target {target} · "
                f"step {record.step + 1} · saved {record.updated_at}"
            )
        with open_col:
            st.button(
                "Open",
                key=f"drafts_open_{record.id}",
                on_click=open_draft,
                args=(record.id,),
                disabled=is_current,
                width="stretch",
            )
        with delete_col:
            st.button(
                "Delete",
                key=f"drafts_delete_{record.id}",
                on_click=delete_draft,
                args=(record.id,),
                width="stretch",
            )
