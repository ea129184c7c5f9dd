"""The CreateCompilationJob request as pydantic models, and its API dict.

Field aliases are the API's own names, so `CompilationRequest.model_validate(api_dict)` reads a
request as boto3 takes it and `to_api()` writes it back. Every limit botocore leaves to the
server (enums, patterns, maximum lengths) is checked here, the documented rules of rules.toml
that refuse are raised by the models (`core.spec.rules`), and `check_request` turns any failure
into `Problem` values with API field paths for the UI and the CLI, plus the rules that warn.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, partial
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from core.errors import Problem
from core.jsontext import ContentMemo
from core.spec import rules, service
from core.spec.advice import advice, layout_hints
from core.spec.as_written import (
    framework_as_written,
    input_facts,
    options_as_written,
    shape_warnings,
)
from core.spec.base import JobName, RoleArn, S3Uri, StrictModel, api_enum, api_limited, fail
from core.spec.options import CompilerOptionsBase, options_model, parse_options
from core.spec.parts import StoppingCondition, Tag, VpcConfig, kms_key, list_size
from core.spec.problems import botocore_problems, problems_from
from core.spec.shapes import ShapeError, convention, parse_shapes
from core.spec.target import (
    DeviceTarget,
    PlatformTarget,
    Target,
    output_config_dict,
    target_from_api,
)


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

    @field_validator("data_input_config")
    @classmethod
    def _shapes_fit_framework(cls, value: str | None, info: ValidationInfo) -> str | None:
        framework = info.data.get("framework")
        if value is not None:
            try:
                parse_shapes(value, framework)
            except ShapeError as exc:
                raise PydanticCustomError(f"input_shapes.{exc.kind}", str(exc)) from None
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
    """PyTorch 2 models may leave the input shapes out (for cloud instances: rules.toml's
    shapes/pytorch2-cloud-only says where not). The guide's condition is the version that made
    the model file: without a FrameworkVersion this check cannot tell, and
    shapes/pytorch-version-unknown warns."""
    return framework == "PYTORCH" and (version is None or not rules.below(version, "2.0"))


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

    _check_kms = field_validator("kms_key_id")(kms_key)

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
        return parse_options(target, raw)

    @model_validator(mode="after")
    def _options_present_when_required(self, info: ValidationInfo) -> OutputConfig:
        model = options_model(self.target)
        if (info.context or {}).get("target_alone"):
            return self
        if self.compiler_options is None and model.required:
            keys = ", ".join(model.offered_keys())
            raise fail(
                ("CompilerOptions",),
                "options_required",
                "{title} require CompilerOptions with {keys}.",
                title=model.title,
                keys=keys,
            )
        return self

    _rule_warnings: list[Problem] = PrivateAttr(default_factory=list)
    """What the OutputConfig rules that warn found: a request adds them to its own, so no
    rule is evaluated twice."""

    @model_validator(mode="after")
    def _documented_rules(self, info: ValidationInfo) -> OutputConfig:
        if (info.context or {}).get("rules") is False:
            return self
        found = rules.evaluate(self.facts(), "output")
        refused = rules.refusal(found, strip="OutputConfig.")
        if refused is not None:
            raise refused
        self._rule_warnings = rules.warnings(found)
        return self

    def facts(self, **request: Any) -> rules.Facts:
        """What rules.toml reads from this OutputConfig (and from the request, when given)."""
        target = self.target
        platform = (
            (target.os, target.arch, target.accelerator)
            if isinstance(target, PlatformTarget)
            else None
        )
        options = self.compiler_options
        return rules.Facts(
            device=target.device if isinstance(target, DeviceTarget) else None,
            platform=platform,
            options=options.api_value() if options else None,
            undocumented_options=options.undocumented_keys() if options else (),
            duplicate_options=options.duplicate_keys if options else (),
            numeric_options=options.written_numbers if options else (),
            offered_options=options.offered_keys() if options else (),
            api=request.pop("api", None) or {"OutputConfig": self.to_api()},
            **request,
        )

    def to_api(self) -> dict[str, Any]:
        options = self.compiler_options.to_api_string() if self.compiler_options else None
        return output_config_dict(
            self.s3_output_location, self.target.to_api(), options, self.kms_key_id
        )


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
    tags: Annotated[list[Tag], AfterValidator(partial(list_size, "Tags", "Tags"))] | None = Field(
        default=None, alias="Tags"
    )
    _rule_warnings: list[Problem] = PrivateAttr(default_factory=list)
    """What the rules that warn found while the request was validated: `advisories` reads it,
    so each request evaluates the rule book once, not once more for its warnings."""

    @model_validator(mode="after")
    def _cross_field_rules(self) -> CompilationRequest:
        if (self.input_config is None) == (self.model_package_version_arn is None):
            raise fail(
                ("InputConfig",),
                "input_source",
                "Give exactly one of InputConfig and ModelPackageVersionArn.",
            )
        # the OutputConfig rules have run in OutputConfig: here, the request's own
        found = rules.evaluate(self.facts(), "request")
        refused = rules.refusal(found)
        if refused is not None:
            raise refused
        self._rule_warnings = [*self.output_config._rule_warnings, *rules.warnings(found)]
        return self

    def facts(self) -> rules.Facts:
        """What rules.toml reads from this request."""
        return _request_facts(self.input_config, self.output_config, self.to_api())

    def to_api(self) -> dict[str, Any]:
        """The keyword arguments of boto3's `create_compilation_job`."""
        api = self.model_dump(by_alias=True, exclude_none=True, exclude={"output_config"})
        api["OutputConfig"] = self.output_config.to_api()
        return {key: api[key] for key in service.request_fields() if key in api}


def _request_facts(
    config: InputConfig | None, output: OutputConfig, api: dict[str, Any]
) -> rules.Facts:
    return output.facts(**input_facts(config), api=api)


@cache
def _aliases() -> dict[str, str]:
    """Field name -> API name, for the locations pydantic reports by field name (defaults)."""
    names: dict[str, str] = {}
    for model in (InputConfig, OutputConfig, StoppingCondition, VpcConfig, Tag, CompilationRequest):
        names.update({name: f.alias for name, f in model.model_fields.items() if f.alias})
    return names


def advisories(request: CompilationRequest) -> list[Problem]:
    """Warnings: allowed by the API but likely a mistake (layouts, the rules that warn)."""
    return _advice(request._rule_warnings, request.input_config, request.output_config.target)


def _advice(found: list[Problem], config: InputConfig | None, target: Target) -> list[Problem]:
    if config is None:
        return advice(found, None, None, target)
    return advice(found, config.framework, config.data_input_config, target)


_CHECKED: ContentMemo[tuple[CompilationRequest | None, list[Problem]]] = ContentMemo()
"""Requests checked lately, by content and the rule book they were checked against."""


def check_request(api: Any) -> tuple[CompilationRequest | None, list[Problem]]:
    """Validates an API-shaped request: (the model, []) or (None, problems), plus warnings.

    A request checked lately is not checked again (every rerun of the wizard checks the same
    draft): the result is reused while its content and the rule book are the same. The model
    returned may be shared: it is read, never changed."""
    if not isinstance(api, dict):
        return None, [Problem("", "A request must be a JSON object.")]
    request, problems = _CHECKED.reuse(api, lambda: _check_request(api), rules.rule_book())
    return request, list(problems)


def _check_request(api: dict[str, Any]) -> tuple[CompilationRequest | None, list[Problem]]:
    try:
        request = CompilationRequest.model_validate(api)
    except ValidationError as exc:
        early = _early_findings(api)
        inputs = api.get("InputConfig")
        if early is None and isinstance(inputs, dict):  # InputConfig's hints, read alone
            early = layout_hints(inputs.get("Framework"), inputs.get("DataInputConfig"))
        return None, _with_field_rules(problems_from(exc, aliases=_aliases()), api, early or [])
    errors = botocore_problems(request.to_api())
    if errors:
        return None, errors
    return request, advisories(request)


_STAND_IN = "s3://stand-in/"
"""A location in the place of one not given yet, where rules judge the rest (no rule reads it)."""
_RULES_LATER = {"rules": False}
"""Validation context: OutputConfig leaves its rules to the caller."""
_TARGET_ALONE = {"rules": False, "target_alone": True}
"""Validation context: the target read alone, its options judged elsewhere (an NVIDIA
platform's required options too)."""


def _early_findings(api: dict[str, Any]) -> list[Problem] | None:
    """The rules on framework, target and options, judged while other fields are unfinished,
    so a TFLite model for ml_c5 is refused on the Target step, not once the output and role
    are typed; with InputConfig unfinished, the rules on the target alone. The target's own
    errors (NVIDIA options required) are said as soon, and None comes back while the target
    cannot be read at all."""
    output, inputs = api.get("OutputConfig"), api.get("InputConfig")
    if not isinstance(output, dict) or not isinstance(inputs, dict | None):
        return None
    judged = {k: v for k, v in output.items() if k not in ("S3OutputLocation", "KmsKeyId")}
    framework, shapes = (inputs or {}).get("Framework"), (inputs or {}).get("DataInputConfig")
    try:
        config = (
            None if inputs is None else InputConfig.model_validate({**inputs, "S3Uri": _STAND_IN})
        )
    except ValidationError:  # its fields have their own errors; the rules reading them wait
        config = None
    try:
        target = OutputConfig.model_validate(
            {**judged, "S3OutputLocation": _STAND_IN}, context=_RULES_LATER
        )
    except ValidationError as exc:  # errors of the target and options, said where the user is
        errors = problems_from(exc, "OutputConfig", _aliases())
        warned = [*_option_warnings(judged, errors), *shape_warnings(config)]
        return [*errors, *warned, *layout_hints(framework, shapes)]
    facts = _request_facts(config, target, api)
    if config is None and inputs is not None:  # a malformed shape hides no framework refusal
        facts = framework_as_written(facts, inputs)
    # the field rules have been asked already, of the request as written
    found = rules.evaluate(facts, "facts")
    refused = [finding.problem() for finding in found if finding.kind == "refuse"]
    return [*refused, *advice(rules.warnings(found), framework, shapes, target.target)]


def _option_warnings(output: dict[str, Any], errors: list[Problem]) -> list[Problem]:
    """The warnings on the options as written while one of them has an error of its own: a
    gpu-code unlike the guide's went unsaid while trt-ver was wrong. Warnings only (the errors
    are the model's), none where an error already stands."""
    try:
        target = OutputConfig.model_validate(
            {**output, "CompilerOptions": None, "S3OutputLocation": _STAND_IN},
            context=_TARGET_ALONE,
        )
    except ValidationError:
        return []
    facts = options_as_written(target.facts(), target.target, output.get("CompilerOptions"))
    if facts is None:
        return []
    taken = {problem.path for problem in errors}
    found = (f.problem() for f in rules.evaluate(facts, "output") if f.kind == "warn")
    return [problem for problem in found if problem.path not in taken]


def check_output_config(api: Any) -> tuple[OutputConfig | None, list[Problem]]:
    """Validates an OutputConfig alone (paths start at OutputConfig)."""
    if not isinstance(api, dict):
        return None, [Problem("OutputConfig", "OutputConfig must be a JSON object.")]
    try:
        config = OutputConfig.model_validate(api)
    except ValidationError as exc:
        errors = problems_from(exc, "OutputConfig", _aliases())
        return None, _with_field_rules(errors, {"OutputConfig": api})
    return config, list(config._rule_warnings)


def _with_field_rules(
    errors: list[Problem], api: dict[str, Any], found: Sequence[Problem] = ()
) -> list[Problem]:
    """errors, then what the rules that read fields alone find in api as written, and found:
    each once, and none at a field with its own error (which says more than a rule about it)."""
    fields = [item.problem() for item in rules.evaluate(rules.Facts(api=api), "fields")]
    refused = {problem.path for problem in errors}
    return [*errors, *dict.fromkeys(p for p in [*fields, *found] if p.path not in refused)]
