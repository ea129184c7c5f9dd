"""Step 4, Output and job: where the compiled model goes, the job's name, role and limits."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.draft.names import default_job_name
from core.draft.option_values import whole_number_or_text, whole_number_text
from core.draft.reader import split_ids
from core.errors import Problem
from core.spec import service
from ui import binding, keys, state
from ui.widgets import draft_table, field_problems, matches, text_field, too_long_note

FOLDED_PATHS = (
    "VpcConfig",
    "Tags",
    "StoppingCondition.MaxPendingTimeInSeconds",
    "StoppingCondition.MaxWaitTimeInSeconds",
)
"""The fields under the optional section's fold."""

JOB_NAME = "job_name"
"""The widget group of the job name, re-seeded when "New name" makes one."""


def output_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Output and job")
    text_field(
        "S3 output location *",
        "output_s3",
        "output_s3",
        problems,
        "OutputConfig.S3OutputLocation",
        placeholder="s3://my-bucket/compiled/",
        help="Where SageMaker writes the compiled model.",
    )
    text_field(
        "KMS key (optional)",
        "kms",
        "kms_key_id",
        problems,
        "OutputConfig.KmsKeyId",
        placeholder="key ID, key ARN, alias/Name or alias ARN",
        help="Encrypts the compiled model; the account's default S3 key when empty.",
    )
    name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")  # room for its label
    with name_col:
        st.text_input(
            "Job name *",
            help="Letters, digits and hyphens; at most 63 characters. "
            "It also keeps a job from being submitted twice.",
            **binding.bind("job_name", "job_name", group=JOB_NAME, from_widget=str.strip),
        )
    with button_col:
        st.button("New name", on_click=new_job_name, help="A fresh unique name.", width="stretch")
    too_long_note("job_name", group=JOB_NAME)
    field_problems(problems, "CompilationJobName")
    text_field(
        "IAM role ARN *",
        "role",
        "role_arn",
        problems,
        "RoleArn",
        placeholder="arn:aws:iam::123456789012:role/SageMakerRole",
        help="The role SageMaker assumes to read the model and write the output.",
    )
    st.text_input(
        "Maximum runtime (seconds)",
        placeholder="Empty: AWS's default",
        help=(
            "The job ends in a TimeOut error after this long. The reference recommends 900 to "
            "start with, and the SageMaker SDK sends 900; left empty, none is sent and AWS's "
            "default applies."
        ),
        **seconds("max_runtime"),
    )
    too_long_note("max_runtime")
    field_problems(problems, "StoppingCondition.MaxRuntimeInSeconds")
    # open once something there is given or wrong, so "Fix in Output and job" lands where the
    # problem is shown; then open for the draft, so clearing the last value does not shut it
    given = (draft.security_groups, draft.subnets, draft.tags, draft.max_pending, draft.max_wait)
    if any(given) or any(matches(p, path) for p in problems for path in FOLDED_PATHS):
        st.session_state[keys.OUTPUT_FOLD_OPEN] = True
    with st.expander(
        "VPC, tags and queue time (optional)",
        expanded=st.session_state.get(keys.OUTPUT_FOLD_OPEN, False),
    ):
        st.text_input(
            "Security group IDs",
            placeholder="sg-0123456789abcdef0, ...",
            **binding.bind("sgs", "security_groups", to_widget=", ".join, from_widget=split_ids),
        )
        st.text_input(
            "Subnet IDs",
            placeholder="subnet-0123456789abcdef0, ...",
            **binding.bind("subnets", "subnets", to_widget=", ".join, from_widget=split_ids),
        )
        too_long_note("sgs", "subnets")
        field_problems(problems, "VpcConfig")
        st.markdown("Tags")
        draft_table(
            "tags",
            draft.tags,
            lambda: [dict(tag) for tag in draft.tags],
            _write_tags,
            ["Key", "Value"],
            column_config={
                "Key": st.column_config.TextColumn(max_chars=128),
                "Value": st.column_config.TextColumn(max_chars=256),
            },
        )
        field_problems(problems, "Tags")
        pending = service.limit("StoppingCondition.MaxPendingTimeInSeconds")
        st.text_input(
            "Maximum queue time (seconds)",
            placeholder="no limit when empty",
            help=f"How long the job may wait for capacity before it is stopped; from "
            f"{pending.min} to {pending.max} seconds ({(pending.max or 0) // 86400} days).",
            **seconds("max_pending"),
        )
        too_long_note("max_pending")
        field_problems(problems, "StoppingCondition.MaxPendingTimeInSeconds")
        st.text_input(
            "Maximum wait, Spot training only (seconds)",
            placeholder="not sent when empty",
            help="MaxWaitTimeInSeconds: the API documents it for managed Spot training jobs. "
            "It is kept here so an imported request loses nothing.",
            **seconds("max_wait"),
        )
        too_long_note("max_wait")
        field_problems(problems, "StoppingCondition.MaxWaitTimeInSeconds")


def seconds(field: str) -> dict[str, Any]:
    """A text field for whole seconds: what is typed is kept as typed when it is no whole
    number (1e3, 21.5, 5,000 nines) and the check says so beside it."""
    return binding.bind(field, field, to_widget=whole_number_text, from_widget=whole_number_or_text)


def _write_tags(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    tags = [
        {"Key": str(row.get("Key") or ""), "Value": str(row.get("Value") or "")}
        for row in rows
        if row.get("Key") or row.get("Value")
    ]
    binding.update(tags=tags)
    return state.current_draft().tags


def new_job_name() -> None:
    """A fresh default name for the draft's job, its field shown with it."""
    draft = state.current_draft()
    target = draft.target()
    binding.update(job_name=default_job_name(target.summary if target else ""))
    binding.refresh(JOB_NAME)
