"""Configure: the wizard that turns a model and a target into a CreateCompilationJob request."""

import streamlit as st

from ui import state, wizard
from ui.widgets import step_indicator

draft = state.current_draft()
st.title("Configure a compilation job")
wizard.import_panel()
step_indicator(draft.step)
_, problems = draft.check()
main, preview = st.columns([3, 2], gap="large")
with main:
    wizard.STEP_VIEWS[draft.step](draft, problems)
    wizard.navigation(draft)
with preview:
    wizard.live_preview(draft, problems)
