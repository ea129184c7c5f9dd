"""The sidebar every page shares: which endpoint the app talks to, and the current draft."""

from __future__ import annotations

import streamlit as st

from ui import connection, state

NAME_KEY = "sidebar_draft_name"


def _rename() -> None:
    state.update(name=st.session_state[NAME_KEY].strip() or "Untitled draft")


def render() -> None:
    with st.sidebar:
        st.markdown("### Neo Configurator")
        connection.badge()
        draft = state.current_draft()
        st.markdown("**Current draft**")
        if st.session_state.get(NAME_KEY) != draft.name:
            st.session_state[NAME_KEY] = draft.name
        st.text_input("Draft name", key=NAME_KEY, on_change=_rename, label_visibility="collapsed")
        target = draft.target()
        st.caption(
            f"Target: {target.summary if target else 'not valid yet'} · job `{draft.job_name}`"
        )
        notice = state.pop_notice()
        if notice:
            st.warning(notice)
