"""The developer guide's table of valid TargetPlatform combinations, as platforms.toml holds it."""

from __future__ import annotations

from core.knowledge import read_data

CPU = "CPU"
"""The "no accelerator" column of the platform tables."""


def platform_table() -> dict[str, dict[str, list[str]]]:
    """Os -> accelerator column (CPU for none) -> the Arch values the guide lists."""
    return {
        os_: table for os_, table in read_data("platforms.toml").items() if os_ != "undocumented"
    }


def undocumented_accelerators() -> tuple[str, ...]:
    """Accelerators in the API's enum that no page documents (offered with a warning only)."""
    return tuple(read_data("platforms.toml").get("undocumented", {}).get("accelerators", []))
