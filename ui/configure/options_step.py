"""Step 3, Compiler options: a form generated from the target's options model, or JSON."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.draft.option_values import fits, option_from_widget, option_to_widget
from core.draft.options_text import keys_given_twice
from core.errors import Problem, quote
from core.spec.option_fields import OptionField, option_fields
from ui import binding, keys, state
from ui.text import plain
from ui.widgets import field_problems, too_long_note, with_current

OPTIONS = "options"
"""The widget group of the form's fields."""
OPTIONS_JSON = "options_json"
"""The widget group of the 'Edit as JSON' box."""


def refresh_options(keep_json: bool = False) -> None:
    """Re-seeds the options widgets from the draft (the JSON box too, unless it is the editor)."""
    binding.refresh(OPTIONS)
    if not keep_json:
        binding.refresh(OPTIONS_JSON)


def _replace_options(values: dict[str, Any], *, keep_form: bool = False) -> None:
    """Every edit of the options but the JSON box's: saved, then the widgets re-read them (the
    form's own fields keep their keys when one of them made the edit)."""
    state.current_draft().set_options(values)
    state.save()
    if keep_form:
        binding.refresh(OPTIONS_JSON)  # refilled from the draft, its error gone with it
    else:
        refresh_options()


def _write_option(key: str, kind: str) -> None:
    widget = binding.widget_key(f"opt_{key}", OPTIONS)
    if widget not in st.session_state:
        return
    typed = st.session_state[widget]
    if binding.too_long(typed):
        return  # the field keeps it and says so (`too_long_note`)
    value = option_from_widget(kind, typed)
    _replace_options({**state.current_draft().options, key: value}, keep_form=True)


def _write_raw_option(key: str) -> None:
    """A value typed over one that did not fit its widget: JSON when it is, else the text."""
    text = str(st.session_state.get(binding.widget_key(f"opt_{key}__raw", OPTIONS), "")).strip()
    try:
        value = json.loads(text) if text else None
    except json.JSONDecodeError:
        value = text
    _replace_options({**state.current_draft().options, key: value})


def _option_as_text(key: str) -> None:
    """A number where text goes, sent as its text (read at the click, as _drop_options)."""
    options = state.current_draft().options
    _replace_options({**options, key: json.dumps(options.get(key))})


def _write_options_json() -> None:
    text = st.session_state.get(binding.widget_key("opt__json", OPTIONS_JSON))
    if text is None or binding.too_long(text):
        return  # the box keeps it and says so (`too_long_note`)
    draft = state.current_draft()
    error = draft.edit_options_json(text)
    state.save()
    twice = () if error else keys_given_twice(text)
    if twice:  # applied as Import applies them; the box shows what was kept, and says so
        st.session_state[keys.OPTIONS_REPEATED] = (text.strip(), twice)
    refresh_options(keep_json=not twice)


def options_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Compiler options")
    model = draft.options_model()
    fields = option_fields(model)
    target = draft.target()
    st.caption(f"Options for {model.title}" + (f" ({plain(target.summary)})" if target else ""))
    if not fields and model.family == "none":
        st.info("Neo documents no compiler options for this target.", icon=":material/info:")
        if draft.options or draft.options_text is not None:
            st.button("Remove the options", on_click=_replace_options, args=({},))
        field_problems(problems, "OutputConfig.CompilerOptions")
        return
    known = draft.known_options()
    if known:
        _known_values(draft, known)
    if model.required:
        st.markdown("Fields marked * are required for this target.")
    offered = {f.key for f in fields}
    extra = [k for k in draft.options if k not in offered]
    # above the tabs, seen from both; not while typed JSON waits: it is about the options
    # applied before, which that text replaces
    if extra and model.documents_keys and draft.options_text is None:
        st.warning(
            f"Not documented for this target: {plain(', '.join(extra))}. They are sent as "
            "written; SageMaker may ignore them or refuse the job.",
            icon=":material/warning:",
        )
        respelled = {
            key: spelled
            for key in extra
            if (spelled := model.api_spelling(key)) and spelled not in draft.options
        }
        if respelled:  # one of the target's own keys written otherwise: kept, not dropped
            listed = ", ".join(f"{key} as {spelled}" for key, spelled in respelled.items())
            st.button(f"Write {listed}", on_click=_respell_options, args=(respelled,))
        st.button("Remove them", on_click=_drop_options, args=(extra,))
    # keyed: the warnings above come and go with an edit, which made an unkeyed element anew,
    # and the browser then opened the first tab again after every change applied in the second
    form_tab, json_tab = st.tabs(["Form", "Edit as JSON"], key=keys.OPTIONS_TAB, on_change="rerun")
    with form_tab:
        if draft.options_text is not None:
            st.warning(
                "The options typed in 'Edit as JSON' are not applied yet; the form shows the "
                "last ones that were, and a change here replaces the typed text with them.",
                icon=":material/warning:",
            )
        for field in fields:
            _option_widget(draft, field)
            too_long_note(f"opt_{field.key}", group=OPTIONS)
            field_problems(problems, f"OutputConfig.CompilerOptions.{field.key}")
    with json_tab:
        json_key = binding.widget_key("opt__json", OPTIONS_JSON)
        if json_key not in st.session_state:
            st.session_state[json_key] = _options_json_text(draft)
        st.text_area(
            "CompilerOptions (JSON)",
            key=json_key,
            on_change=_write_options_json,
            height=160,
            placeholder=draft.options_example(),
            help="Edits here update the form, and the other way round. Text that is not "
            "valid yet is kept (also after a reload) until it is.",
        )
        too_long_note("opt__json", group=OPTIONS_JSON)
        repeated = st.session_state.pop(keys.OPTIONS_REPEATED, None)
        if repeated:  # a repair is said, as Import says its own
            typed, twice = repeated
            named = ", ".join(quote(key) for key in twice)
            st.caption(
                plain(f"Named {named} twice: kept the last value, as Import does; you typed")
                + " "  # outside plain(), which trims the ends
                + plain(quote(typed, 120))
                + "."
            )
        # what the form shows under each field, shown where the options were typed as well
        keyed = [p for p in problems if p.path.startswith("OutputConfig.CompilerOptions.")]
        field_problems(keyed, "OutputConfig.CompilerOptions")
    field_problems(problems, "OutputConfig.CompilerOptions", exact=True)


def _known_values(draft: Draft, known: dict[str, Any]) -> None:
    """The device's known option values (as Fleet uses them), offered, never imposed."""
    listed = " · ".join(f"{plain(key)} {plain(_value_text(value))}" for key, value in known.items())
    text_col, button_col = st.columns([3, 1], vertical_alignment="center")
    text_col.info(f"Known values for {plain(draft.device)}: {listed}", icon=":material/lightbulb:")
    button_col.button("Use them", on_click=_replace_options, args=(known,), width="stretch")


def _value_text(value: Any) -> str:
    """A value as a person writes it in the form: a list's flags comma-separated, not
    Python's ['+neon']."""
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)


def _options_json_text(draft: Draft) -> str:
    """What the JSON box shows: the text still being fixed, or the options as they stand."""
    if draft.options_text is not None:
        return draft.options_text
    api = draft.options_api()
    return json.dumps(json.loads(api), indent=2, ensure_ascii=False) if api else ""


def _option_widget(draft: Draft, field: OptionField) -> None:
    label = f"{field.key}{' *' if field.required else ''}"
    value = draft.options.get(field.key)
    if not fits(field, value):
        _raw_option_widget(field, label, value)
        return
    key = binding.widget_key(f"opt_{field.key}", OPTIONS)
    if key not in st.session_state:
        st.session_state[key] = option_to_widget(field.kind, value)
    common: dict[str, Any] = {
        "key": key,
        "on_change": _write_option,
        "args": (field.key, field.kind),
        "help": field.help,
    }
    example = field.example
    if field.kind == "choice":
        binding.resend(key)
        choices, shown = with_current(["", *field.choices], value or "", lambda v: v or "(default)")
        st.selectbox(label, choices, format_func=shown, **common)
    elif field.kind == "int":
        st.text_input(label, placeholder=f"a whole number, for example {example}", **common)
    elif field.kind == "list":
        written = ", ".join(example) if isinstance(example, list) else example
        hint = f"for example {written}" if written else "comma-separated"
        st.text_input(label, placeholder=hint, **common)
    else:
        st.text_input(label, placeholder=f"for example {example}" if example else "", **common)


def _raw_option_widget(field: OptionField, label: str, value: Any) -> None:
    """A value of the wrong type (5 for a name, a list for a number), shown as JSON text."""
    key = binding.widget_key(f"opt_{field.key}__raw", OPTIONS)
    if key not in st.session_state:
        st.session_state[key] = json.dumps(value, ensure_ascii=False)
    st.text_input(
        label,
        key=key,
        on_change=_write_raw_option,
        args=(field.key,),
        help=field.help,
    )
    if field.kind == "text" and type(value) in (int, float):  # checked as its text, and sent
        written = json.dumps(value)
        st.caption(
            f"{field.key} is the number {written}, sent as a number; the reference's examples "
            "write text. Retyping the same digits keeps the number: send it as text below."
        )
        st.button(
            f"Send {written} as text",
            key=f"{key}_as_text",
            on_click=_option_as_text,
            args=(field.key,),
        )
        return
    wanted = {"int": "a whole number", "list": "a list of text", "choice": "one of the choices"}
    st.caption(
        f"This value does not fit the form: {field.key} takes {wanted.get(field.kind, 'text')}. "
        "Type the right value here, or fix it in 'Edit as JSON'."
    )


def _respell_options(respelled: dict[str, str]) -> None:
    """Each key in the target's own spelling, in its place and with its value."""
    options = state.current_draft().options
    _replace_options({respelled.get(key, key): value for key, value in options.items()})


def _drop_options(keys: list[str]) -> None:
    """Read at the click: an edit of the same run (a field typed, then this) is kept."""
    _replace_options({k: v for k, v in state.current_draft().options.items() if k not in keys})
