"""What SageMaker Neo accepts: enums and limits from botocore, curated knowledge from data files.

botocore's service model is the source of truth for every enum and limit, so a botocore upgrade
brings new devices into the app with no code change. The TOML files beside this module add what
botocore cannot know: human names, families, option families and valid platform combinations.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape

Family = Literal["cloud", "edge", "phone", "other"]
FAMILY_TITLES: dict[str, str] = {
    "cloud": "Cloud instances",
    "edge": "Edge boards",
    "phone": "Phones and Android SoCs",
    "other": "Other targets",
}
CPU = "CPU"  # the "no accelerator" column of the platform tables


@cache
def service_model() -> ServiceModel:
    """The SageMaker service model shipped with the installed botocore."""
    return botocore.session.get_session().get_service_model("sagemaker")


@cache
def create_operation() -> OperationModel:
    return service_model().operation_model("CreateCompilationJob")


def _enum(shape_name: str) -> tuple[str, ...]:
    return tuple(service_model().shape_for(shape_name).enum)


def target_devices() -> tuple[str, ...]:
    return _enum("TargetDevice")


def os_values() -> tuple[str, ...]:
    return _enum("TargetPlatformOs")


def arch_values() -> tuple[str, ...]:
    return _enum("TargetPlatformArch")


def accelerator_values() -> tuple[str, ...]:
    return _enum("TargetPlatformAccelerator")


def frameworks() -> tuple[str, ...]:
    return _enum("Framework")


PATTERN_HINTS: dict[str, str] = {
    "EntityName": "use letters, digits and hyphens only, starting and ending with a letter "
    "or digit "
    "(no underscores, dots or spaces)",
    "RoleArn": "give an IAM role ARN, like arn:aws:iam::123456789012:role/SageMakerRole",
    "S3Uri": "write an S3 location, like s3://my-bucket/models/model.tar.gz",
    "FrameworkVersion": "write a version, like 1.8 or 2.9",
    "KmsKeyId": "use a key ID, key ARN, alias/Name or alias ARN",
    "NeoVpcSecurityGroupId": "write a security group ID, like sg-0123456789abcdef0",
    "NeoVpcSubnetId": "write a subnet ID, like subnet-0123456789abcdef0",
    "TagKey": "use letters, digits, spaces and _ . : / = + - @ only",
    "TagValue": "use letters, digits, spaces and _ . : / = + - @ only",
}
"""A sentence per pattern, so people read a hint instead of a regular expression."""


@dataclass(frozen=True)
class Limit:
    """Length/value limits and the full-match pattern of one API field."""

    min: int | None
    max: int | None
    pattern: re.Pattern[str] | None
    shape: str

    def check(self, value: str | int, label: str) -> str | None:
        """A sentence saying what is wrong with value, or None when it fits."""
        if isinstance(value, int):
            if self.min is not None and value < self.min:
                return f"{label} must be at least {self.min} (got {value})."
            if self.max is not None and value > self.max:
                return f"{label} must be at most {self.max} (got {value})."
            return None
        if value == "" and (self.min or (self.pattern and not self.pattern.fullmatch(""))):
            return f"{label} is required."
        if self.min is not None and len(value) < self.min:
            return f"{label} must be at least {self.min} characters long (got {len(value)})."
        if self.max is not None and len(value) > self.max:
            return f"{label} must be at most {self.max} characters long (got {len(value)})."
        if self.pattern is not None and not self.pattern.fullmatch(value):
            hint = PATTERN_HINTS.get(self.shape, f"the API's form is {self.pattern.pattern}")
            return f"{label} '{value}' is not valid: {hint}."
        return None


def _translate_pattern(pattern: str) -> str:
    """Java's Unicode classes, which the service model uses, approximated for Python's re."""
    return pattern.replace(r"\p{L}", r"\w").replace(r"\p{N}", r"\w").replace(r"\p{Z}", " ")


def _shape_at(path: str) -> Shape:
    shape: Shape = create_operation().input_shape
    for part in path.split("."):
        if shape.type_name == "list":
            shape = shape.member  # type: ignore[attr-defined]
        shape = shape.members[part]  # type: ignore[attr-defined]
    if shape.type_name == "list":
        shape = shape.member  # type: ignore[attr-defined]
    return shape


@cache
def limit(path: str) -> Limit:
    """Limits of a CreateCompilationJob field, e.g. limit("OutputConfig.CompilerOptions")."""
    shape = _shape_at(path)
    meta = shape.metadata
    pattern = meta.get("pattern")
    compiled = None
    if pattern:
        try:
            compiled = re.compile(_translate_pattern(pattern))
        except re.error:  # a pattern Python cannot read: fall back to lengths only
            compiled = None
    return Limit(meta.get("min"), meta.get("max"), compiled, shape.name)


@cache
def list_limit(path: str) -> tuple[int | None, int | None]:
    """(min, max) number of items of a list field, e.g. "VpcConfig.Subnets"."""
    shape: Shape = create_operation().input_shape
    for part in path.split("."):
        shape = shape.members[part]  # type: ignore[attr-defined]
    return shape.metadata.get("min"), shape.metadata.get("max")


@cache
def required_members(path: str = "") -> tuple[str, ...]:
    shape: Shape = create_operation().input_shape
    if path:
        for part in path.split("."):
            shape = shape.members[part]  # type: ignore[attr-defined]
    return tuple(shape.required_members)  # type: ignore[attr-defined]


# ---- curated data --------------------------------------------------------------------------


@cache
def _data(name: str) -> dict[str, Any]:
    text = resources.files("core.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Device:
    """A TargetDevice with what people need to pick it."""

    value: str
    name: str
    family: Family
    options: str
    example: dict[str, Any] | None = None
    note: str = ""
    curated: bool = True

    @property
    def label(self) -> str:
        return f"{self.name} ({self.value})"


def _generic_device(value: str) -> Device:
    family: Family = "cloud" if value.startswith("ml_") else "other"
    options = "ml" if value.startswith("ml_") else "generic"
    return Device(value, value.replace("_", " "), family, options, curated=False)


def device(value: str) -> Device:
    """Device info for a TargetDevice value; a value the data does not know gets a generic entry."""
    entry = _data("devices.toml")["devices"].get(value)
    if entry is None:
        return _generic_device(value)
    return Device(
        value=value,
        name=entry["name"],
        family=entry["family"],
        options=entry["options"],
        example=entry.get("example"),
        note=entry.get("note", ""),
    )


def devices() -> list[Device]:
    """Every TargetDevice botocore knows, in the service model's order."""
    return [device(value) for value in target_devices()]


def devices_by_family() -> dict[str, list[Device]]:
    grouped: dict[str, list[Device]] = {family: [] for family in FAMILY_TITLES}
    for item in devices():
        grouped.setdefault(item.family, []).append(item)
    return {family: items for family, items in grouped.items() if items}


def _platform_table() -> dict[str, dict[str, list[str]]]:
    data = _data("platforms.toml")
    return {os_: table for os_, table in data.items() if os_ in os_values()}


def undocumented_accelerators() -> tuple[str, ...]:
    return tuple(_data("platforms.toml").get("undocumented", {}).get("accelerators", []))


def platform_problem(os_: str, arch: str, accelerator: str | None) -> str | None:
    """Why an Os/Arch/Accelerator combination cannot be compiled for, or None when it can."""
    if os_ not in os_values():
        return f"Os '{os_}' is not an API value; choose one of {', '.join(os_values())}."
    if arch not in arch_values():
        return f"Arch '{arch}' is not an API value; choose one of {', '.join(arch_values())}."
    if accelerator is not None and accelerator not in accelerator_values():
        choices = ", ".join(accelerator_values())
        return f"Accelerator '{accelerator}' is not an API value; choose one of {choices}."
    if accelerator in undocumented_accelerators():
        return None
    column = accelerator or CPU
    archs = _platform_table().get(os_, {}).get(column, [])
    if arch in archs:
        return None
    what = f"{accelerator} accelerator" if accelerator else "CPU only (no accelerator)"
    if not archs:
        return f"Neo does not support {what} on {os_}."
    return f"Neo does not support {what} on {os_} {arch}; it supports it on {', '.join(archs)}."


def platform_warning(accelerator: str | None) -> str | None:
    if accelerator in undocumented_accelerators():
        return (
            f"Accelerator '{accelerator}' is in the API but no Neo documentation describes it; "
            "the compilation may be rejected."
        )
    return None


def valid_platforms() -> list[tuple[str, str, str | None]]:
    """Every documented (Os, Arch, Accelerator) combination; Accelerator None means CPU only."""
    combos: list[tuple[str, str, str | None]] = []
    for os_, table in _platform_table().items():
        for column, archs in table.items():
            for arch in archs:
                combos.append((os_, arch, None if column == CPU else column))
    return combos


def accelerators_for(os_: str, arch: str) -> list[str | None]:
    """Accelerators that combine with os_/arch (None = CPU only), documented ones first."""
    table = _platform_table().get(os_, {})
    documented = [None if col == CPU else col for col, archs in table.items() if arch in archs]
    return documented + list(undocumented_accelerators())
