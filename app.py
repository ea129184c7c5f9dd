"""Neo Configurator: the entry point. Shared frame (sidebar) and the router over pages/."""

from pathlib import Path

import streamlit as st

from ui import access, drafts, fleet, job_fleet, jobs, runtime, settings, sidebar, state  # noqa: F401
from ui.configure import frame  # noqa: F401  (every page's code is loaded before the freeze)

# Served inline with the page: a Material icon here is fetched from fonts.gstatic.com. (A bare
# string here would be shown on the page: Streamlit's "magic" writes every one it meets.)
FAVICON = Path(__file__).parent / "ui" / "favicon.svg"
st.set_page_config(page_title="Neo Configurator", page_icon=FAVICON, layout="wide")
access.guard()

configure = st.Page("pages/configure.py", title="Configure", icon=":material/tune:", default=True)
pages = [
    configure,
    st.Page("pages/fleet.py", title="Fleet", icon=":material/hub:"),
    st.Page("pages/jobs.py", title="Jobs", icon=":material/list_alt:"),
    st.Page("pages/drafts.py", title="Drafts", icon=":material/draft:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]
page = st.navigation(pages)
state.current_draft()
sidebar.render(live_page=page is configure)
page.run()
runtime.freeze_startup_heap()
