"""Neo Configurator: the entry point. Shared frame (sidebar) and the router over app_pages/."""

import streamlit as st

from ui import (  # noqa: F401  (every page's code is loaded before the freeze)
    access,
    binding,
    drafts,
    fleet,
    job_fleet,
    jobs,
    runtime,
    settings,
    sidebar,
    state,
    widgets,
)
from ui.configure import frame  # noqa: F401  (every page's code is loaded before the freeze)

st.set_page_config(page_title="Neo Configurator", page_icon=sidebar.FAVICON, layout="wide")
access.guard()

configure = st.Page(
    "app_pages/configure.py", title="Configure", icon=":material/tune:", default=True
)
pages = [
    configure,
    st.Page("app_pages/fleet.py", title="Fleet", icon=":material/hub:"),
    st.Page("app_pages/jobs.py", title="Jobs", icon=":material/list_alt:"),
    st.Page("app_pages/drafts.py", title="Drafts", icon=":material/draft:"),
    st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
]
page = st.navigation(pages)
if state.page_changed(page.title):
    widgets.forget_page_widgets(page.title)
state.page_redraw_asked()  # this run redraws the whole page
state.current_draft()
sidebar.render(live_page=page is configure)
page.run()
runtime.freeze_startup_heap()
