"""Reading an API dict (a request, or an OutputConfig alone) into a draft, all or nothing.

A person imports what they have; each value of the wrong type is coerced where its meaning is
obvious, kept as text where they can see and fix it, or left out, and every such choice is said
as a Problem. Nothing here raises but NeoConfigError.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from core.errors import NeoConfigError, Problem, quote
from core.jsontext import SAFE_INT, scrub
from core.spec.service import output_keys, request_fields

if TYPE_CHECKING:  # the draft model calls in here; this module only reads and writes its fields
    from core.draft.model import Draft


def load_api(draft: Draft, api: Any) -> list[Problem]:
    """Merges a request (or an OutputConfig alone) into draft, all or nothing.

    The values are read into a copy, so a value that cannot be read never leaves the draft
    half-changed. Raises NeoConfigError only, when api is no JSON object.
    """
    loaded, notes = _read_api(draft.model_copy(deep=True), api)
    for name in type(draft).model_fields:
        setattr(draft, name, getattr(loaded, name))
    return notes


def imported(draft: Draft, api: Any) -> tuple[Draft, list[Problem]]:
    """The draft an import makes of this one, to swap in whole; draft itself is not touched.

    A full request starts a new draft (only the id and the name are kept), so nothing of the
    old request (VPC, tags, shapes) survives unseen. An OutputConfig alone replaces the target
    and its options, and the output location and KMS key it gives; the rest stays.
    """
    if is_output_config(api):
        return _read_api(draft.model_copy(deep=True), api)
    return _read_api(type(draft)(id=draft.id, name=draft.name), api)


def is_output_config(api: Any) -> bool:
    """Whether api is an OutputConfig on its own rather than a (partial) request."""
    return (
        isinstance(api, dict)
        and not any(key in api for key in request_fields())
        and any(key in api for key in output_keys())
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


class _Reader:
    """Reads API values into draft field values, noting each that was not of the API's type."""

    def __init__(self, notes: list[Problem]) -> None:
        self.notes = notes

    def note(self, path: str, message: str, severity: Literal["error", "warning"]) -> None:
        self.notes.append(Problem(path, message, severity))

    def section(self, value: Any, path: str) -> dict[str, Any]:
        """An object of the request (InputConfig, ...); anything else is left out, said so."""
        if value is None or isinstance(value, dict):
            return value or {}
        self.note(
            path,
            f"{path} must be an object, but it was {_kind(value)} ({_short(value)}); "
            "it was left out.",
            "error",
        )
        return {}

    def text(self, value: Any, path: str) -> str | None:
        """Text as is; a number as its digits; a list or object kept as JSON text to fix."""
        if value is None or isinstance(value, str):
            return value
        label = path.rsplit(".", 1)[-1]
        if isinstance(value, (bool, int, float)):
            text = json.dumps(value)
            self.note(
                path, f"{label} was {_kind(value)}; it is read as the text '{text}'.", "warning"
            )
            return text
        text = json.dumps(value, ensure_ascii=False)
        self.note(
            path,
            f"{label} must be text, but it was {_kind(value)}; it is kept as the text "
            f"{_short(text)} for you to fix.",
            "error",
        )
        return text

    def seconds(self, value: Any, path: str) -> int | None:
        """A whole number of seconds; digits in text are read, anything else is left out."""
        label = path.rsplit(".", 1)[-1]
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif _whole_float(value) or _digits(value):
            number = int(value)
        if number is None:
            self.note(
                path,
                f"{label} must be a whole number of seconds, but it was {_kind(value)} "
                f"({_short(value)}); it was not imported.",
                "error",
            )
            return None
        if abs(number) > SAFE_INT:
            self.note(  # quote() names a number of 400 digits by its length
                path,
                f"{label} is {quote(number)}, far beyond any limit; it was not imported.",
                "error",
            )
            return None
        if not isinstance(value, int):
            self.note(path, f"{label} was {_kind(value)}; it is read as {number}.", "warning")
        return number

    def ids(self, value: Any, path: str) -> list[str] | None:
        """A list of IDs; text is split at commas, numbers become text, the rest is said."""
        label = path.rsplit(".", 1)[-1]
        if value is None:
            return None
        if isinstance(value, str):
            parts = split_ids(value)
            self.note(path, f"{label} was text; it is read as the list {parts}.", "warning")
            return parts
        if not isinstance(value, list):
            value = [value]
            self.note(path, f"{label} must be a list; the single value is read as one.", "warning")
        return [self.text(item, f"{path}[{i}]") or "" for i, item in enumerate(value)]

    def tags(self, value: Any) -> list[dict[str, str]] | None:
        """Tags as [{Key, Value}]; an object of key: value pairs is read as tags."""
        if value is None:
            return None
        if isinstance(value, dict):
            self.note("Tags", "Tags was an object; each of its keys is read as a tag.", "warning")
            value = [{"Key": k, "Value": v} for k, v in value.items()]
        if not isinstance(value, list):
            self.note(
                "Tags",
                f"Tags must be a list of {{Key, Value}} pairs, but it was "
                f"{_kind(value)}; it was left out.",
                "error",
            )
            return None
        tags: list[dict[str, str]] = []
        for index, item in enumerate(value):
            path = f"Tags[{index}]"
            if not isinstance(item, dict):
                self.note(
                    path,
                    f"{path} must be a {{Key, Value}} pair, but it was "
                    f"{_kind(item)} ({_short(item)}); it was left out.",
                    "error",
                )
                continue
            extra = sorted(str(k) for k in item if k not in ("Key", "Value"))
            if extra:
                self.note(
                    path,
                    f"{path} had {', '.join(extra)}, which a tag does not take; left out.",
                    "warning",
                )
            tags.append(
                {
                    "Key": self.text(item.get("Key"), f"{path}.Key") or "",
                    "Value": self.text(item.get("Value"), f"{path}.Value") or "",
                }
            )
        return tags


def split_ids(text: str) -> list[str]:
    """IDs written in one text, separated by commas or line breaks."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _whole_float(value: Any) -> bool:
    return isinstance(value, float) and value.is_integer() and abs(value) <= SAFE_INT


def _digits(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,16}\s*", value) is not None


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, float) and not math.isfinite(value):  # json.dumps says 'Infinity'
        return "past what a 64-bit float holds, like 1e400, or NaN or Infinity"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def _read_api(draft: Draft, api: Any) -> tuple[Draft, list[Problem]]:
    """Loads api into draft (a copy the caller may discard) and says what did not fit."""
    if not isinstance(api, dict):
        raise NeoConfigError("A request must be a JSON object.")
    try:
        reader = _Reader([])
        api, scrubbed = scrub(api)
        if scrubbed:
            reader.note(
                "",
                "Some text held characters that are not valid Unicode (lone surrogate "
                "escapes); each was replaced with '?'.",
                "warning",
            )
        _read_into(draft, api, reader)
    except RecursionError:
        raise NeoConfigError("The request is nested too deeply to be read.") from None
    except ValidationError as exc:  # a guard above missed a type: still a sentence, no trace
        reason = exc.errors()[0]["msg"]
        raise NeoConfigError(
            f"The request holds a value the draft cannot keep ({reason})."
        ) from None
    return draft, reader.notes


def _read_into(draft: Draft, api: dict[str, Any], read: _Reader) -> None:
    alone = is_output_config(api)
    output = api if alone else read.section(api.get("OutputConfig"), "OutputConfig")
    inputs = read.section(api.get("InputConfig"), "InputConfig")
    stopping = read.section(api.get("StoppingCondition"), "StoppingCondition")
    vpc = read.section(api.get("VpcConfig"), "VpcConfig")
    sections = {
        "": api,
        "InputConfig": inputs,
        "OutputConfig": output,
        "StoppingCondition": stopping,
        "VpcConfig": vpc,
    }
    for field, path, read_value in (
        ("job_name", "CompilationJobName", read.text),
        ("role_arn", "RoleArn", read.text),
        ("model_s3_uri", "InputConfig.S3Uri", read.text),
        ("framework", "InputConfig.Framework", read.text),
        ("framework_version", "InputConfig.FrameworkVersion", read.text),
        ("input_shapes", "InputConfig.DataInputConfig", read.text),
        ("output_s3", "OutputConfig.S3OutputLocation", read.text),
        ("kms_key_id", "OutputConfig.KmsKeyId", read.text),
        ("max_runtime", "StoppingCondition.MaxRuntimeInSeconds", read.seconds),
        ("max_wait", "StoppingCondition.MaxWaitTimeInSeconds", read.seconds),
        ("max_pending", "StoppingCondition.MaxPendingTimeInSeconds", read.seconds),
        ("security_groups", "VpcConfig.SecurityGroupIds", read.ids),
        ("subnets", "VpcConfig.Subnets", read.ids),
    ):
        section, _, key = path.rpartition(".")
        value = read_value(sections[section].get(key), path)
        if value is not None:
            setattr(draft, field, value)
        elif field == "max_runtime" and isinstance(api.get("StoppingCondition"), dict):
            # left to AWS, or given and not imported ("fill these in"): the draft's 900 was
            # sent in its place without a word
            draft.max_runtime = None
    if not alone:
        _read_model_source(draft, api, read)
    if not alone and inputs.get("Framework") is None and draft.model_kind == "artifact":
        draft.framework = ""  # the draft's PYTORCH would pass for a framework never named
    tags = read.tags(api.get("Tags"))
    if tags is not None:
        draft.tags = tags
    draft.remember_shapes_form()
    if output:
        _read_target(draft, output, read)


def _read_model_source(draft: Draft, api: dict[str, Any], read: _Reader) -> None:
    """A model package in place of InputConfig; with both (which the API refuses), InputConfig
    is kept as the model and the package's ARN as the Model step's other choice."""
    arn = read.text(api.get("ModelPackageVersionArn"), "ModelPackageVersionArn")
    if not arn:  # an empty ARN beside an InputConfig is no second model source
        draft.model_kind = "package" if arn == "" and not api.get("InputConfig") else "artifact"
        return
    draft.model_package_arn = arn
    if not api.get("InputConfig"):  # {} beside a package: the package is the model
        draft.model_kind = "package"
        return
    draft.model_kind = "artifact"
    read.note(
        "ModelPackageVersionArn",
        "The import gives both InputConfig and ModelPackageVersionArn, which the API refuses; "
        "InputConfig was kept, and the model package is the Model step's other choice.",
        "error",
    )


def _read_target(draft: Draft, output: dict[str, Any], read: _Reader) -> None:
    """The target and its options: both replaced, so no option of another target lingers."""
    device = read.text(output.get("TargetDevice"), "OutputConfig.TargetDevice")
    platform = output.get("TargetPlatform")
    if device and platform is not None:
        read.note(
            "OutputConfig",
            "The import names both TargetDevice and TargetPlatform, which the API refuses; "
            "the device was kept.",
            "error",
        )
    if device:
        draft.target_kind = "device"
        draft.device = device
        draft.preset = ""
    elif platform is not None:
        fields = read.section(platform, "OutputConfig.TargetPlatform")
        if fields or isinstance(platform, dict):
            draft.target_kind = "platform"
            draft.platform_os = read.text(fields.get("Os"), "OutputConfig.TargetPlatform.Os") or ""
            draft.platform_arch = (
                read.text(fields.get("Arch"), "OutputConfig.TargetPlatform.Arch") or ""
            )
            draft.platform_accelerator = (
                read.text(fields.get("Accelerator"), "OutputConfig.TargetPlatform.Accelerator")
                or ""
            )
            draft.preset = ""
    raw = output.get("CompilerOptions")
    if raw is None:
        if device or platform is not None:
            draft.set_options({})  # a new target brings its own options, or none
        return
    if not isinstance(raw, str):
        raw = json.dumps(raw, ensure_ascii=False)
    error = draft.edit_options_json(raw)
    if error and raw.strip().startswith("-"):  # bare Neuron flags, as the docs write them
        error = draft.edit_options_json(json.dumps(raw.strip()))
    if error:  # the import's options replace the draft's, read or not: the old ones were
        # sent (and previewed) beside "not applied yet"
        pending = draft.options_text or raw
        draft.set_options({})
        draft.edit_options_json(pending)
        read.note(
            "OutputConfig.CompilerOptions",
            f"CompilerOptions could not be read as options ({error}); the text is kept in "
            "'Edit as JSON' on the Compiler options step for you to fix.",
            "error",
        )
