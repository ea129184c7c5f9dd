"""The wizard's draft: a lax, always-serialisable model of a request being written.

The strict `CompilationRequest` refuses anything invalid; a person mid-way through the wizard has
plenty of invalid state. `Draft` keeps all of it (both the device and the platform choice, so
switching back restores the other), turns it into the API dict on demand and asks `core.spec`
what is still wrong. It round-trips through JSON for the store and through a URL token for sharing
(`core.draft.share`); `core.draft.reader` reads an API dict into it.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.draft import reader, verdict
from core.draft.model_ref import ModelRef
from core.draft.names import default_job_name
from core.draft.options_text import TOO_DEEP, options_example, parse_options_text
from core.draft.shapes_table import carried_over, shape_form, switch_form
from core.errors import NeoConfigError, Problem
from core.jsontext import SAFE_INT, finite
from core.knowledge.frameworks import versioned_frameworks
from core.knowledge.presets import Preset, presets
from core.model import fill_data_input_config
from core.spec.catalog import device
from core.spec.options import (
    MAX_OPTION_DEPTH,
    PAST_FLOAT,
    CompilerOptionsBase,
    GenericOptions,
    nesting_depth,
    options_model,
    stale_options,
)
from core.spec.request import CompilationRequest
from core.spec.rules import Facts, version_row
from core.spec.target import DeviceTarget, PlatformTarget, output_config_dict, target_label

DEFAULT_NAME = "Untitled draft"
_NOT_CONTENT = {"id", "name", "step", "furthest_step", "job_name"}
"""Fields every draft has from the start: a draft with nothing else set holds no work."""

Seconds = Annotated[int, Field(ge=-SAFE_INT, le=SAFE_INT)]
"""A count of seconds a number widget can show; the API's own limits are core.request's to say."""


class Draft(BaseModel):
    """Everything the wizard has been told so far, valid or not."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    name: str = DEFAULT_NAME
    step: int = 0
    furthest_step: int = 0
    """The furthest step the user has opened: missing values of steps before it are shown."""

    model_kind: Literal["artifact", "package"] = "artifact"
    """InputConfig (an artifact in S3, the fields below), or a versioned model package
    (ModelPackageVersionArn), which brings its own framework and shapes."""
    model_package_arn: str = ""
    model_s3_uri: str = ""
    framework: str = "PYTORCH"
    framework_version: str = ""
    input_shapes: str = ""
    known_model: ModelRef | None = None
    """The model read from its artifact (never its weights): InputConfig is checked against it."""

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
    preset: str = ""
    shapes_form: Literal["named", "list"] = "named"
    """How the shapes table lists inputs while it is empty (PyTorch also takes a list)."""
    shapes_framework: str = ""
    """The framework the input shapes were written for (kept as they are written), so shapes
    carried over after a framework change are pointed out."""
    shape_names: list[str] = Field(default_factory=list)
    """The input names named shapes had when they became a list (which has none), given back
    when the list becomes named inputs again (they were input0, input1...); forgotten once
    the shapes change otherwise (an edit, an import, the model's own): they may be others."""

    output_s3: str = ""
    kms_key_id: str = ""
    job_name: str = Field(default_factory=default_job_name)
    role_arn: str = ""
    max_runtime: Seconds | str | None = 900
    max_wait: Seconds | str | None = None
    max_pending: Seconds | str | None = None
    """Text only when typed so (not a whole number): kept, and called wrong by the check."""
    security_groups: list[str] = Field(default_factory=list)
    subnets: list[str] = Field(default_factory=list)
    tags: list[dict[str, str]] = Field(default_factory=list)

    @field_validator("device_options", "platform_options")
    @classmethod
    def _writable_as_json(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Options JSON can carry (request, store, link): no NaN, no nesting past any target's."""
        if nesting_depth(value) > MAX_OPTION_DEPTH:
            raise ValueError(TOO_DEEP)
        if not finite(value):
            raise ValueError(f"The options {PAST_FLOAT}")
        return value

    def has_content(self) -> bool:
        """Whether anyone has told this draft anything (a new, untouched draft has nothing)."""
        fresh = type(self)().model_dump(exclude=_NOT_CONTENT)
        return self.model_dump(exclude=_NOT_CONTENT) != fresh

    @property
    def title(self) -> str:
        """The name the user gave, else what the draft is about: its target and its model."""
        if self.name.strip() and self.name != DEFAULT_NAME:
            return self.name
        model = (
            self.model_package_arn.rpartition(":model-package/")[2]
            if self.model_kind == "package"
            else self.model_s3_uri.rstrip("/").rsplit("/", 1)[-1]
        )
        target = target_label(self.target_api())
        return " · ".join(part for part in (target, model) if part) or DEFAULT_NAME

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
        values, error = parse_options_text(text, self.options_model)
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
        _, error = parse_options_text(self.options_text, self.options_model)
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

    def options_model(self, value: Any = None) -> type[CompilerOptionsBase]:
        target = self.target()  # value: options as typed, which may pick the form; else ours
        return (
            options_model(target, self.options if value is None else value)
            if target
            else GenericOptions
        )

    def target_api(self) -> dict[str, Any]:
        if self.target_kind == "device":
            return {"TargetDevice": self.device}
        platform = {"Os": self.platform_os, "Arch": self.platform_arch}
        if self.platform_accelerator:
            platform["Accelerator"] = self.platform_accelerator
        return {"TargetPlatform": platform}

    def options_api(self) -> str | None:
        """CompilerOptions as the API string (Neuron's flags: one JSON-encoded string)."""
        return self.options_model().api_string_of(self.options) if self.options else None

    def documented_versions(self) -> tuple[tuple[str, ...], str]:
        """The FrameworkVersion values the documentation lists for this framework on this
        target (rules.toml's version table), and where they come from; ((), "") when no row
        covers the pair, where any version may be typed."""
        platform = (self.platform_os, self.platform_arch, self.platform_accelerator or None)
        facts = Facts(
            framework=self.framework,
            device=self.device if self.target_kind == "device" else None,
            platform=platform if self.target_kind == "platform" else None,
        )
        row = version_row(facts)
        return (row.versions, row.citation) if row else ((), "")

    def known_options(self) -> dict[str, Any] | None:
        """The option values known for the chosen device (devices.toml, as Fleet uses them)
        when they are not what the draft holds; None for platforms and unknown devices."""
        example = device(self.device).example if self.target_kind == "device" else None
        return dict(example) if example and example != self.options else None

    def switch_target_kind(self, kind: Literal["device", "platform"]) -> list[str]:
        """Device or platform; from a platform preset whose board is also a device, "device"
        picks it, dropping the options the device before documented (returned) and filling
        its known ones when none are left (Core ML's class_labels stayed on rasp3b)."""
        self.target_kind = kind
        chosen = next((p for p in presets() if p.id == self.preset), None)
        if kind != "device" or chosen is None or not chosen.as_device:
            return []
        before, self.device = self.options_model(), chosen.as_device
        dropped = self.fit_options_to_target(before)
        if not self.device_options:
            self.set_options(dict(device(self.device).example or {}))
        return dropped

    def fit_options_to_target(self, before: type[CompilerOptionsBase]) -> list[str]:
        """Drops the options left from the target before (after Os, Arch, Accelerator or device
        changed: `stale_options`) and returns their keys; the user's own keys stay."""
        dropped = stale_options(self.options, before, self.options_model())
        if dropped:
            self.set_options({k: v for k, v in self.options.items() if k not in dropped})
        return dropped

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
        values = self.options_model().form_values(chosen.options)
        self.set_options(dict(values or {}))

    # ---- the request ------------------------------------------------------------------------

    def output_config_api(self) -> dict[str, Any]:
        return output_config_dict(
            self.output_s3, self.target_api(), self.options_api(), self.kms_key_id
        )

    def model_api(self) -> dict[str, Any]:
        """InputConfig, or the model package that takes its place (the API refuses both)."""
        if self.model_kind == "package":
            return {"ModelPackageVersionArn": self.model_package_arn}
        input_config: dict[str, Any] = {"S3Uri": self.model_s3_uri, "Framework": self.framework}
        if self.framework_version:
            input_config["FrameworkVersion"] = self.framework_version
        if self.input_shapes.strip():
            input_config["DataInputConfig"] = self.input_shapes.strip()
        return {"InputConfig": input_config}

    def to_api(self) -> dict[str, Any]:
        """The CreateCompilationJob dict as it stands, even while parts of it are invalid."""
        stopping = {
            key: value
            for key, value in (
                ("MaxRuntimeInSeconds", self.max_runtime),
                ("MaxWaitTimeInSeconds", self.max_wait),
                ("MaxPendingTimeInSeconds", self.max_pending),
            )
            if value is not None
        }
        api: dict[str, Any] = {
            "CompilationJobName": self.job_name,
            "RoleArn": self.role_arn,
            **self.model_api(),
            "OutputConfig": self.output_config_api(),
            "StoppingCondition": stopping,
        }
        if self.security_groups or self.subnets:
            api["VpcConfig"] = {"SecurityGroupIds": self.security_groups, "Subnets": self.subnets}
        if self.tags:
            api["Tags"] = self.tags
        return api

    def __setattr__(self, name: str, value: Any) -> None:
        changed = name == "input_shapes" and value != self.input_shapes
        super().__setattr__(name, value)
        if name == "input_shapes":  # shapes belong to the framework they are written for
            super().__setattr__("shapes_framework", self.framework if value else "")
            if changed and self.shape_names:  # the names were the old shapes'
                super().__setattr__("shape_names", [])

    def carried_over_shapes(self) -> Problem | None:
        """A warning when the shapes were written for another framework than the one chosen."""
        if self.model_kind == "package":  # not sent: the package brings its own
            return None
        return carried_over(self.input_shapes, self.shapes_framework, self.framework)

    def check(self) -> tuple[CompilationRequest | None, list[Problem]]:
        """What is still wrong (core.draft.verdict): the request, the model, the options typed."""
        return verdict.check(self)

    # ---- the model ----------------------------------------------------------------------------

    def model_problems(self) -> list[Problem]:
        """InputConfig against the model read from its artifact ([] while none is known)."""
        if self.known_model is None or self.model_kind == "package":
            return []
        return self.known_model.problems(self.model_s3_uri, self.input_shapes, self.framework)

    def fill_from_model(self, dynamic: dict[str, list[int]] | None = None, batch: int = 1) -> None:
        """DataInputConfig, Framework and (where the file states it) FrameworkVersion from the
        known model, all or nothing; NeoConfigError for a size the model leaves open and
        `dynamic` does not give (see core.model.fill_data_input_config)."""
        model = self.known_model
        if model is None:
            raise NeoConfigError("No model has been read yet.", "InputConfig.DataInputConfig")
        shapes = ""
        if model.framework != "XGBOOST":  # XGBoost takes no input shapes
            shapes = fill_data_input_config(model.info(), dynamic, batch)
        takes_version = model.framework in versioned_frameworks()  # Keras' own is no Neo version
        if not takes_version or model.framework != self.framework:
            self.framework_version = ""  # the version given was another framework's
        if takes_version and model.framework_version:
            self.framework_version = model.framework_version
        self.framework = model.framework
        self.input_shapes = shapes
        self.shapes_form = "named"

    def set_shapes_form(self, form: Literal["named", "list"]) -> None:
        """Switches the shapes between named inputs and a list, converting what is there."""
        shapes, names = switch_form(self.input_shapes, form == "list", self.shape_names)
        self.input_shapes = shapes
        self.shape_names = names
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
        reader.load_api(draft, api)
        return draft

    @classmethod
    def from_stored(cls, data: dict[str, Any], draft_id: str, name: str, step: int) -> Draft:
        """The draft a store record holds (its id, name and step are the record's columns)."""
        draft = cls.model_validate({**data, "id": draft_id, "name": name})
        draft.step = step
        return draft

    def load_api(self, api: Any) -> list[Problem]:
        """Merges a request (or an OutputConfig alone) into this draft, all or nothing."""
        return reader.load_api(self, api)

    def imported(self, api: Any) -> tuple[Draft, list[Problem]]:
        """The draft an import makes of this one, to swap in whole (see `reader.imported`);
        the model read keeps being checked against what was imported."""
        draft, notes = reader.imported(self, api)
        if self.known_model is not None:
            draft.known_model = self.known_model.model_copy(deep=True)
        return draft, notes
