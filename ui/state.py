"""The one canonical draft per browser tab, bound to widgets through callbacks and autosaved.

The draft lives under a session key no widget owns (widgets lose their state when they are not
rendered), every widget writes to it from `on_change`, and every write is saved to the store, so a
reload or a server restart finds it again through the `?draft=` query parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from core.draft import Draft, default_job_name, from_token
from core.errors import NeoConfigError
from core.store import Store

DRAFT_KEY = "draft"
NOTICE_KEY = "draft_notice"
WIDGET_PREFIX = "cfg_"


@st.cache_resource
def store() -> Store:
    """The SQLite store is shared by every session; it holds drafts and job records, no secrets."""
    return Store.default()


def current_draft() -> Draft:
    if DRAFT_KEY not in st.session_state:
        st.session_state[DRAFT_KEY] = _initial_draft()
    return st.session_state[DRAFT_KEY]


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
            st.session_state[NOTICE_KEY] = exc.message
            draft = Draft()
        del st.query_params["d"]
        _persist(draft)
        return draft
    draft_id = params.get("draft")
    if draft_id:
        record = store().load_draft(draft_id)
        if record is not None:
            draft = Draft.model_validate({**record.data, "id": record.id, "name": record.name})
            draft.step = record.step
            return draft
        st.session_state[NOTICE_KEY] = "That draft no longer exists; this is a new one."
    draft = Draft()
    _persist(draft)
    return draft


def _persist(draft: Draft) -> None:
    store().save_draft(draft.id, draft.name, draft.model_dump(mode="json"), draft.step)
    if st.query_params.get("draft") != draft.id:
        st.query_params["draft"] = draft.id


def save() -> None:
    _persist(current_draft())


def replace_draft(draft: Draft) -> None:
    """Opens another draft in this tab; widgets re-read their values from it."""
    st.session_state[DRAFT_KEY] = draft
    reset_widgets()
    _persist(draft)


def reset_widgets() -> None:
    """Forget widget values so that every widget is seeded again from the draft."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIX)]:
        del st.session_state[key]


def update(**fields: Any) -> None:
    draft = current_draft()
    for name, value in fields.items():
        setattr(draft, name, value)
    save()


def bind(
    key: str,
    field: str,
    *,
    to_widget: Callable[[Any], Any] = lambda value: value,
    from_widget: Callable[[Any], Any] = lambda value: value,
    after: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Widget kwargs that show a draft field and write edits back to it (and to the store)."""
    key = WIDGET_PREFIX + key
    if key not in st.session_state:
        st.session_state[key] = to_widget(getattr(current_draft(), field))

    def write() -> None:
        if key not in st.session_state:  # another callback of this run reset the widgets
            return
        update(**{field: from_widget(st.session_state[key])})
        if after is not None:
            after()

    return {"key": key, "on_change": write}


def go_to(step: int) -> None:
    update(step=step)


def pop_notice() -> str | None:
    return st.session_state.pop(NOTICE_KEY, None)
