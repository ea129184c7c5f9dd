"""Step 5, Review: what is left to fix, the request and its exports, submit and share."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.draft.steps import STEPS, step_for
from core.errors import Problem
from core.interchange import render
from ui import binding, connection, keys
from ui.configure import local_check, share, submit
from ui.text import cited, code, plain
from ui.widgets import code_block, problem_line


def review_step(draft: Draft, problems: list[Problem]) -> None:
    """Verdict and Submit first (in view without scrolling), then what to fix, the local check
    with TVM, the exports and sharing; the live preview beside it already shows the request,
    so it is not repeated."""
    st.subheader("Review")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        st.error(
            f"{len(errors)} problem{'s' if len(errors) > 1 else ''} left before this "
            "request can be submitted.",
            icon=":material/error:",
        )
    else:
        st.success("This request is valid.", icon=":material/check_circle:")
    api = submit.api_to_send(draft)  # once a run: submit, the check, exports and sharing
    submit.submit_panel(draft, api, can_submit=not errors)
    if not errors:
        submit.local_model_warning(api)
    for index, problem in enumerate(errors):
        text_col, link_col = st.columns(
            [3, 2], vertical_alignment="center"
        )  # "Fix in Output and job" whole
        text_col.markdown(problem_line(problem))
        step = step_for(problem.path)
        link_col.button(
            f"Fix in {STEPS[step]}", key=f"fix_{index}", on_click=binding.go_to, args=(step,)
        )
    for warning in (p for p in problems if p.severity == "warning"):
        st.warning(f"{code(warning.path)}: {cited(warning.message)}", icon=":material/warning:")
    rendered = render.renderings(api, connection.where())
    local_check.review_panel(draft, api)
    exports(draft, api, rendered)
    share.share_panel(draft, rendered.json)


def exports(draft: Draft, api: dict[str, Any], rendered: render.Renderings) -> None:
    """The request as JSON, an AWS CLI command, boto3 and SageMaker SDK code."""
    json_tab, cli_tab, boto3_tab, sdk_tab = st.tabs(
        ["Request JSON", "AWS CLI", "boto3", "SageMaker SDK"]
    )
    name = draft.job_name or "request"
    with json_tab:
        code_block(rendered.json, "json", what="request JSON", wrap_lines=True)
        share.download_request(draft, rendered.json, "Download request JSON")
    with cli_tab:
        code_block(
            rendered.cli,
            "bash",
            what="AWS CLI command",
            file_name=f"{name}.sh",
            key=keys.CLI_DOWNLOAD,
            wrap_lines=True,
        )
    with boto3_tab:
        code_block(
            rendered.boto3,
            "python",
            what="boto3 code",
            file_name=f"{name}_boto3.py",
            key=keys.BOTO3_DOWNLOAD,
        )
    with sdk_tab:
        snippet = rendered.sdk
        if snippet:
            code_block(
                snippet,
                "python",
                what="SageMaker SDK code",
                file_name=f"{name}_sdk.py",
                key=keys.SDK_DOWNLOAD,
            )
        else:
            reason = render.sdk_unsupported_reason(api) or ""
            st.info(f"{plain(reason)} Use the boto3 code instead.", icon=":material/info:")
