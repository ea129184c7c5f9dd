"""Drafts: every saved draft, to reopen, rename, delete, or start anew."""

import streamlit as st

from ui import drafts, keys, state

if st.session_state.pop(keys.DRAFTS_GO_TO_WIZARD, False):
    st.switch_page("pages/configure.py")
st.title("Drafts")
current = state.current_draft()
st.button("New draft", on_click=drafts.new_draft, icon=":material/add:", type="primary")
for record in state.store().list_drafts():
    drafts.draft_row(record, is_current=record.id == current.id)
