"""Drafts: every draft with content, to find, reopen, rename, delete, or start anew."""

import streamlit as st

from ui import drafts, keys, sidebar, state
from ui.widgets import kept_widget

current = state.current_draft()
if st.session_state.pop(keys.DRAFTS_GO_TO_WIZARD, False):
    st.switch_page("app_pages/configure.py", query_params=state.address())
st.title("Drafts")
sidebar.conflict_banner()
new_col, search_col = st.columns([1, 3], vertical_alignment="bottom")
new_col.button("New draft", on_click=drafts.new_draft, icon=":material/add:", type="primary")
query = search_col.text_input(  # kept: the search outlives a visit to another page
    "Search",
    placeholder="name, target or model",
    icon=":material/search:",
    **kept_widget(keys.DRAFTS_SEARCH),
)
drafts.deleted_notice()
items = drafts.listed()
shown = [item for item in items if item.matches(query)]
if not items:
    st.info("No saved drafts yet. A draft is saved as soon as you change something in it.")
elif not shown:
    st.info(f"No draft matches the search; it hides all {len(items)} saved drafts.")
for item in shown:
    drafts.draft_row(item, is_current=item.record.id == current.id)
