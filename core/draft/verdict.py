"""What is still wrong with a draft: the request's own checks, every contradiction with the
model while it is known, and options JSON still being typed, so nothing typed is skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Problem
from core.spec.advice import layout_hints
from core.spec.request import CompilationRequest, check_request

if TYPE_CHECKING:  # the draft model calls in here; this module only reads it
    from core.draft.model import Draft

SHAPES = "InputConfig.DataInputConfig"


def check(draft: Draft) -> tuple[CompilationRequest | None, list[Problem]]:
    request, problems = check_request(draft.to_api())
    carried = draft.carried_over_shapes()
    if carried is not None:
        problems = [*problems, carried]
    from_model = draft.model_problems()
    if any(p.path == SHAPES and p.severity == "error" for p in from_model):
        # the model's own error names the layout it wants; the guess from the sizes alone
        # ("looks channel-last") said the same again beside it
        hints = layout_hints(draft.framework, draft.input_shapes.strip())
        problems = [p for p in problems if p not in hints]
    if from_model:
        problems = [*problems, *from_model]
        if any(p.severity == "error" for p in from_model):
            request = None
    pending = draft.options_text_error()
    if pending is None:
        return request, problems
    note = Problem(
        "OutputConfig.CompilerOptions", f"The options typed as JSON are not applied yet: {pending}"
    )
    # what the options applied before are said to lack or hold is stale: the text replaces them
    rest = [p for p in problems if not p.path.startswith("OutputConfig.CompilerOptions")]
    return None, [note, *rest]
