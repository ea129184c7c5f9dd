"""The wizard's five steps, and which step owns each request field (to link a problem to it)."""

from __future__ import annotations

import re

from core.errors import Problem

STEPS: tuple[str, ...] = ("Model", "Target", "Compiler options", "Output and job", "Review")
REVIEW = len(STEPS) - 1


FIELD_PATHS: dict[str, str] = {
    "model_s3_uri": "InputConfig.S3Uri",
    "framework_version": "InputConfig.FrameworkVersion",
    "input_shapes": "InputConfig.DataInputConfig",
    "output_s3": "OutputConfig.S3OutputLocation",
    "kms_key_id": "OutputConfig.KmsKeyId",
    "job_name": "CompilationJobName",
    "role_arn": "RoleArn",
    "security_groups": "VpcConfig.SecurityGroupIds",
    "subnets": "VpcConfig.Subnets",
    "max_runtime": "StoppingCondition.MaxRuntimeInSeconds",
    "max_wait": "StoppingCondition.MaxWaitTimeInSeconds",
    "max_pending": "StoppingCondition.MaxPendingTimeInSeconds",
}
"""The request field each text field of the draft becomes (`to_api`), for a problem about
what was typed there."""


def step_for(path: str) -> int:
    """Which wizard step owns a problem's field path, so the Review step can link back to it."""
    if path.startswith("InputConfig") or path.startswith("ModelPackageVersionArn"):
        return 0
    if path.startswith(("OutputConfig.TargetDevice", "OutputConfig.TargetPlatform")):
        return 1
    if path.startswith("OutputConfig.CompilerOptions"):
        return 2
    if path == "OutputConfig":
        return 1
    return 3


_REQUIRED = re.compile(r"\brequired?\b")
"""Problems that say something is missing (not that a value is wrong)."""


def visible_problems(problems: list[Problem], furthest_step: int, step: int) -> list[Problem]:
    """The problems to show now: a missing value shows once the user has left its step (or
    reached Review), so a first visit is not a wall of "is required"; a wrong value always."""
    if step == REVIEW:
        return problems
    return [
        p
        for p in problems
        if not _REQUIRED.search(p.message) or step_for(p.path) < max(furthest_step, step)
    ]
