"""Configure: the wizard that turns a model and a target into a CreateCompilationJob request."""

import streamlit as st

from core.draft.steps import visible_problems
from ui import binding, sidebar, state
from ui.configure import frame, import_panel
from ui.widgets import step_list

st.title("Configure a compilation job")
st.html(frame.NARROW_LAYOUT)  # the preview below the step when narrow
import_panel.import_panel()


@st.fragment
def wizard() -> None:
    """The steps, navigation and preview rerun alone: a click here redraws nothing else."""
    draft = state.current_draft()
    # the import's Undo, above this fragment, goes too; a draft replaced here shows everywhere
    if import_panel.undo_went_stale() or state.page_redraw_asked():
        st.rerun(scope="app")
    sidebar.conflict_banner()
    step_list(draft.step)
    _, problems = draft.check()
    problems = [*binding.too_long_problems(), *problems]
    with st.container(key="configure_wizard"):  # narrow.css's anchor
        main, preview = st.columns([3, 2], gap="large")
    with preview:  # sent first: a run slow on the server has its preview out before the step
        frame.live_preview(draft, problems)
    with main:
        frame.STEP_VIEWS[draft.step](
            draft, visible_problems(problems, draft.furthest_step, draft.step)
        )
        frame.navigation(draft)


wizard()
