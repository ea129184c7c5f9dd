"""The wizard's draft: a lax, always-serialisable model of a request being written.

The strict `CompilationRequest` refuses anything invalid; a person mid-way through the wizard has
plenty of invalid state. `Draft` keeps all of it (both the device and the platform choice, so
switching back restores the other), turns it into the API dict on demand and asks `core.request`
what is still wrong. It round-trips through JSON for the store and through a URL token for sharing.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
import zlib
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core import catalog
from core.errors import NeoConfigError, Problem
from core.importer import OUTPUT_KEYS
from core.options import (
    MAX_OPTION_DEPTH,
    CompilerOptionsBase,
    GenericOptions,
    compiler_options_json,
    nesting_depth,
    option_fields,
    options_model,
)
from core.presets import Preset
from core.request import CompilationRequest, check_request, request_fields
from core.shapes import convert_shapes, shape_form
from core.target import DeviceTarget, PlatformTarget

STEPS: tuple[str, ...] = ("Model", "Target", "Compiler options", "Output and job", "Review")
MAX_TOKEN_CHARS = 8000
TOO_DEEP = (
    f"Options nest lists or objects more than {MAX_OPTION_DEPTH} levels deep; no target's do."
)
SAFE_INT = 2**53 - 1
"""The largest whole number a browser's number field holds exactly (JavaScript's safe integer)."""

Seconds = Annotated[int, Field(ge=-SAFE_INT, le=SAFE_INT)]
"""A count of seconds a number widget can show; the API's own limits are core.request's to say."""


def default_job_name(hint: str = "") -> str:
    """A unique, API-valid default name: neo-<hint>-<UTC time>-<random>."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in hint.lower()).strip("-")
    parts = ["neo", safe[:20], stamp, uuid.uuid4().hex[:10]]
    return "-".join(p for p in parts if p).replace("--", "-")


class Draft(BaseModel):
    """Everything the wizard has been told so far, valid or not."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    name: str = "Untitled draft"
    step: int = 0

    model_s3_uri: str = ""
    framework: str = "PYTORCH"
    framework_version: str = ""
    input_shapes: str = ""

    target_kind: Literal["device", "platform"] = "device"
    device: str = "ml_c5"
    platform_os: str = "LINUX"
    platform_arch: str = "ARM64"
    platform_accelerator: str = ""
    device_options: dict[str, Any] = Field(default_factory=dict)
    platform_options: dict[str, Any] = Field(default_factory=dict)
    device_options_text: str | None = None
    """Options JSON typed for the device that does not parse yet; kept so nothing typed is lost."""
    platform_options_text: str | None = None
    """The same, for the platform."""
    preset: str = ""
    shapes_form: Literal["named", "list"] = "named"
    """How the shapes table lists inputs while it is empty (PyTorch also takes a list)."""

    output_s3: str = ""
    kms_key_id: str = ""
    job_name: str = Field(default_factory=default_job_name)
    role_arn: str = ""
    max_runtime: Seconds | None = 900
    max_pending: Seconds | None = None
    security_groups: list[str] = Field(default_factory=list)
    subnets: list[str] = Field(default_factory=list)
    tags: list[dict[str, str]] = Field(default_factory=list)

    @field_validator("device_options", "platform_options")
    @classmethod
    def _not_too_deep(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Deeper options cannot even be written back as JSON; no target's options come near."""
        if nesting_depth(value) > MAX_OPTION_DEPTH:
            raise ValueError(TOO_DEEP)
        return value

    # ---- target and options -----------------------------------------------------------------

    @property
    def options(self) -> dict[str, Any]:
        """The options of the target kind currently chosen (the other kind keeps its own)."""
        return self.device_options if self.target_kind == "device" else self.platform_options

    def set_options(self, values: dict[str, Any]) -> None:
        """Replaces the current kind's options; any unparsed JSON typed for them is settled."""
        cleaned = {k: v for k, v in values.items() if v not in (None, "", [])}
        if self.target_kind == "device":
            self.device_options = cleaned
            self.device_options_text = None
        else:
            self.platform_options = cleaned
            self.platform_options_text = None

    @property
    def options_text(self) -> str | None:
        """The options JSON being typed that does not parse yet, or None when there is none."""
        if self.target_kind == "device":
            return self.device_options_text
        return self.platform_options_text

    def edit_options_json(self, text: str) -> str | None:
        """Applies options typed as JSON; text that does not parse is kept, and why is returned."""
        values, error = parse_options_text(text, self.options_model())
        if values is None:
            if self.target_kind == "device":
                self.device_options_text = text
            else:
                self.platform_options_text = text
            return error
        self.set_options(values)
        return None

    def options_text_error(self) -> str | None:
        """Why the options JSON being typed is not applied, or None when nothing is pending."""
        if self.options_text is None:
            return None
        _, error = parse_options_text(self.options_text, self.options_model())
        return error or "These options are not applied yet; edit them once more to apply them."

    def options_example(self) -> str:
        """A CompilerOptions value for the current target, to show in hints."""
        return options_example(self.options_model())

    def target(self) -> DeviceTarget | PlatformTarget | None:
        """The chosen target, or None while it is not a valid one."""
        try:
            if self.target_kind == "device":
                return DeviceTarget(TargetDevice=self.device)
            return PlatformTarget(
                Os=self.platform_os,
                Arch=self.platform_arch,
                Accelerator=self.platform_accelerator or None,
            )
        except ValidationError:
            return None

    def options_model(self) -> type[CompilerOptionsBase]:
        target = self.target()
        return options_model(target, self.options) if target else GenericOptions

    def target_api(self) -> dict[str, Any]:
        if self.target_kind == "device":
            return {"TargetDevice": self.device}
        platform = {"Os": self.platform_os, "Arch": self.platform_arch}
        if self.platform_accelerator:
            platform["Accelerator"] = self.platform_accelerator
        return {"TargetPlatform": platform}

    def options_api(self) -> str | None:
        """CompilerOptions as the API string; Neuron flags are a JSON-encoded string."""
        if not self.options:
            return None
        if self.options_model().family == "neuron" and "flags" in self.options:
            return json.dumps(self.options["flags"])
        return compiler_options_json(self.options)

    def apply_preset(self, chosen: Preset) -> None:
        """Fills target and options from a preset, keeping the other target kind's choice."""
        self.preset = chosen.id
        self.target_kind = "device" if chosen.device else "platform"
        if chosen.device:
            self.device = chosen.device
        else:
            platform = chosen.platform or {}
            self.platform_os = platform.get("Os", "LINUX")
            self.platform_arch = platform.get("Arch", "ARM64")
            self.platform_accelerator = platform.get("Accelerator", "")
        if isinstance(chosen.options, str):
            self.set_options({"flags": chosen.options})
        else:
            self.set_options(dict(chosen.options or {}))

    # ---- the request ------------------------------------------------------------------------

    def output_config_api(self) -> dict[str, Any]:
        config: dict[str, Any] = {"S3OutputLocation": self.output_s3, **self.target_api()}
        options = self.options_api()
        if options is not None:
            config["CompilerOptions"] = options
        if self.kms_key_id:
            config["KmsKeyId"] = self.kms_key_id
        return config

    def to_api(self) -> dict[str, Any]:
        """The CreateCompilationJob dict as it stands, even while parts of it are invalid."""
        input_config: dict[str, Any] = {"S3Uri": self.model_s3_uri, "Framework": self.framework}
        if self.framework_version:
            input_config["FrameworkVersion"] = self.framework_version
        if self.input_shapes.strip():
            input_config["DataInputConfig"] = self.input_shapes.strip()
        stopping: dict[str, Any] = {}
        if self.max_runtime is not None:
            stopping["MaxRuntimeInSeconds"] = self.max_runtime
        if self.max_pending is not None:
            stopping["MaxPendingTimeInSeconds"] = self.max_pending
        api: dict[str, Any] = {
            "CompilationJobName": self.job_name,
            "RoleArn": self.role_arn,
            "InputConfig": input_config,
            "OutputConfig": self.output_config_api(),
            "StoppingCondition": stopping,
        }
        if self.security_groups or self.subnets:
            api["VpcConfig"] = {"SecurityGroupIds": self.security_groups, "Subnets": self.subnets}
        if self.tags:
            api["Tags"] = self.tags
        return api

    def check(self) -> tuple[CompilationRequest | None, list[Problem]]:
        """What is still wrong; options JSON still being typed counts, so it is never skipped."""
        request, problems = check_request(self.to_api())
        pending = self.options_text_error()
        if pending is None:
            return request, problems
        note = Problem(
            "OutputConfig.CompilerOptions",
            f"The options typed as JSON are not applied yet: {pending}",
        )
        return None, [note, *problems]

    def set_shapes_form(self, form: Literal["named", "list"]) -> None:
        """Switches the shapes between named inputs and a list, converting what is there."""
        self.input_shapes = convert_shapes(self.input_shapes, to_list=form == "list")
        self.shapes_form = form

    def remember_shapes_form(self) -> bool:
        """Keeps the form the shapes hold, for the table once they are cleared; True if changed."""
        form = shape_form(self.input_shapes)
        if form is None or form == self.shapes_form:
            return False
        self.shapes_form = form
        return True

    @property
    def shapes_list(self) -> bool:
        """Whether the shapes are a list (what they hold wins over the remembered form)."""
        return (shape_form(self.input_shapes) or self.shapes_form) == "list"

    @classmethod
    def from_api(cls, api: dict[str, Any], **extra: Any) -> Draft:
        """A draft holding a request (or an OutputConfig alone); unknown parts are left default."""
        draft = cls(**extra)
        draft.load_api(api)
        return draft

    def load_api(self, api: Any) -> list[Problem]:
        """Merges a request (or an OutputConfig alone) into this draft, all or nothing.

        The values are read into a copy, so a value that cannot be read never leaves the draft
        half-changed; each value of the wrong type is coerced where the meaning is obvious, kept
        as text where the user can see and fix it, or left out, and said as a Problem.
        Raises NeoConfigError only, when api is no JSON object.
        """
        loaded, notes = _read_api(self.model_copy(deep=True), api)
        for name in type(self).model_fields:
            setattr(self, name, getattr(loaded, name))
        return notes

    def imported(self, api: Any) -> tuple[Draft, list[Problem]]:
        """The draft an import makes of this one, to swap in whole; this draft is not touched.

        A full request starts a new draft (only the id and the name are kept), so nothing of the
        old request (VPC, tags, shapes) survives unseen. An OutputConfig alone replaces the target
        and its options, and the output location and KMS key it gives; the rest stays.
        """
        if is_output_config(api):
            return _read_api(self.model_copy(deep=True), api)
        return _read_api(Draft(id=self.id, name=self.name), api)


# ---- reading an API dict into a draft ------------------------------------------------------------


def is_output_config(api: Any) -> bool:
    """Whether api is an OutputConfig on its own rather than a (partial) request."""
    return (
        isinstance(api, dict)
        and not any(key in api for key in request_fields())
        and any(key in api for key in OUTPUT_KEYS)
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


def _scrub(value: Any, notes: list[Problem]) -> Any:
    """Replaces lone surrogates (valid JSON escapes, but not Unicode) that no page can display."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            if not notes:
                notes.append(
                    Problem(
                        "",
                        "Some text held characters that are not valid Unicode (lone surrogate "
                        "escapes); each was replaced with '?'.",
                        "warning",
                    )
                )
            return value.encode("utf-8", "replace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {_scrub(k, notes): _scrub(v, notes) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(item, notes) for item in value]
    return value


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
            self.note(
                path, f"{label} {number} is far beyond any limit; it was not imported.", "error"
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
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def _read_api(draft: Draft, api: Any) -> tuple[Draft, list[Problem]]:
    """Loads api into draft (a copy the caller may discard) and says what did not fit."""
    if not isinstance(api, dict):
        raise NeoConfigError("A request must be a JSON object.")
    try:
        reader = _Reader([])
        _read_into(draft, _scrub(api, reader.notes), reader)
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
        ("max_pending", "StoppingCondition.MaxPendingTimeInSeconds", read.seconds),
        ("security_groups", "VpcConfig.SecurityGroupIds", read.ids),
        ("subnets", "VpcConfig.Subnets", read.ids),
    ):
        section, _, key = path.rpartition(".")
        value = read_value(sections[section].get(key), path)
        if value is not None:
            setattr(draft, field, value)
    tags = read.tags(api.get("Tags"))
    if tags is not None:
        draft.tags = tags
    draft.remember_shapes_form()
    if output:
        _read_target(draft, output, read)


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
    if error:
        read.note(
            "OutputConfig.CompilerOptions",
            f"CompilerOptions could not be read as options ({error}); the text is kept in "
            "'Edit as JSON' on the Compiler options step for you to fix.",
            "error",
        )


def options_example(model: type[CompilerOptionsBase]) -> str:
    """A CompilerOptions JSON value for hints: the required keys with their examples."""
    if model.family == "neuron":
        example = model.model_fields["flags"].examples or ["--verbose 1"]
        return json.dumps(example[0])
    fields = [f for f in option_fields(model) if f.example is not None]
    chosen = [f for f in fields if f.required] or fields[:1]
    if not chosen:
        return "{}" if model.family == "none" else '{"option": "value"}'
    return json.dumps({f.key: f.example for f in chosen}, ensure_ascii=False)


def parse_options_text(
    text: str, model: type[CompilerOptionsBase]
) -> tuple[dict[str, Any] | None, str | None]:
    """(options, None) from JSON typed for a target's options, or (None, a sentence why not)."""
    if not text.strip():
        return {}, None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"Not valid JSON: {exc.msg} at character {exc.pos}."
    except RecursionError:
        return None, "The JSON is nested too deeply to be options."
    if nesting_depth(value) > MAX_OPTION_DEPTH:
        return None, TOO_DEEP
    value = _scrub(value, [])
    if model.family == "neuron" and isinstance(value, str):
        return {"flags": value}, None
    if isinstance(value, dict):
        return value, None
    if model.family == "neuron":
        return None, (
            f"Write the Neuron compiler flags as one JSON string, like {options_example(model)}."
        )
    return None, f"Write a JSON object, like {options_example(model)}."


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


def to_token(draft: Draft) -> str:
    """A URL-safe token that reproduces the draft (compressed JSON, no secrets in it)."""
    data = draft.model_dump(exclude={"id", "step"})
    packed = zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def share_link(base_url: str, draft: Draft) -> str | None:
    """The address that opens a copy of draft, or None when the app would refuse its token.

    Any query or fragment of base_url (such as ?draft=<id>) is dropped: the link carries only
    the token, since a second '?' would hide it inside the draft parameter.
    """
    token = to_token(draft)
    if len(token) > MAX_TOKEN_CHARS:
        return None
    base = base_url.split("#", 1)[0].split("?", 1)[0]
    return f"{base}?d={token}"


def from_token(token: str) -> Draft:
    """The draft a share token describes; NeoConfigError when the token is damaged."""
    if len(token) > MAX_TOKEN_CHARS:
        raise NeoConfigError("The shared draft link is too long to be one this app made.")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(zlib.decompressobj().decompress(packed, 1_000_000))
        return Draft.model_validate(data)
    except (ValueError, zlib.error, ValidationError, TypeError, RecursionError):
        raise NeoConfigError("The shared draft link is damaged; ask for a new one.") from None


def device_choices() -> list[tuple[str, str]]:
    """(value, label) for every device, grouped by family in the catalog's order."""
    return [(d.value, d.label) for items in catalog.devices_by_family().values() for d in items]
