"""The sidebar every page shares: which endpoint the app talks to, and the current draft."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.draft.model import DEFAULT_NAME
from core.interchange.render import invisible_escaped
from ui import binding, connection, keys, state
from ui.text import code, plain
from ui.widgets import code_block

FAVICON = Path(__file__).with_name("favicon.svg").read_text(encoding="utf-8")
"""The page icon, read once per process and sent inline with the page (a Material icon makes
the browser fetch it from fonts.gstatic.com)."""


def _rename() -> None:
    typed = state.typed_name(st.session_state[keys.SIDEBAR_DRAFT_NAME])
    binding.update(name=typed or DEFAULT_NAME)


def _reload() -> None:
    state.reload_stored()
    binding.refresh()
    state.redraw_page()  # the banner sits in Configure's fragment: the sidebar's name too


def _keep() -> None:
    state.keep_as_new()
    binding.refresh()
    state.redraw_page()


def conflict_banner() -> None:
    """Shown on every page while another tab's save stands between this tab and the store."""
    found = state.conflict()
    if found is None:
        return
    if found.stored is None:
        st.warning(
            "This draft was deleted in another tab, so this tab's changes are not being saved. "
            "Keep them as a new draft to save them.",
            icon=":material/sync_problem:",
        )
    else:
        st.warning(
            "This draft was changed in another tab, so this tab's changes are not being saved "
            "over it (the stored copy was last edited at "
            f"{found.stored.updated_at[:19].replace('T', ' ')} UTC). Reload the stored draft, or "
            "keep this tab's copy as a new draft.",
            icon=":material/sync_problem:",
        )
    reload_col, keep_col = st.columns(2)  # each label whole, not cut to "Keep this copy as a ne…"
    reload_col.button(
        "Reload the stored draft",
        on_click=_reload,
        disabled=found.stored is None,
        icon=":material/refresh:",
        width="stretch",
    )
    keep_col.button(
        "Keep this copy as a new draft",
        on_click=_keep,
        icon=":material/content_copy:",
        width="stretch",
    )


UNNAMED_HINT = "Named by its target and model"


def render(*, live_page: bool = False) -> None:
    """live_page: the page redraws the draft in a fragment, which a click there reruns without
    the sidebar (Configure): the sidebar then leaves out what would go stale, the target and
    the job name, which that page shows itself."""
    with st.sidebar:
        st.markdown("### Neo Configurator")
        connection.badge()
        draft = state.current_draft()
        st.markdown("**Current draft**")
        named = "" if draft.name == DEFAULT_NAME else state.fitting_name(draft.name)
        if st.session_state.get(keys.SIDEBAR_DRAFT_NAME) != named:
            st.session_state[keys.SIDEBAR_DRAFT_NAME] = named
        st.text_input(
            "Draft name",
            key=keys.SIDEBAR_DRAFT_NAME,
            on_change=_rename,
            # its title names the target and model, which go stale beside the live page's
            # fragment (Configure): there the field says how an unnamed draft is called
            # ("Untitled draft" read as the name the other pages contradicted)
            placeholder=UNNAMED_HINT if live_page else draft.title,
            label_visibility="collapsed",
        )
        if not live_page:
            target = draft.target()
            st.caption(
                f"Target: {plain(target.summary) if target else 'not valid yet'} · job "
                f"{code(draft.job_name)}"
            )
        problem = state.store_problem()
        if problem:
            st.error(
                f"Drafts and job records are not being saved (kept in memory until the app "
                f"stops): {plain(problem)}",
                icon=":material/database_off:",
            )
        notice = state.pop_notice()
        if notice:
            st.warning(plain(notice))
        raw = state.pop_unreadable()
        if raw:
            with st.expander("The saved draft, as stored"):
                code_block(
                    invisible_escaped(raw), "json", what="saved draft", file_name="draft.json"
                )
