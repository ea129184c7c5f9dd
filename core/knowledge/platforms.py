"""The developer guide's table of valid TargetPlatform combinations, as platforms.toml holds it."""

from __future__ import annotations

from typing import Any

from core.knowledge import derived, read_data

CPU = "CPU"
"""The "no accelerator" column of the platform tables."""


def _documented(data: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    return {os_: table for os_, table in data.items() if os_ != "undocumented"}


def platform_table() -> dict[str, dict[str, list[str]]]:
    """Os -> accelerator column (CPU for none) -> the Arch values the guide lists (made once per
    parse: every TargetPlatform checked reads it)."""
    return derived(read_data("platforms.toml"), _documented)


def undocumented_accelerators() -> tuple[str, ...]:
    """Accelerators in the API's enum that no page documents (offered with a warning only)."""
    return tuple(read_data("platforms.toml").get("undocumented", {}).get("accelerators", []))
