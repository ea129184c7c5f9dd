"""Presets: data in presets.toml, loaded into typed values (a target and its options)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import NeoConfigError
from core.knowledge import derived, read_data


@dataclass(frozen=True)
class Preset:
    """A named target and its CompilerOptions, with why it is what it is."""

    id: str
    title: str
    line: str
    device: str | None = None
    platform: dict[str, str] | None = None
    options: dict[str, Any] | str | None = None
    """An object of options, or (Inferentia) the string of Neuron flags."""
    fixed: str = ""
    why: str = ""
    as_device: str | None = None
    """The TargetDevice of the same board, for a platform preset whose board has one."""

    @property
    def kind(self) -> str:
        return "device" if self.device else "platform"

    def target_api(self) -> dict[str, Any]:
        """The TargetDevice or TargetPlatform member of OutputConfig this preset names."""
        if self.device:
            return {"TargetDevice": self.device}
        return {"TargetPlatform": dict(self.platform or {})}


def presets() -> tuple[Preset, ...]:
    """Every preset, in the data's order, made once per parse of presets.toml."""
    return derived(read_data("presets.toml"), _build)


def _build(data: dict[str, Any]) -> tuple[Preset, ...]:
    loaded = []
    for entry in data["preset"]:
        if ("device" in entry) == ("platform" in entry):
            raise NeoConfigError(f"Preset '{entry.get('id')}' must name a device or a platform.")
        loaded.append(Preset(**entry))
    return tuple(loaded)


def preset(preset_id: str) -> Preset:
    for item in presets():
        if item.id == preset_id:
            return item
    names = ", ".join(p.id for p in presets())
    raise NeoConfigError(f"No preset named '{preset_id}'; the presets are: {names}.")


def in_use(preset_id: str, target_api: dict[str, Any]) -> Preset | None:
    """The preset last applied, while the request still names its target: after a switch to
    the other target kind or a change of Os, Arch, Accelerator or device it is not."""
    chosen = next((p for p in presets() if p.id == preset_id), None)
    return chosen if chosen is not None and chosen.target_api() == target_api else None
