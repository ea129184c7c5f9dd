"""The wizard's five steps, and which step owns each request field (to link a problem to it)."""

from __future__ import annotations

STEPS: tuple[str, ...] = ("Model", "Target", "Compiler options", "Output and job", "Review")
REVIEW = len(STEPS) - 1


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
