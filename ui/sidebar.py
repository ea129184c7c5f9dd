"""The sidebar every page shares: which endpoint the app talks to, and the current draft."""

from __future__ import annotations

import streamlit as st

from ui import binding, connection, keys, state


def _rename() -> None:
    binding.update(name=st.session_state[keys.SIDEBAR_DRAFT_NAME].strip() or "Untitled draft")


def render() -> None:
    with st.sidebar:
        st.markdown("### Neo Configurator")
        connection.badge()
        draft = state.current_draft()
        st.markdown("**Current draft**")
        if st.session_state.get(keys.SIDEBAR_DRAFT_NAME) != draft.name:
            st.session_state[keys.SIDEBAR_DRAFT_NAME] = draft.name
        st.text_input(
            "Draft name",
            key=keys.SIDEBAR_DRAFT_NAME,
            on_change=_rename,
            label_visibility="collapsed",
        )
        target = draft.target()
        st.caption(
            f"Target: {target.summary if target else 'not valid yet'} · job `{draft.job_name}`"
        )
        notice = state.pop_notice()
        if notice:
            st.warning(notice)
