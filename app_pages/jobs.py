"""Jobs: compilation jobs on the connected endpoint, refreshed while they run."""

import streamlit as st

from ui import job_fleet, jobs, keys, sidebar, state
from ui.text import plain
from ui.widgets import kept_widget

if st.session_state.pop(keys.JOBS_GO_TO_WIZARD, False):
    st.switch_page("app_pages/configure.py", query_params=state.address())
st.title("Compilation jobs")
sidebar.conflict_banner()
jobs.reconcile_pending()
jobs.select_from_url()
status_col, name_col, fleet_col = st.columns([1, 2, 1])
# kept: the filters outlive a visit to another page, as Fleet's choices do
status = status_col.selectbox("Status", jobs.STATUSES, **kept_widget(keys.JOBS_STATUS))
name = name_col.text_input("Name contains", **kept_widget(keys.JOBS_NAME))
with fleet_col:
    fleet = job_fleet.fleet_filter()


@st.fragment(run_every=jobs.refresh_every())
def live_jobs() -> None:
    jobs.go_to_wizard_after_clone()
    jobs.messages()
    records = job_fleet.fleet_records(fleet) if fleet else None
    listing = jobs.load(status, name, records)
    if records is not None:
        st.subheader(plain(job_fleet.fleet_title(fleet, records)))
        job_fleet.fleet_view(records, listing)
        st.subheader("Its jobs")
    jobs.live_view(listing, status, name)


live_jobs()
