"""The strict base model and the Annotated validators shared by every request model."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from core.spec import service


class StrictModel(BaseModel):
    """Unknown keys are errors (CompilerOptions excepted: the reference never says other keys
    are refused, see `options_base`) and assignments are validated.

    Only the API's names are read (no python field names): a file that validates here is one
    boto3 takes as it is.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _label(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def api_limited(path: str) -> AfterValidator:
    """Checks a field against the service model's limits, including those only the server checks."""

    def check(value: Any) -> Any:
        if value is None:
            return value
        message = service.limit(path).check(value, _label(path))
        if message:
            raise PydanticCustomError("api_limit", message)
        return value

    return AfterValidator(check)


def api_enum(shape_name: str, label: str) -> AfterValidator:
    """Checks a value against an enum of the service model, read at run time."""

    def check(value: str) -> str:
        message = service.enum_problem(label, value, service.enum_values(shape_name))
        if message:
            raise PydanticCustomError("api_enum", message)
        return value

    return AfterValidator(check)


_LINE_BREAK_ESCAPES = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
"""Java's line terminators that json.dumps writes raw (it escapes \\n and \\r): a server whose
"." takes no line break may refuse them in CompilerOptions (rule options/line-break). In JSON
they can only stand inside strings, where the escape means the same character."""


def api_json(value: Any, max_chars: int | None) -> str:
    """JSON text for a string field of the API (CompilerOptions, DataInputConfig), on one line.

    json.dumps' usual form, as the SDK, the presets and the docs write it; compact when the usual
    form would not fit max_chars, so spaces this app adds never push a valid value over a limit.
    """
    text = json.dumps(value, ensure_ascii=False).translate(_LINE_BREAK_ESCAPES)
    if max_chars is not None and len(text) > max_chars:
        compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return compact.translate(_LINE_BREAK_ESCAPES)
    return text


JobName = Annotated[str, api_limited("CompilationJobName")]
RoleArn = Annotated[str, api_limited("RoleArn")]
S3Uri = Annotated[str, api_limited("InputConfig.S3Uri")]


def fail(loc: tuple[str | int, ...], kind: str, message: str, **ctx: Any) -> ValidationError:
    """A validation error pinned to a field path, for rules that span several fields."""
    error = PydanticCustomError(kind, message, ctx or None)
    return ValidationError.from_exception_data(
        "CompilationRequest", [InitErrorDetails(type=error, loc=loc, input=None)]
    )
