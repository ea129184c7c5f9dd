"""The one way widgets edit the draft: keys that version, bindings that write back through
callbacks, and a refresh that re-seeds widgets from the draft.

A widget's state is dropped when it is not rendered, so the draft, not the widget, holds every
value. A widget key carries its group's version: when the draft changes under the widgets
(an import, another draft), the version moves on and each widget is drawn anew from the draft,
instead of keys being deleted one by one (a value the browser sends under an old key then
reaches no callback).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeGuard

import streamlit as st

from core.draft.model import Draft
from core.draft.steps import FIELD_PATHS
from core.errors import Problem
from ui import keys, state

ALL = "all"
"""The group every wizard widget is in."""

MAX_FIELD_CHARS = 65_536
"""Text longer than this stays in its field but does not reach the draft: it is past every
request limit (the longest, DataInputConfig, is 16,384 characters), and a draft of megabytes
made every later change, save and preview take seconds."""


def _versions() -> dict[str, int]:
    versions: dict[str, int] = st.session_state.get(keys.WIDGET_VERSIONS) or {}
    return versions


def widget_key(name: str, group: str = ALL) -> str:
    """The session key of a wizard widget: `cfg_<name>@<versions>`, stable until a refresh."""
    versions = _versions()
    version = (
        f"{versions.get(ALL, 0)}"
        if group == ALL
        else f"{versions.get(ALL, 0)}.{versions.get(group, 0)}"
    )
    return f"{keys.WIDGET_PREFIX}{name}@{version}"


def refresh(group: str = ALL) -> None:
    """Re-seeds a group of widgets (or all) from the draft on the next run; text too long for
    the draft that was typed in them is dropped with them (the draft's value won)."""
    versions = dict(_versions())
    versions[group] = versions.get(group, 0) + 1
    st.session_state[keys.WIDGET_VERSIONS] = versions
    held = _too_long_text()
    for name in [name for name, (of, _, _) in held.items() if group in (ALL, of)]:
        del held[name]


def _too_long_text() -> dict[str, tuple[str, str, str]]:
    """Widget name -> (group, draft field, text) of the text too long for the draft."""
    held: dict[str, tuple[str, str, str]] = st.session_state.setdefault(keys.TOO_LONG_TEXT, {})
    return held


def too_long_problems() -> list[Problem]:
    """A problem at its request field for each text too long for the draft: the draft, and so
    the request, still holds the earlier value, which must not pass for what was typed."""
    return [
        Problem(
            FIELD_PATHS.get(field, ""),
            f"The text typed for {FIELD_PATHS.get(field, field)} is {len(text):,} characters "
            f"long, past what any field of a request holds ({MAX_FIELD_CHARS:,}): the request "
            "keeps the earlier value until it is shortened.",
        )
        for _, field, text in _too_long_text().values()
    ]


def forget_widgets() -> None:
    """Drops every wizard widget's value, so each is drawn from the draft on its next run."""
    for key in [key for key in st.session_state if str(key).startswith(keys.WIDGET_PREFIX)]:
        del st.session_state[key]


def replace_draft(draft: Draft, version: int | None = None) -> None:
    """Opens another draft in this tab (version: the stored one's); every widget re-reads it."""
    state.open_draft(draft, version)
    refresh()
    state.redraw_page()


def update(**fields: Any) -> None:
    draft = state.current_draft()
    for name, value in fields.items():
        setattr(draft, name, value)
    state.save()


def resend(key: str) -> None:
    """Sends a choice widget's value (selectbox, radio) with this run, not only the run that set it.

    The browser loads these widgets' code late; one mounted after a later run replaced its
    element takes the element's default, the first choice, unless that run states the value,
    and sends it back with the next interaction: an early click on the Model step under load
    turned PYTORCH into TENSORFLOW. Not for text fields, where it would overwrite typing that
    is not yet committed (their code loads with the page)."""
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]


def bind(
    name: str,
    field: str,
    *,
    group: str = ALL,
    to_widget: Callable[[Any], Any] = lambda value: value,
    from_widget: Callable[[Any], Any] = lambda value: value,
    before: Callable[[], None] | None = None,
    after: Callable[[], None] | None = None,
    choice: bool = False,
) -> dict[str, Any]:
    """Widget kwargs that show a draft field and write edits back to it (and to the store);
    before/after: called around the write; choice: a selectbox or radio, whose value is sent
    with every run (`resend`)."""
    key = widget_key(name, group)
    if key not in st.session_state:
        held = _too_long_text().get(name)  # typed, too long, and hidden since: shown again
        st.session_state[key] = (
            held[2] if held else to_widget(getattr(state.current_draft(), field))
        )
    elif choice:
        resend(key)

    def write() -> None:
        if key != widget_key(name, group) or key not in st.session_state:
            return  # another callback of this run refreshed the widgets: the draft won
        typed = st.session_state[key]
        if too_long(typed):  # the field keeps it and says so (`oversized`), so does the list
            _too_long_text()[name] = (group, field, typed)
            return
        _too_long_text().pop(name, None)
        if before is not None:
            before()
        update(**{field: from_widget(typed)})
        if after is not None:
            after()

    return {"key": key, "on_change": write}


def too_long(typed: Any) -> TypeGuard[str]:
    """Whether a field's value is text too long for the draft to take (`MAX_FIELD_CHARS`)."""
    return isinstance(typed, str) and len(typed) > MAX_FIELD_CHARS


def oversized(name: str, group: str = ALL) -> int | None:
    """The length of the text a bound field holds that is too long for the draft to take;
    None once the field holds the draft's value again (after a refresh or another page)."""
    typed = st.session_state.get(widget_key(name, group))
    return len(typed) if too_long(typed) else None


def go_to(step: int) -> None:
    st.session_state[keys.STEP_OPENED] = True
    update(step=step, furthest_step=max(step, state.current_draft().furthest_step))
