"""Targets as people choose them: botocore's enums joined with the curated knowledge.

Every TargetDevice botocore knows is offered (a device the data does not describe gets a generic
entry), and a TargetPlatform is checked against the developer guide's table of combinations.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.knowledge import derived
from core.knowledge.devices import FAMILY_TITLES, DeviceEntry, Family, device_entries
from core.knowledge.platforms import CPU, platform_table, undocumented_accelerators
from core.spec.service import (
    accelerator_values,
    arch_values,
    enum_problem,
    os_values,
    target_devices,
)


@dataclass(frozen=True)
class Device(DeviceEntry):
    """A TargetDevice with what people need to pick it: its curated entry, or a generic one."""

    curated: bool = True
    """False for a device botocore knows and the data does not (its options are not checked)."""

    @property
    def label(self) -> str:
        """The name and the API value, in one pair of brackets ("Amazon EC2 C5 (ml.c5; ml_c5)",
        "NVIDIA Jetson Nano (jetson_nano)")."""
        if self.name.endswith(")") and "(" in self.name:
            return f"{self.name[:-1]}; {self.value})"
        return f"{self.name} ({self.value})"


def _curated(entries: dict[str, DeviceEntry]) -> dict[str, Device]:
    return {value: Device(**vars(entry)) for value, entry in entries.items()}


def device(value: str) -> Device:
    """Device info for a TargetDevice value; a value the data does not know gets a generic entry.

    The curated ones are made once per parse of devices.toml: the rules ask several times a
    request."""
    found = derived(device_entries(), _curated).get(value)
    if found is not None:
        return found
    family: Family = "cloud" if value.startswith("ml_") else "other"
    return Device(value, value.replace("_", " "), family, "generic", curated=False)


def devices() -> list[Device]:
    """Every TargetDevice botocore knows, in the service model's order."""
    return [device(value) for value in target_devices()]


def devices_by_family() -> dict[str, list[Device]]:
    grouped: dict[str, list[Device]] = {family: [] for family in FAMILY_TITLES}
    for item in devices():
        grouped.setdefault(item.family, []).append(item)
    return {family: items for family, items in grouped.items() if items}


def _platform_table() -> dict[str, dict[str, list[str]]]:
    """The guide's table, for the Os values botocore has (Windows, say, it has not)."""
    return {os_: table for os_, table in platform_table().items() if os_ in os_values()}


def platform_problem(os_: str, arch: str, accelerator: str | None) -> str | None:
    """Why an Os/Arch/Accelerator combination cannot be compiled for, or None when it can."""
    for label, value, allowed in (
        ("Os", os_, os_values()),
        ("Arch", arch, arch_values()),
        ("Accelerator", accelerator, accelerator_values()),
    ):
        problem = None if value is None else enum_problem(label, value, allowed)
        if problem:
            return problem
    if accelerator in undocumented_accelerators():
        return None  # rules.toml says what an undocumented accelerator may pair with
    column = accelerator or CPU
    archs = _platform_table().get(os_, {}).get(column, [])
    if arch in archs:
        return None
    what = f"{accelerator} accelerator" if accelerator else "CPU only (no accelerator)"
    if not archs:
        return f"Neo does not support {what} on {os_}."
    return f"Neo does not support {what} on {os_} {arch}; it supports it on {', '.join(archs)}."


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


def device_choices() -> list[tuple[str, str]]:
    """(value, label) for every device, grouped by family in the catalog's order."""
    return [(d.value, d.label) for items in devices_by_family().values() for d in items]
