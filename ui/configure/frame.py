"""Frame of the Configure page: the steps, navigation and the live preview."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.draft.model import Draft
from core.draft.steps import STEPS
from core.errors import Problem
from core.interchange import render
from ui import binding
from ui.configure.model_step import model_step
from ui.configure.options_step import options_step
from ui.configure.output_step import output_step
from ui.configure.review_step import review_step
from ui.configure.target_step import target_step
from ui.widgets import problem_lines

STEP_VIEWS: tuple[Callable[[Draft, list[Problem]], None], ...] = (
    model_step,
    target_step,
    options_step,
    output_step,
    review_step,
)
"""One view a step, in the order of STEPS."""


def navigation(draft: Draft) -> None:
    back, _, forward = st.columns([1, 2, 1])
    with back:
        st.button(
            "Back",
            on_click=binding.go_to,
            args=(draft.step - 1,),
            disabled=draft.step == 0,
            icon=":material/arrow_back:",
            width="stretch",
        )
    with forward:
        st.button(
            "Next",
            on_click=binding.go_to,
            args=(draft.step + 1,),
            type="primary",
            disabled=draft.step == len(STEPS) - 1,
            icon=":material/arrow_forward:",
            width="stretch",
        )


def live_preview(draft: Draft, problems: list[Problem]) -> None:
    with st.container(border=True):
        st.markdown("**Live preview: OutputConfig**")
        st.code(render.output_config_json(draft.to_api()), language="json", wrap_lines=True)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            st.markdown(f"**{len(errors)} problem{'s' if len(errors) > 1 else ''} left**")
            st.markdown(problem_lines(errors))
        else:
            st.success("Valid request", icon=":material/check_circle:")
