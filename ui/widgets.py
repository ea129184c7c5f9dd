"""Small display helpers: problems beside their field, the step indicator."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.draft import STEPS
from core.errors import Problem
from ui import state


def matches(problem: Problem, path: str, *, exact: bool = False) -> bool:
    if exact:
        return problem.path == path
    return problem.path == path or problem.path.startswith((path + ".", path + "["))


def field_problems(problems: list[Problem], *paths: str, exact: bool = False) -> None:
    """Shows, right under a widget, the problems whose path belongs to that widget."""
    for problem in problems:
        if any(matches(problem, path, exact=exact) for path in paths):
            if problem.severity == "error":
                st.error(problem.message, icon=":material/error:")
            else:
                st.warning(problem.message, icon=":material/warning:")


def text_field(
    label: str, key: str, field: str, problems: list[Problem], path: str, **kwargs: Any
) -> None:
    """A text input bound to a draft field (trimmed), with its field's problems under it."""
    st.text_input(label, **kwargs, **state.bind(key, field, from_widget=str.strip))
    field_problems(problems, path)


def step_indicator(step: int) -> None:
    labels = []
    for index, name in enumerate(STEPS):
        label = f"{index + 1}. {name}"
        labels.append(f"**:blue[{label}]**" if index == step else f":gray[{label}]")
    st.markdown("  →  ".join(labels))
    st.progress((step + 1) / len(STEPS), text=f"Step {step + 1} of {len(STEPS)}: {STEPS[step]}")
