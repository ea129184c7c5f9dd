"""The CreateCompilationJob request as pydantic models, and its API dict.

Field aliases are the API's own names, so `CompilationRequest.model_validate(api_dict)` reads a
request as boto3 takes it and `to_api()` writes it back. Every limit botocore leaves to the
server (enums, patterns, maximum lengths) is checked here, and `check_request` turns any failure
into `Problem` values with API field paths for the UI and the CLI.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Annotated, Any

from botocore.validate import ParamValidator
from pydantic import (
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from core import catalog
from core.base import JobName, RoleArn, S3Uri, StrictModel, api_enum, api_limited, fail
from core.errors import Problem, one_line, quote
from core.options import (
    COMPILER_OPTIONS_LIMIT,
    CompilerOptionsBase,
    MlInstanceOptions,
    check_length,
    options_model,
)
from core.shapes import ShapeError, convention, layout_warnings, parse_shapes
from core.target import DeviceTarget, PlatformTarget, Target, target_from_api

VERSIONED_FRAMEWORKS = ("MXNET", "PYTORCH", "TENSORFLOW", "TFLITE")
"""FrameworkVersion applies to these frameworks only (InputConfig API reference)."""

_KMS_FORMATS = (
    re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    re.compile(r"mrk-[0-9a-f]{32}"),
    re.compile(r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+"),
    re.compile(r"alias/[a-zA-Z0-9/_-]+"),
    re.compile(r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:alias/[a-zA-Z0-9/_-]+"),
)


def _kms_key(value: str | None) -> str | None:
    if value is None:
        return value
    if not any(form.fullmatch(value) for form in _KMS_FORMATS):
        raise PydanticCustomError(
            "kms_format",
            "KmsKeyId {value} is not a key ID, key ARN, alias/Name or alias ARN.",
            {"value": quote(value)},
        )
    return value


class InputConfig(StrictModel):
    """Where the model is, which framework made it, and the shapes of its inputs."""

    s3_uri: S3Uri = Field(alias="S3Uri", description="S3 URI of the model's tar.gz.")
    framework: Annotated[str, api_enum("Framework", "Framework")] = Field(alias="Framework")
    framework_version: Annotated[str, api_limited("InputConfig.FrameworkVersion")] | None = Field(
        default=None, alias="FrameworkVersion"
    )
    data_input_config: Annotated[str, api_limited("InputConfig.DataInputConfig")] | None = Field(
        default=None,
        alias="DataInputConfig",
        description="Input names and shapes, as JSON.",
        validate_default=True,
    )

    @field_validator("framework_version")
    @classmethod
    def _versioned_framework(cls, value: str | None, info: ValidationInfo) -> str | None:
        framework = info.data.get("framework")
        if value is not None and framework and framework not in VERSIONED_FRAMEWORKS:
            raise PydanticCustomError(
                "framework_version",
                "FrameworkVersion applies to {frameworks} only; remove it for {framework}.",
                {"frameworks": ", ".join(VERSIONED_FRAMEWORKS), "framework": framework},
            )
        return value

    @field_validator("data_input_config")
    @classmethod
    def _shapes_fit_framework(cls, value: str | None, info: ValidationInfo) -> str | None:
        framework = info.data.get("framework")
        if value is not None:
            try:
                parse_shapes(value, framework)
            except ShapeError as exc:
                raise PydanticCustomError("input_shapes", str(exc)) from None
        elif (
            framework
            and convention(framework).needed
            and not _pytorch2(framework, info.data.get("framework_version"))
        ):
            raise PydanticCustomError(
                "input_shapes_missing",
                "DataInputConfig is required for {framework}; for example {example}.",
                {"framework": framework, "example": convention(framework).example},
            )
        return value


def _pytorch2(framework: str, version: str | None) -> bool:
    """PyTorch 2 models may leave the input shapes out."""
    version = version or ""
    return framework == "PYTORCH" and version[:1].isdigit() and int(version[0]) >= 2


class OutputConfig(StrictModel):
    """Where the compiled model goes and what it is compiled for."""

    s3_output_location: Annotated[str, api_limited("OutputConfig.S3OutputLocation")] = Field(
        alias="S3OutputLocation", description="S3 prefix for the compiled artifacts."
    )
    target: Target
    compiler_options: CompilerOptionsBase | None = Field(default=None, alias="CompilerOptions")
    kms_key_id: Annotated[str, api_limited("OutputConfig.KmsKeyId")] | None = Field(
        default=None, alias="KmsKeyId"
    )

    _check_kms = field_validator("kms_key_id")(_kms_key)

    @model_validator(mode="before")
    @classmethod
    def _from_api(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "target" in data:  # the union is ours; the API names its target itself
            raise fail(
                ("target",),
                "target_key",
                "'target' is not a field the API accepts here; name the target with "
                "TargetDevice or TargetPlatform.",
            )
        data = dict(data)
        target_input = target_from_api(data)
        data.pop("TargetDevice", None)
        data.pop("TargetPlatform", None)
        data["target"] = target_input
        return data

    @field_validator("compiler_options", mode="before")
    @classmethod
    def _options_for_target(cls, raw: Any, info: ValidationInfo) -> Any:
        target = info.data.get("target")
        if raw is None or target is None:
            return None  # without a valid target, the target's own error is the one to fix
        return _parse_options(target, raw)

    @model_validator(mode="after")
    def _options_present_when_required(self) -> OutputConfig:
        model = options_model(self.target)
        if self.compiler_options is None and model.required:
            keys = ", ".join(f.alias or n for n, f in model.model_fields.items())
            raise fail(
                ("CompilerOptions",),
                "options_required",
                "{title} require CompilerOptions with {keys}.",
                title=model.title,
                keys=keys,
            )
        return self

    def to_api(self) -> dict[str, Any]:
        api: dict[str, Any] = {"S3OutputLocation": self.s3_output_location, **self.target.to_api()}
        options = self.compiler_options.to_api_string() if self.compiler_options else None
        if options is not None:
            api["CompilerOptions"] = options
        if self.kms_key_id:
            api["KmsKeyId"] = self.kms_key_id
        return api


def _parse_options(target: DeviceTarget | PlatformTarget, raw: Any) -> CompilerOptionsBase:
    """CompilerOptions is a JSON *string* in the API; parse it with the target's model."""
    if isinstance(raw, CompilerOptionsBase):
        return raw
    if not isinstance(raw, str):
        raise PydanticCustomError(
            "options_not_string",
            "CompilerOptions must be a JSON string, not {kind}; encode it with json.dumps.",
            {"kind": "an object" if isinstance(raw, dict) else type(raw).__name__},
        )
    try:
        value = loads_unique(raw)
    except DuplicateKeyError as exc:
        raise PydanticCustomError(
            "options_duplicate",
            "CompilerOptions names {key} twice; keep one (JSON readers keep only the last).",
            {"key": quote(exc.key)},
        ) from None
    except RecursionError:
        raise PydanticCustomError(
            "options_json", "CompilerOptions is nested too deeply to be options."
        ) from None
    except json.JSONDecodeError as exc:
        raise PydanticCustomError(
            "options_json",
            "CompilerOptions is not valid JSON ({msg} at character {pos}); keys and strings "
            'take double quotes, like {"mcpu": "skylake-avx512"}.',
            {"msg": exc.msg, "pos": exc.pos},
        ) from None
    model = options_model(target, value)
    if not isinstance(value, dict) and model.family != "neuron":
        raise PydanticCustomError(
            "options_object",
            "CompilerOptions must encode a JSON object of options for {title}.",
            {"title": model.title},
        )
    parsed = model.from_api_value(value)
    sent = parsed.to_api_string()
    if sent is None:  # nothing will be sent; what was written must still be a valid string
        check_length(raw)
    else:  # the limit applies to what is sent, which may be longer than what was written
        check_length(sent, "CompilerOptions as sent (compact JSON)")
    return parsed


class DuplicateKeyError(ValueError):
    """A JSON object that names one key twice: json.loads would silently keep the last."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def loads_unique(text: str) -> Any:
    """json.loads that refuses an object naming a key twice, instead of losing a value."""
    return json.loads(text, object_pairs_hook=_unique_pairs)


def _not_a_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("bool_seconds", "A time in seconds is a number, not true/false.")
    return value


Seconds = Annotated[int, BeforeValidator(_not_a_bool)]
"""Whole seconds; JSON's true is not 1 second."""


class StoppingCondition(StrictModel):
    """How long the compilation may run (and wait)."""

    max_runtime: Annotated[Seconds, api_limited("StoppingCondition.MaxRuntimeInSeconds")] | None = (
        Field(default=900, alias="MaxRuntimeInSeconds")
    )
    max_wait: Annotated[Seconds, api_limited("StoppingCondition.MaxWaitTimeInSeconds")] | None = (
        Field(default=None, alias="MaxWaitTimeInSeconds")
    )
    max_pending: (
        Annotated[Seconds, api_limited("StoppingCondition.MaxPendingTimeInSeconds")] | None
    ) = Field(default=None, alias="MaxPendingTimeInSeconds")


def _id_list(path: str, label: str, values: list[str]) -> list[str]:
    low, high = catalog.list_limit(path)
    if (low is not None and len(values) < low) or (high is not None and len(values) > high):
        raise PydanticCustomError(
            "list_size",
            "{label}: give between {low} and {high}.",
            {"label": label, "low": low, "high": high},
        )
    return values


class VpcConfig(StrictModel):
    """Security groups and subnets for a compilation inside a VPC."""

    security_group_ids: list[Annotated[str, api_limited("VpcConfig.SecurityGroupIds")]] = Field(
        alias="SecurityGroupIds"
    )
    subnets: list[Annotated[str, api_limited("VpcConfig.Subnets")]] = Field(alias="Subnets")

    @field_validator("security_group_ids")
    @classmethod
    def _groups(cls, values: list[str]) -> list[str]:
        return _id_list("VpcConfig.SecurityGroupIds", "Security groups", values)

    @field_validator("subnets")
    @classmethod
    def _subnets(cls, values: list[str]) -> list[str]:
        return _id_list("VpcConfig.Subnets", "Subnets", values)


class Tag(StrictModel):
    key: Annotated[str, api_limited("Tags.Key")] = Field(alias="Key")
    value: Annotated[str, api_limited("Tags.Value")] = Field(alias="Value")


class CompilationRequest(StrictModel):
    """A whole CreateCompilationJob request that SageMaker will accept."""

    job_name: JobName = Field(alias="CompilationJobName")
    role_arn: RoleArn = Field(alias="RoleArn")
    input_config: InputConfig | None = Field(default=None, alias="InputConfig")
    model_package_version_arn: Annotated[str, api_limited("ModelPackageVersionArn")] | None = Field(
        default=None, alias="ModelPackageVersionArn"
    )
    output_config: OutputConfig = Field(alias="OutputConfig")
    stopping_condition: StoppingCondition = Field(alias="StoppingCondition")
    vpc_config: VpcConfig | None = Field(default=None, alias="VpcConfig")
    tags: list[Tag] | None = Field(default=None, alias="Tags", max_length=50)

    @model_validator(mode="after")
    def _cross_field_rules(self) -> CompilationRequest:
        if (self.input_config is None) == (self.model_package_version_arn is None):
            raise fail(
                ("InputConfig",),
                "input_source",
                "Give exactly one of InputConfig and ModelPackageVersionArn.",
            )
        options = self.output_config.compiler_options
        if (
            isinstance(options, MlInstanceOptions)
            and options.dtype is not None
            and self.input_config is not None
            and self.input_config.framework != "PYTORCH"
        ):
            raise fail(
                ("OutputConfig", "CompilerOptions", "dtype"),
                "dtype_framework",
                "dtype applies to PyTorch models only; remove it for {fw}.",
                fw=self.input_config.framework,
            )
        return self

    def to_api(self) -> dict[str, Any]:
        """The keyword arguments of boto3's `create_compilation_job`."""
        api = self.model_dump(by_alias=True, exclude_none=True, exclude={"output_config"})
        api["OutputConfig"] = self.output_config.to_api()
        return {key: api[key] for key in request_fields() if key in api}


def request_fields() -> tuple[str, ...]:
    """CreateCompilationJob's members in the service model's order (botocore is the source)."""
    return tuple(catalog.create_operation().input_shape.members)


# ---- problems -------------------------------------------------------------------------------

_TAGS = {"device", "platform"}


@cache
def _aliases() -> dict[str, str]:
    """Field name -> API name, for the locations pydantic reports by field name (defaults)."""
    names: dict[str, str] = {}
    for model in (InputConfig, OutputConfig, StoppingCondition, VpcConfig, Tag, CompilationRequest):
        names.update({name: f.alias for name, f in model.model_fields.items() if f.alias})
    return names


def _path(prefix: str, loc: tuple[int | str, ...], user_key: bool = False) -> str:
    """The API path of a pydantic location; user_key: its last item is a key the user wrote
    (an unknown field), kept as written rather than read as one of ours."""
    if user_key and loc and isinstance(loc[-1], str):
        head = _path(prefix, loc[:-1])
        return f"{head}.{loc[-1]}" if head else loc[-1]
    parts: list[str] = [prefix] if prefix else []
    items = list(loc)
    for index, item in enumerate(items):
        if isinstance(item, int):
            if parts:
                parts[-1] = f"{parts[-1]}[{item}]"
            continue
        if item == "target":
            following = items[index + 1] if index + 1 < len(items) else None
            if following == "device":
                parts.append("TargetDevice")
            elif following == "platform":
                parts.append("TargetPlatform")
            continue
        if item in _TAGS or item.startswith("function-"):
            continue
        if item == "TargetDevice" and parts and parts[-1] == "TargetDevice":
            continue
        if item == "flags" and parts and parts[-1] == "CompilerOptions":
            continue  # Neuron flags are the whole CompilerOptions string, not a key in it
        parts.append(_aliases().get(item, item))
    return ".".join(parts)


def _safe_key(key: str) -> str:
    """A key as it can stand in a one-line path: quoted when it holds odd characters."""
    return key if key.isprintable() and len(key) <= 60 else quote(key)


def _sentence(error: Any, path: str) -> str:
    kind = error["type"]
    label = path.rsplit(".", 1)[-1] if path else "The request"
    if kind == "missing":
        return f"{label} is required."
    if kind == "extra_forbidden":
        return f"'{label}' is not a field the API accepts here."
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "").removeprefix("^").removesuffix("$")
        return f"{label} {quote(error.get('input'))} is not in the expected form ({pattern})."
    message = error["msg"]
    message = message[len("Value error, ") :] if message.startswith("Value error, ") else message
    if message.startswith(("Input should ", "List should ", "String should ")):
        message = f"{label} {message.split(' ', 1)[1].replace(' after validation', '')}"
    message = one_line(message)
    return message if message.endswith((".", "?")) else f"{message}."


def problems_from(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """pydantic's errors as Problems with API field paths and one-line sentences for people."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors():
        loc = tuple(_safe_key(item) if isinstance(item, str) else item for item in error["loc"])
        path = _path(prefix, loc, user_key=error["type"] == "extra_forbidden")
        message = _sentence(error, path)
        if (path, message) not in seen:
            seen.add((path, message))
            problems.append(Problem(path, message))
    return problems


_TYPE_WORDS = {
    str(int): "a whole number",
    str(str): "text",
    str(dict): "an object",
    str(list): "a list",
    str(bool): "true or false",
}


def _botocore_problem(kind: str, name: str, detail: dict[str, Any]) -> Problem:
    """One ParamValidator finding as a Problem at its API path, in a sentence."""
    path = name.lstrip(".")
    label = path.rsplit(".", 1)[-1] or "The request"
    if kind == "missing required field":
        member = detail["required_name"]
        return Problem(f"{path}.{member}" if path else member, f"{member} is required.")
    if kind == "unknown field":
        key = _safe_key(str(detail["unknown_param"]))
        where = f"{path}.{key}" if path else key
        takes = ", ".join(detail.get("valid_names", []))
        return Problem(where, f"'{key}' is not a field the API accepts here; it takes {takes}.")
    if kind == "invalid type":
        value = detail.get("param")
        wanted = " or ".join(
            dict.fromkeys(_TYPE_WORDS.get(t, "another type") for t in detail["valid_types"])
        )
        if value is None:
            return Problem(path, f"{label} is null; leave it out, or give {wanted}.")
        return Problem(path, f"{label} must be {wanted}, not {quote(value)}.")
    if kind in ("invalid length", "invalid range"):
        unit = " characters or items long" if kind == "invalid length" else ""
        return Problem(path, f"{label} must be at least {detail['min_allowed']}{unit}.")
    return Problem(path, f"{label} is not valid for the API ({kind}).")


def botocore_problems(api: Any) -> list[Problem]:
    """botocore's own client-side validation: the final gate before any request leaves."""
    report = ParamValidator().validate(api, catalog.create_operation().input_shape)
    if not report.has_errors():
        return []
    found = getattr(report, "_errors", None)  # (kind, name, details) per finding
    if not isinstance(found, list):  # another botocore: fall back to its report lines
        lines = report.generate_report().splitlines()
        return [Problem("", one_line(line.strip("- "))) for line in lines]
    return [_botocore_problem(kind, name, detail) for kind, name, detail in found]


def advisories(request: CompilationRequest) -> list[Problem]:
    """Warnings: allowed by the API but likely a mistake (layouts, undocumented accelerators)."""
    warnings: list[Problem] = []
    config = request.input_config
    if config is not None and config.data_input_config:
        shapes = parse_shapes(config.data_input_config, config.framework)
        for hint in layout_warnings(shapes, config.framework):
            warnings.append(Problem("InputConfig.DataInputConfig", hint, "warning"))
    target = request.output_config.target
    if isinstance(target, PlatformTarget):
        note = catalog.platform_warning(target.accelerator)
        if note:
            warnings.append(Problem("OutputConfig.TargetPlatform.Accelerator", note, "warning"))
    else:
        device = catalog.device(target.device)
        if device.note:
            warnings.append(Problem("OutputConfig.TargetDevice", device.note, "warning"))
        if not device.curated:
            warnings.append(
                Problem(
                    "OutputConfig.TargetDevice",
                    f"'{device.value}' is new in botocore and not yet described here; "
                    "its compiler options are not checked.",
                    "warning",
                )
            )
    return warnings


def check_request(api: Any) -> tuple[CompilationRequest | None, list[Problem]]:
    """Validates an API-shaped request: (the model, []) or (None, problems), plus warnings."""
    if not isinstance(api, dict):
        return None, [Problem("", "A request must be a JSON object.")]
    try:
        request = CompilationRequest.model_validate(api)
    except ValidationError as exc:
        return None, problems_from(exc)
    errors = botocore_problems(request.to_api())
    if errors:
        return None, errors
    return request, advisories(request)


def check_output_config(api: Any) -> tuple[OutputConfig | None, list[Problem]]:
    """Validates an OutputConfig alone (paths start at OutputConfig)."""
    if not isinstance(api, dict):
        return None, [Problem("OutputConfig", "OutputConfig must be a JSON object.")]
    try:
        return OutputConfig.model_validate(api), []
    except ValidationError as exc:
        return None, problems_from(exc, "OutputConfig")


# ---- strict: the file must already be what is sent ---------------------------------------------

JSON_TEXT_FIELDS = ("OutputConfig.CompilerOptions", "InputConfig.DataInputConfig")
"""Fields holding JSON text: compared as parsed JSON, so whitespace alone is no difference."""


def _same(given: Any, sent: Any) -> bool:
    """Equal, types included: 900.0 is not 900, true is not 1 and "25" is not 25."""
    if type(given) is not type(sent):
        return False
    if isinstance(given, dict):
        return given.keys() == sent.keys() and all(_same(given[k], sent[k]) for k in given)
    if isinstance(given, list):
        return len(given) == len(sent) and all(map(_same, given, sent))
    return bool(given == sent)


def _changed(given: Any, sent: Any, path: str) -> Problem:
    label = path.rsplit(".", 1)[-1] or "The request"
    return Problem(path, f"{label} is {quote(given)}; the API form is {quote(sent)}.")


def _json_text_differences(given: str, sent: str, path: str) -> list[Problem]:
    try:
        given_value, sent_value = json.loads(given), json.loads(sent)
    except (ValueError, RecursionError):
        return [_changed(given, sent, path)]
    if isinstance(given_value, dict) and isinstance(sent_value, dict):
        return differences(given_value, sent_value, path)
    return [] if _same(given_value, sent_value) else [_changed(given, sent, path)]


def differences(given: Any, sent: Any, path: str = "") -> list[Problem]:
    """Where a request differs from what `to_api()` sends: each is a repair the file needs.

    Members `to_api()` adds (defaults such as MaxRuntimeInSeconds 900) are not differences:
    leaving out an optional member is valid as it is.
    """
    if path in JSON_TEXT_FIELDS and isinstance(given, str) and isinstance(sent, str):
        return [] if given == sent else _json_text_differences(given, sent, path)
    if isinstance(given, dict) and isinstance(sent, dict):
        found: list[Problem] = []
        for key, value in given.items():
            name = _safe_key(key)
            where = f"{path}.{name}" if path else name
            if key in sent:
                found += differences(value, sent[key], where)
            else:
                said = f"{name} is null" if value is None else f"{name} {quote(value)} says nothing"
                found.append(Problem(where, f"{said}; the API form leaves it out."))
        return found
    if isinstance(given, list) and isinstance(sent, list) and len(given) == len(sent):
        pairs = enumerate(zip(given, sent, strict=True))
        return [p for i, (one, other) in pairs for p in differences(one, other, f"{path}[{i}]")]
    return [] if _same(given, sent) else [_changed(given, sent, path)]


def _covered(path: str, problems: list[Problem]) -> bool:
    """Whether a problem at path is already said (at that path, or above or below it)."""
    for problem in problems:
        if problem.path == path:
            return True
        if (
            path
            and problem.path
            and (path.startswith(problem.path + ".") or problem.path.startswith(path + "."))
        ):
            return True
    return False


def _as_written(api: dict[str, Any]) -> list[Problem]:
    """CompilerOptions' limit applied to the file's own text (what is sent is compact)."""
    output = api.get("OutputConfig")
    raw = output.get("CompilerOptions") if isinstance(output, dict) else None
    if not isinstance(raw, str):
        return []
    message = catalog.limit(COMPILER_OPTIONS_LIMIT).check(raw, "CompilerOptions as written")
    return [Problem("OutputConfig.CompilerOptions", message)] if message else []


def check_strict(api: Any) -> tuple[CompilationRequest | None, list[Problem]]:
    """Strict validation: the dict must already be the request boto3 takes, unchanged.

    On top of `check_request`: botocore's ParamValidator on the dict as given (types, unknown
    keys, nulls) and every difference from `to_api()` (a value the app would repair, coerce
    or drop) is a problem. CompilerOptions and DataInputConfig are compared as parsed JSON, so
    whitespace is formatting, not a problem; CompilerOptions' length counts as written.
    """
    if not isinstance(api, dict):
        return None, [Problem("", "A request must be a JSON object.")]
    if not set(api) & set(request_fields()) and {"TargetDevice", "TargetPlatform"} & set(api):
        return None, [
            Problem(
                "",
                "This is an OutputConfig alone; a request wraps it as OutputConfig beside "
                f"{', '.join(m for m in catalog.required_members() if m != 'OutputConfig')}.",
            )
        ]
    request, found = check_request(api)
    errors = [p for p in found if p.severity == "error"]
    warnings = [p for p in found if p.severity == "warning"]
    for problem in botocore_problems(api):
        if not _covered(problem.path, errors):
            errors.append(problem)
    if request is not None:
        for problem in [*_as_written(api), *differences(api, request.to_api())]:
            if not _covered(problem.path, errors):
                errors.append(problem)
    if errors:
        return None, errors + warnings
    return request, warnings
