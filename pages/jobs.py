"""Jobs: compilation jobs on the connected endpoint, refreshed while they run."""

import streamlit as st

from ui import jobs

if st.session_state.pop(jobs.GO_TO_WIZARD, False):
    st.switch_page("pages/configure.py")
st.title("Compilation jobs")
jobs.reconcile_pending()
jobs.select_from_url()
jobs.messages()
status_col, name_col, fleet_col = st.columns([1, 2, 1])
status = status_col.selectbox("Status", jobs.STATUSES, key="jobs_status")
name = name_col.text_input("Name contains", key="jobs_name")
with fleet_col:
    fleet = jobs.fleet_filter()
running = jobs.any_running(jobs.load_jobs(status, name, quiet=True))


@st.fragment(run_every=jobs.refresh_seconds() if running else None)
def live_jobs() -> None:
    if fleet:
        st.subheader(f"Fleet {fleet}")
        jobs.fleet_view(fleet)
    jobs.live_view(status, name, was_running=running)


live_jobs()
