"""Sharing a draft: a link that opens a copy of it, or the request JSON when it is too large."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.draft.share import MAX_TOKEN_CHARS, share_link, to_token
from ui import keys


def app_url() -> str:
    """The app's address in the browser; the configured one where the browser gave none."""
    if st.context.url:
        return st.context.url
    host = st.get_option("browser.serverAddress") or "localhost"
    return f"http://{host}:{st.get_option('browser.serverPort')}/"


def share_panel(draft: Draft, request_json: str) -> None:
    """A link that opens a copy of this draft, behind one button (its copy icon copies it)."""
    link = share_link(app_url(), draft)
    if link is None:
        st.warning(
            f"This draft is too large to share as a link (its token is {len(to_token(draft))} "
            f"characters; a link holds at most {MAX_TOKEN_CHARS}). Share the request JSON "
            "instead: the recipient pastes it into Import.",
            icon=":material/warning:",
        )
        download_request(
            draft, request_json, "Download the request JSON to share", key=keys.SHARE_DOWNLOAD
        )
        return
    with st.popover("Share this draft", icon=":material/share:"):
        st.caption(
            "Copy this address (the icon at its right): it opens a copy of this draft, under a "
            "new job name."
        )
        st.code(link, language=None, wrap_lines=True)


def download_request(draft: Draft, request_json: str, label: str, **kwargs: Any) -> None:
    st.download_button(
        label,
        request_json,
        file_name=f"{draft.job_name or 'request'}.json",
        mime="application/json",
        icon=":material/download:",
        **kwargs,
    )
