"""Fleet: one model, many targets, one job per target in one click."""

import streamlit as st

from ui import fleet, state

draft = state.current_draft()
st.title("Fleet compilation")
st.caption(
    "The model, output location and role come from the current draft "
    f"({draft.name}); each target replaces its target and compiler options."
)
keys = fleet.target_picker()
base = fleet.base_name_input(draft)
workers = st.slider("Parallel submissions", 1, 8, 4, key="fleet_workers")
members = fleet.plan_view(draft, keys, base) if keys else []
fleet.actions(members, workers)
fleet.status()
