"""Small display helpers: problems beside their field, the list of steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from core.draft.steps import STEPS
from core.errors import Problem
from ui import binding, keys
from ui.text import cited, code, plain


def matches(problem: Problem, path: str, *, exact: bool = False) -> bool:
    if exact:
        return problem.path == path
    return problem.path == path or problem.path.startswith((path + ".", path + "["))


def field_problems(problems: list[Problem], *paths: str, exact: bool = False) -> None:
    """Shows, right under a widget, the problems whose path belongs to that widget."""
    for problem in problems:
        if any(matches(problem, path, exact=exact) for path in paths):
            if problem.severity == "error":
                st.error(cited(problem.message), icon=":material/error:")
            else:
                st.warning(cited(problem.message), icon=":material/warning:")


def text_field(
    label: str, key: str, field: str, problems: list[Problem], path: str, **kwargs: Any
) -> None:
    """A text input bound to a draft field (trimmed), with its field's problems under it."""
    st.text_input(label, **kwargs, **binding.bind(key, field, from_widget=str.strip))
    too_long_note(key)
    field_problems(problems, path)


def too_long_note(*names: str, group: str = binding.ALL) -> None:
    """Under a bound field whose text was too long for the draft: what happened, and that the
    draft kept its earlier value."""
    for name in names:
        length = binding.oversized(name, group)
        if length:
            st.error(
                f"This text is {length:,} characters long, past what any field of a request "
                f"holds ({binding.MAX_FIELD_CHARS:,}). It stays here, but the draft keeps its "
                "earlier value: shorten it to use it.",
                icon=":material/error:",
            )


SHOWN_CODE_MAX_CHARS = 100_000
"""The longest text drawn as a code block. The browser highlights a code block's every
character: a request of 1.4 MB (thousands of tags) kept the Review step blank for about 20 s
in Chromium; such a text is offered as a download instead."""


def code_block(
    text: str,
    language: str | None,
    *,
    what: str,
    file_name: str | None = None,
    key: str | None = None,
    **kwargs: Any,
) -> None:
    """text as a code block or, when too long to draw, its length and a download of it (none
    when file_name is None: the caller offers its own)."""
    if len(text) <= SHOWN_CODE_MAX_CHARS:
        st.code(text, language=language, **kwargs)
        return
    st.info(
        f"The {what} is {len(text):,} characters long, too long to show here without "
        "stalling the page. Download it to read it.",
        icon=":material/info:",
    )
    if file_name is not None:
        st.download_button(
            f"Download the {what}", text, file_name=file_name, icon=":material/download:", key=key
        )


def problem_line(problem: Problem) -> str:
    """A problem as one Markdown line: its path in code, its message plain, its citation a link."""
    return f"{code(problem.path or 'Request')}: {cited(problem.message)}"


def reasons_in_full(title: str, reasons: list[tuple[str, str]]) -> None:
    """Each (who, why) whole, under a table whose cell cuts the sentence (a failure's reason
    runs past any column's width, and a table cell does not wrap)."""
    if not reasons:
        return
    with st.expander(title, expanded=True):
        for who, why in reasons:
            st.markdown(f"**{plain(who)}**: {plain(why)}")


def problem_lines(problems: list[Problem]) -> str:
    """Problems as a Markdown list, one line each."""
    return "\n".join(f"- {problem_line(p)}" for p in problems)


STEP_LIST = "step_list"
"""The key of the container of the list of steps (its class: st-key-step_list)."""

SCROLL_TO_STEP_LIST = (
    "<script>/* step %d */ (() => {"
    f" const list = document.querySelector('.st-key-{STEP_LIST}');"
    " if (list && list.getBoundingClientRect().top < 0) list.scrollIntoView({block: 'start'});"
    " })();</script>"
)
"""After a step change, the list of steps back on screen when the page was scrolled past it:
a Next at the foot of a long step (or a narrow window) showed the next step's middle, and
Streamlit has no call that scrolls."""


def step_list(step: int) -> None:
    """The steps as one control: the current one marked, and a click on another opens it (a
    list that looks like tabs and does nothing was a dead end; steps ahead open too, as Next
    would). The control shows the draft's step on every run, so Back, Next and a click that
    unselects the current step all leave it showing the step the page is on."""
    key = binding.widget_key("step")
    st.session_state[key] = step
    with st.container(key=STEP_LIST):
        st.segmented_control(
            f"Step {step + 1} of {len(STEPS)}: {STEPS[step]}",
            options=range(len(STEPS)),
            format_func=lambda index: f"{index + 1}. {STEPS[index]}",
            key=key,
            on_change=_open_chosen_step,
            args=(key,),
            width="stretch",
        )
        if st.session_state.pop(keys.STEP_OPENED, False):
            # The script is ours, with no user text; the step in it makes each change run it.
            st.html(SCROLL_TO_STEP_LIST % step, unsafe_allow_javascript=True)


def _open_chosen_step(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen is not None:  # None: the current step was clicked, which unselects it
        binding.go_to(chosen)


def with_current(
    values: list[str], current: str, label: Callable[[str], str] = str
) -> tuple[list[str], Callable[[str], str]]:
    """Choices that include the draft's value even when it is not valid, marked as such.

    A selectbox whose options lack the draft's value shows another one while the draft keeps
    the bad one, and picking the shown value then fires no change. `label` names valid values.
    """
    valid = set(values)
    options = values if current in valid else [current, *values]
    return (
        options,
        lambda value: label(value) if value in valid else f"{value or '(empty)'} (not valid)",
    )


def apply_table_edits(
    rows: list[dict[str, Any]], edits: dict[str, Any] | None, columns: list[str]
) -> list[dict[str, Any]]:
    """The table st.data_editor shows: its data with the edit state it keeps applied."""
    table = [{column: row.get(column) for column in columns} for row in rows]
    for index, changes in ((edits or {}).get("edited_rows") or {}).items():
        position = int(index)
        if 0 <= position < len(table):
            table[position].update({k: v for k, v in changes.items() if k in columns})
    for added in (edits or {}).get("added_rows") or []:
        table.append({column: added.get(column) for column in columns})
    deleted = {int(index) for index in (edits or {}).get("deleted_rows") or []}
    return [row for position, row in enumerate(table) if position not in deleted]


def draft_table(
    key: str,
    value: Any,
    rows: Callable[[], list[dict[str, Any]]],
    write: Callable[[list[dict[str, Any]]], Any],
    columns: list[str],
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """A dynamic st.data_editor over a draft value; returns the rows it shows.

    The editor's data must not change while the user edits: a dynamic editor's identity includes
    its data, so data rebuilt from the draft after each edit makes every second edit vanish. The
    rows are kept in session state and rebuilt only when the draft value changed elsewhere
    (import, preset, the JSON tab) or the editor was not shown on the last run; `write` gets
    the edited rows in a callback, so the problems of this run already see the edit.
    """
    key = binding.widget_key(key)
    rows_key, synced_key = f"{key}__rows", f"{key}__synced"
    if key not in st.session_state or st.session_state.get(synced_key) != value:
        st.session_state[rows_key] = rows()
        st.session_state[synced_key] = value
        st.session_state.pop(key, None)

    def on_change() -> None:
        if key in st.session_state and rows_key in st.session_state:
            edited = apply_table_edits(st.session_state[rows_key], st.session_state[key], columns)
            st.session_state[synced_key] = write(edited)

    base = st.session_state[rows_key]
    data = pd.DataFrame(base, columns=columns, dtype="string")
    st.data_editor(data, key=key, num_rows="dynamic", on_change=on_change, **kwargs)
    return apply_table_edits(base, st.session_state.get(key), columns)


def kept(key: str, default: Any) -> Any:
    """What the user last chose in the lazy tab or fold `key`, or default: Streamlit drops a
    widget's state on the runs that do not draw it (another step, another page)."""
    value = st.session_state.get(keys.KEPT, {}).get(key)
    return default if value is None else value


def keep(key: str) -> None:
    """on_change of such a widget: its value, kept beyond the runs that draw it (`kept`)."""
    st.session_state[keys.KEPT] = {
        **st.session_state.get(keys.KEPT, {}),
        key: st.session_state.get(key),
    }


def forget_page_widgets(page: str) -> None:
    """On entering a page: its widgets are drawn from the draft and `kept`, never from the
    session. A field's edit the browser sends as the user clicks another page (a paste box
    losing focus) arrives after the switch, and brings the left page's values back into the
    session once the new page's run has dropped them; a widget whose value is in the session
    is drawn by the browser from what it remembers, which is nothing by then: the S3 URI came
    back blank on return, and the next edit saved it. The page left keeps its own keys, for
    its late edit to reach its callback (forgetting them too lost typed text)."""
    forgotten = list(keys.PAGE_WIDGETS.get(page, ()))
    if page == "Configure":  # the wizard's widgets, and every kept one (most are Configure's)
        binding.forget_widgets()
        forgotten += st.session_state.get(keys.KEPT, {})
    for key in forgotten:
        st.session_state.pop(key, None)


def kept_widget(key: str, default: Any = None) -> dict[str, Any]:
    """A widget's key and on_change, for a value that outlives the runs that do not draw it
    (a path typed on the Model step was empty after a visit to the Target step)."""
    if key not in st.session_state:
        value = kept(key, default)
        if value is not None:
            st.session_state[key] = value
    return {"key": key, "on_change": keep, "args": (key,)}
