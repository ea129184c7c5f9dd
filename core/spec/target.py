"""The compilation target: a device or a platform, never both, never neither."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from core.spec.base import StrictModel, api_enum
from core.spec.catalog import platform_problem


class DeviceTarget(StrictModel):
    """A named TargetDevice such as `jetson_nano` or `ml_c5`."""

    kind: Literal["device"] = "device"
    device: Annotated[str, api_enum("TargetDevice", "TargetDevice")] = Field(
        alias="TargetDevice", description="The device or instance family the model will run on."
    )

    def to_api(self) -> dict[str, Any]:
        return {"TargetDevice": self.device}

    @property
    def summary(self) -> str:
        return target_label(self.to_api())


class PlatformTarget(StrictModel):
    """A TargetPlatform: Os, Arch and an optional Accelerator, for boards not in the device list."""

    kind: Literal["platform"] = "platform"
    os: Annotated[str, api_enum("TargetPlatformOs", "Os")] = Field(alias="Os")
    arch: Annotated[str, api_enum("TargetPlatformArch", "Arch")] = Field(alias="Arch")
    accelerator: Annotated[str, api_enum("TargetPlatformAccelerator", "Accelerator")] | None = (
        Field(default=None, alias="Accelerator")
    )

    @model_validator(mode="after")
    def _supported_combination(self) -> PlatformTarget:
        problem = platform_problem(self.os, self.arch, self.accelerator)
        if problem:
            raise PydanticCustomError("unsupported_platform", problem)
        return self

    def to_api(self) -> dict[str, Any]:
        platform = {"Os": self.os, "Arch": self.arch}
        if self.accelerator:
            platform["Accelerator"] = self.accelerator
        return {"TargetPlatform": platform}

    @property
    def is_arm(self) -> bool:
        return self.arch.startswith("ARM")

    @property
    def summary(self) -> str:
        return target_label(self.to_api())


Target = Annotated[DeviceTarget | PlatformTarget, Field(discriminator="kind")]
"""Exactly one of the two ways to name a target; `kind` tells which."""


def target_from_api(output_config: dict[str, Any]) -> dict[str, Any]:
    """The tagged-union input for an API OutputConfig; raises when it names both or neither."""
    has_device = output_config.get("TargetDevice") is not None
    has_platform = output_config.get("TargetPlatform") is not None
    if has_device and has_platform:
        raise PydanticCustomError(
            "both_targets",
            "TargetDevice and TargetPlatform are mutually exclusive; keep only one of them.",
        )
    if has_device:
        return {"kind": "device", "TargetDevice": output_config["TargetDevice"]}
    if has_platform:
        platform = output_config["TargetPlatform"]
        if not isinstance(platform, dict):
            raise PydanticCustomError(
                "platform_type", "TargetPlatform must be an object with Os, Arch and Accelerator."
            )
        if "kind" in platform:  # the union's tag is ours, never the API's
            raise PydanticCustomError(
                "platform_kind",
                "'kind' is not a field of TargetPlatform; give Os, Arch and Accelerator only.",
            )
        return {"kind": "platform", **platform}
    raise PydanticCustomError(
        "no_target", "Choose a target: either TargetDevice or TargetPlatform is required."
    )


def target_label(config: dict[str, Any]) -> str:
    """How the app writes a target for people: `jetson_nano`, or `LINUX / ARM64 / NVIDIA`.

    config is anything that names a target the API's way: an OutputConfig, a request's
    OutputConfig, or a fragment with TargetDevice or TargetPlatform; "" when it names none.
    """
    device = config.get("TargetDevice")
    if device:
        return str(device)
    platform = config.get("TargetPlatform")
    if isinstance(platform, dict):
        parts = (platform.get(key) for key in ("Os", "Arch", "Accelerator"))
        return " / ".join(str(part) for part in parts if part)
    return ""


def output_config_dict(
    s3_output_location: str,
    target: dict[str, Any],
    compiler_options: str | None = None,
    kms_key_id: str | None = None,
) -> dict[str, Any]:
    """The OutputConfig the API takes, in its members' order: the one place it is assembled.

    target is the TargetDevice or TargetPlatform member ({"TargetDevice": ...}); the options
    are the CompilerOptions string already encoded; empty options and key are left out.
    """
    config: dict[str, Any] = {"S3OutputLocation": s3_output_location, **target}
    if compiler_options is not None:
        config["CompilerOptions"] = compiler_options
    if kms_key_id:
        config["KmsKeyId"] = kms_key_id
    return config
