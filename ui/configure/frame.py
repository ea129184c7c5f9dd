"""Frame of the Configure page: the steps, navigation and the live preview."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.draft.steps import STEPS, visible_problems
from core.errors import Problem
from core.interchange import render
from ui import binding, keys
from ui.configure.model_step import model_step
from ui.configure.options_step import options_step
from ui.configure.output_step import output_step
from ui.configure.review_step import review_step
from ui.configure.submit import api_to_send
from ui.configure.target_step import target_step
from ui.widgets import code_block, keep, kept, problem_lines

STEP_VIEWS: tuple[Callable[[Draft, list[Problem]], None], ...] = (
    model_step,
    target_step,
    options_step,
    output_step,
    review_step,
)
"""One view a step, in the order of STEPS."""


JOB_FOLD = "Job: name, role, limits, VPC, tags"
"""The preview's fold for the request's members other than InputConfig and OutputConfig."""

NARROW_LAYOUT = (
    f"<style>{Path(__file__).with_name('narrow.css').read_text(encoding='utf-8')}</style>"
)
"""The preview below the step where the page is narrow (narrow.css), read once, not each run."""

NAV_WIDTH = 160
"""Pixels: Back and Next as wide as each other."""


def navigation(draft: Draft) -> None:
    """Back at the left, Next at the right: one row, not three columns (fewer elements a run).
    Review is the last step: no Next there (a disabled one reads as something left to do)."""
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button(
            "Back",
            on_click=binding.go_to,
            args=(draft.step - 1,),
            disabled=draft.step == 0,
            icon=":material/arrow_back:",
            width=NAV_WIDTH,
        )
        if draft.step < len(STEPS) - 1:
            st.button(
                "Next",
                on_click=binding.go_to,
                args=(draft.step + 1,),
                type="primary",
                icon=":material/arrow_forward:",
                width=NAV_WIDTH,
            )


def live_preview(draft: Draft, problems: list[Problem]) -> None:
    """The whole request as it stands, OutputConfig first and open (what this wizard is about),
    CompilerOptions also decoded (a JSON string inside JSON is hard to read), the other
    members folded; then the problems of the steps already visited."""
    api = api_to_send(draft)
    with st.container(border=True):
        st.markdown("**Live preview** (CreateCompilationJob)")
        with st.expander("OutputConfig", expanded=True):
            st.code(render.output_config_json(api), language="json", wrap_lines=True)
            decoded = decoded_options(api)
            if decoded is not None:
                st.caption("CompilerOptions, decoded")
                st.code(decoded, language="json", wrap_lines=True)
        model = "ModelPackageVersionArn" if "ModelPackageVersionArn" in api else "InputConfig"
        rest = {k: v for k, v in api.items() if k not in (model, "OutputConfig")}
        model_member = api.get(model, {}) if model == "InputConfig" else {model: api[model]}
        folds = (("input", model, model_member), ("job", JOB_FOLD, rest))
        for name, label, member in folds:
            key = f"{keys.PREVIEW_FOLDS}{name}"
            fold = st.expander(
                label, expanded=kept(key, False), key=key, on_change=keep, args=(key,)
            )
            if fold.open:  # a closed fold draws nothing: no work for what is not shown
                with fold:
                    code_block(
                        render.to_json(member),
                        "json",
                        what="JSON of this part",
                        file_name=f"{name}.json",
                        key=f"{keys.PREVIEW_FOLDS}{name}_download",
                        wrap_lines=True,
                    )
        shown = visible_problems(problems, draft.furthest_step, draft.step)
        errors = [p for p in shown if p.severity == "error"]
        hidden = len([p for p in problems if p.severity == "error"]) - len(errors)
        if errors:
            st.markdown(f"**{len(errors)} problem{'s' if len(errors) > 1 else ''} left**")
            st.markdown(problem_lines(errors))
        if hidden:  # said beside the errors too: the list alone reads as all there is to do
            st.caption(f"{hidden} field(s) of this step and the steps ahead still to fill.")
        elif not errors:
            st.success("Valid request", icon=":material/check_circle:")


def decoded_options(api: dict[str, Any]) -> str | None:
    """CompilerOptions as indented JSON, when it is JSON (None when absent or not JSON)."""
    text = (api.get("OutputConfig") or {}).get("CompilerOptions")
    if not isinstance(text, str):
        return None
    try:
        return render.invisible_escaped(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
    except (ValueError, RecursionError):
        return None
