"""The wizard's draft: a lax, always-serialisable model of a request being written.

The strict `CompilationRequest` refuses anything invalid; a person mid-way through the wizard has
plenty of invalid state. `Draft` keeps all of it (both the device and the platform choice, so
switching back restores the other), turns it into the API dict on demand and asks `core.request`
what is still wrong. It round-trips through JSON for the store and through a URL token for sharing.
"""

from __future__ import annotations

import base64
import json
import uuid
import zlib
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core import catalog
from core.errors import NeoConfigError, Problem
from core.options import CompilerOptionsBase, GenericOptions, options_model
from core.presets import Preset
from core.request import CompilationRequest, check_request
from core.target import DeviceTarget, PlatformTarget

STEPS: tuple[str, ...] = ("Model", "Target", "Compiler options", "Output and job", "Review")
MAX_TOKEN_CHARS = 8000


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
    preset: str = ""

    output_s3: str = ""
    kms_key_id: str = ""
    job_name: str = Field(default_factory=default_job_name)
    role_arn: str = ""
    max_runtime: int | None = 900
    max_pending: int | None = None
    security_groups: list[str] = Field(default_factory=list)
    subnets: list[str] = Field(default_factory=list)
    tags: list[dict[str, str]] = Field(default_factory=list)

    # ---- target and options -----------------------------------------------------------------

    @property
    def options(self) -> dict[str, Any]:
        """The options of the target kind currently chosen (the other kind keeps its own)."""
        return self.device_options if self.target_kind == "device" else self.platform_options

    def set_options(self, values: dict[str, Any]) -> None:
        cleaned = {k: v for k, v in values.items() if v not in (None, "", [])}
        if self.target_kind == "device":
            self.device_options = cleaned
        else:
            self.platform_options = cleaned

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
        return json.dumps(self.options, ensure_ascii=False)

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
        return check_request(self.to_api())

    @classmethod
    def from_api(cls, api: dict[str, Any], **extra: Any) -> Draft:
        """A draft holding a request (or an OutputConfig alone); unknown parts are left default."""
        draft = cls(**extra)
        draft.load_api(api)
        return draft

    def load_api(self, api: dict[str, Any]) -> None:
        alone = any(k in api for k in ("S3OutputLocation", "TargetDevice", "TargetPlatform"))
        output = api.get("OutputConfig", api if alone else {})
        if not isinstance(output, dict):
            output = {}
        inputs = api.get("InputConfig") or {}
        stopping = api.get("StoppingCondition") or {}
        vpc = api.get("VpcConfig") or {}
        fields: dict[str, Any] = {
            "job_name": api.get("CompilationJobName"),
            "role_arn": api.get("RoleArn"),
            "model_s3_uri": inputs.get("S3Uri"),
            "framework": inputs.get("Framework"),
            "framework_version": inputs.get("FrameworkVersion"),
            "input_shapes": inputs.get("DataInputConfig"),
            "output_s3": output.get("S3OutputLocation"),
            "kms_key_id": output.get("KmsKeyId"),
            "max_runtime": stopping.get("MaxRuntimeInSeconds"),
            "max_pending": stopping.get("MaxPendingTimeInSeconds"),
            "security_groups": vpc.get("SecurityGroupIds"),
            "subnets": vpc.get("Subnets"),
            "tags": api.get("Tags"),
        }
        for key, value in fields.items():
            if value is not None:
                setattr(self, key, value)
        if output.get("TargetDevice"):
            self.target_kind = "device"
            self.device = str(output["TargetDevice"])
        elif isinstance(output.get("TargetPlatform"), dict):
            platform = output["TargetPlatform"]
            self.target_kind = "platform"
            self.platform_os = str(platform.get("Os", ""))
            self.platform_arch = str(platform.get("Arch", ""))
            self.platform_accelerator = str(platform.get("Accelerator") or "")
        self.set_options(_options_dict(output.get("CompilerOptions")))


def _options_dict(raw: Any) -> dict[str, Any]:
    """The form's view of a CompilerOptions value: a dict, with Neuron flags under 'flags'."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return dict(raw)
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError:
        return {"flags": raw} if str(raw).strip().startswith("-") else {}
    if isinstance(value, str):
        return {"flags": value}
    return dict(value) if isinstance(value, dict) else {}


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
