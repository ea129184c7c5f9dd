"""Step 5, Review: what is left to fix, the request and its exports, submit and share."""

from __future__ import annotations

import streamlit as st

from core.draft.model import Draft
from core.draft.steps import STEPS, step_for
from core.errors import Problem
from core.interchange import render
from ui import binding
from ui.configure import share, submit
from ui.text import code, plain


def review_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Review")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        st.error(
            f"{len(errors)} problem{'s' if len(errors) > 1 else ''} left before this "
            "request can be submitted.",
            icon=":material/error:",
        )
        for index, problem in enumerate(errors):
            text_col, link_col = st.columns([5, 1], vertical_alignment="center")
            text_col.markdown(f"{code(problem.path or 'Request')}: {plain(problem.message)}")
            step = step_for(problem.path)
            link_col.button(
                f"Fix in {STEPS[step]}", key=f"fix_{index}", on_click=binding.go_to, args=(step,)
            )
    else:
        st.success("This request is valid.", icon=":material/check_circle:")
    for warning in (p for p in problems if p.severity == "warning"):
        st.warning(f"{code(warning.path)}: {plain(warning.message)}", icon=":material/warning:")
    api = draft.to_api()
    request_json = render.to_json(api)
    st.markdown("**Request** (CreateCompilationJob)")
    st.code(request_json, language="json", wrap_lines=True)
    tabs = st.tabs(["OutputConfig", "AWS CLI", "boto3", "SageMaker SDK"])
    with tabs[0]:
        st.code(render.output_config_json(api), language="json")
    with tabs[1]:
        st.code(render.to_cli(api), language="bash", wrap_lines=True)
    with tabs[2]:
        st.code(render.to_boto3(api), language="python")
    with tabs[3]:
        snippet = render.to_sdk(api)
        if snippet:
            st.code(snippet, language="python")
        else:
            st.info(render.sdk_unsupported_reason(api), icon=":material/info:")
    share.download_request(draft, request_json, "Download request JSON")
    submit.submit_panel(draft, can_submit=not errors)
    share.share_panel(draft, request_json)
