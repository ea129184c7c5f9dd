"""The one canonical draft per browser tab, kept under a key no widget owns, and autosaved.

Every write is saved to the store, so a reload or a server restart finds the draft again through
the `?draft=` query parameter. Widgets edit the draft through `ui.binding`.
"""

from __future__ import annotations

import streamlit as st

from core.draft.model import Draft, default_job_name
from core.draft.share import from_token
from core.errors import NeoConfigError
from core.jobs.store import Store
from ui import keys


@st.cache_resource
def store() -> Store:
    """The SQLite store is shared by every session; it holds drafts and job records, no secrets."""
    return Store.default()


def current_draft() -> Draft:
    if keys.DRAFT not in st.session_state:
        st.session_state[keys.DRAFT] = _initial_draft()
    draft: Draft = st.session_state[keys.DRAFT]
    return draft


def _initial_draft() -> Draft:
    """A shared link wins, then the draft named in the URL, then a new draft."""
    params = st.query_params
    token = params.get("d")
    if token:
        try:
            draft = from_token(token)
            draft.name = f"{draft.name} (shared)"
            draft.job_name = default_job_name()  # a copy is a new job, never a resubmission
        except NeoConfigError as exc:
            st.session_state[keys.DRAFT_NOTICE] = exc.message
            draft = Draft()
        del st.query_params["d"]
        persist(draft)
        return draft
    draft_id = params.get("draft")
    if draft_id:
        record = store().load_draft(draft_id)
        if record is not None:
            return Draft.from_stored(record.data, record.id, record.name, record.step)
        st.session_state[keys.DRAFT_NOTICE] = "That draft no longer exists; this is a new one."
    draft = Draft()
    persist(draft)
    return draft


def persist(draft: Draft) -> None:
    """Saves draft and names it in the URL, so a reload opens it again."""
    store().save_draft(draft.id, draft.name, draft.model_dump(mode="json"), draft.step)
    if st.query_params.get("draft") != draft.id:
        st.query_params["draft"] = draft.id


def save() -> None:
    persist(current_draft())


def open_draft(draft: Draft) -> None:
    """Makes draft this tab's draft (widgets must be re-seeded: `binding.replace_draft`)."""
    st.session_state[keys.DRAFT] = draft
    persist(draft)


def pop_notice() -> str | None:
    notice: str | None = st.session_state.pop(keys.DRAFT_NOTICE, None)
    return notice
