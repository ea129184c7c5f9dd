"""What the SageMaker Python SDK v2's Model.compile() sends (sdk_compile.toml), as typed values.

The SDK snippet renderer asks these questions so it never exports a snippet that sends another
request than the one the app checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.knowledge import derived, read_data


@dataclass(frozen=True)
class Clause:
    """One branch of a release's FrameworkVersion rule: which devices, which frameworks."""

    frameworks: tuple[str, ...]
    devices: tuple[str, ...] = ()
    devices_not: tuple[str, ...] = ()
    device_prefix: str = ""
    excluded_prefixes: tuple[str, ...] = ()

    def covers(self, device: str) -> bool:
        if self.devices:
            return device in self.devices
        if self.devices_not:
            return device not in self.devices_not
        return device.startswith(self.device_prefix) and not device.startswith(
            self.excluded_prefixes
        )


@dataclass(frozen=True)
class Release:
    """A line of v2 releases and its FrameworkVersion rule."""

    name: str
    clauses: tuple[Clause, ...]

    def sends_framework_version(self, framework: str, device: str | None) -> bool:
        """Whether compile() sends FrameworkVersion (never for a TargetPlatform)."""
        if device is None:
            return False
        for clause in self.clauses:
            if clause.covers(device):
                return framework.lower() in clause.frameworks
        return False


def _data() -> dict[str, Any]:
    return read_data("sdk_compile.toml")


def package() -> str:
    """The pip requirement a snippet names (sagemaker.model is gone in 3.x)."""
    return str(_data()["package"])


def default_max_run() -> int:
    return int(_data()["default_max_run"])


def no_parameter() -> tuple[str, ...]:
    """Request members (dotted paths) compile() has no parameter for."""
    return tuple(_data()["no_parameter"])


def releases() -> tuple[Release, ...]:
    """The release lines, made once per parse (every SDK snippet rendered asks)."""
    return derived(_data(), _releases)


def _releases(data: dict[str, Any]) -> tuple[Release, ...]:
    return tuple(
        Release(
            entry["release"],
            tuple(
                Clause(
                    frameworks=tuple(clause["frameworks"]),
                    devices=tuple(clause.get("devices", ())),
                    devices_not=tuple(clause.get("devices_not", ())),
                    device_prefix=clause.get("device_prefix", ""),
                    excluded_prefixes=tuple(clause.get("excluded_prefixes", ())),
                )
                for clause in entry["clauses"]
            ),
        )
        for entry in data["framework_version_release"]
    )


def short_version(version: str) -> str:
    """utils.get_short_version: the first two dot-separated parts."""
    return ".".join(version.split(".")[:2])
