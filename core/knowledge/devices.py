"""Curated facts about TargetDevice values: human names, families and option families.

The list of devices comes from botocore at run time (`core.spec.catalog`); `devices.toml` adds
what a person needs to pick one, for the devices it knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from core.knowledge import derived, read_data

Family = Literal["cloud", "edge", "phone", "other"]
FAMILY_TITLES: dict[str, str] = {
    "cloud": "Cloud instances",
    "edge": "Edge boards",
    "phone": "Phones and Android SoCs",
    "other": "Other targets",
}


@dataclass(frozen=True)
class DeviceEntry:
    """One device's entry in devices.toml."""

    value: str
    name: str
    family: Family
    options: str
    """Which CompilerOptions model applies (a family name of `core.spec.options`)."""
    example: dict[str, Any] | None = None
    """Option values known for the device (the Jetsons' gpu-code, trt-ver, cuda-ver ...)."""
    note: str = ""
    object_options: str | None = None
    """The model for CompilerOptions written as an object, for a device whose options model
    takes a string (Neuron's flags) that the documentation does not make the only form."""


def _build(data: dict[str, Any]) -> dict[str, DeviceEntry]:
    return {
        value: DeviceEntry(
            value=value,
            name=entry["name"],
            family=entry["family"],
            options=entry["options"],
            example=entry.get("example"),
            note=entry.get("note", ""),
            object_options=entry.get("object_options"),
        )
        for value, entry in data["devices"].items()
    }


def device_entries() -> dict[str, DeviceEntry]:
    """Every curated entry by TargetDevice value, built once per parse of devices.toml (the
    rules read a device's entry several times per request)."""
    return derived(read_data("devices.toml"), _build)
