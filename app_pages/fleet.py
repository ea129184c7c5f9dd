"""Fleet: one model, many targets, one job per target in one click."""

import streamlit as st

from ui import fleet, keys, sidebar, state
from ui.configure.submit import local_model_warning
from ui.text import plain

draft = state.current_draft()
if st.session_state.pop(keys.FLEET_GO_TO_WIZARD, False):
    st.switch_page("app_pages/configure.py", query_params=state.address())
st.title("Fleet compilation")
sidebar.conflict_banner()
st.caption(
    "The model, output location and role come from the current draft "
    f"({plain(draft.title)}); each target replaces its target and compiler options."
)
fleet.draft_problems(draft)
local_model_warning(draft.model_api())
targets = fleet.target_picker()
base = fleet.base_name_input(draft)
workers = st.slider("Parallel submissions", 1, 8, 4, key=keys.FLEET_WORKERS)
members = fleet.plan_view(draft, targets, base) if targets else []
fleet.actions(members, workers)
fleet.status()
fleet.local_checks(draft, targets)
