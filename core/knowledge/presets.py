"""Presets: data in presets.toml, loaded into typed values that build an OutputConfig fragment."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from core.errors import NeoConfigError
from core.options import compiler_options_json


@dataclass(frozen=True)
class Preset:
    """A named target and its CompilerOptions, with why it is what it is."""

    id: str
    title: str
    line: str
    device: str | None = None
    platform: dict[str, str] | None = None
    options: dict[str, Any] | str | None = None
    fixed: str = ""
    why: str = ""

    @property
    def kind(self) -> str:
        return "device" if self.device else "platform"

    def target_api(self) -> dict[str, Any]:
        if self.device:
            return {"TargetDevice": self.device}
        return {"TargetPlatform": dict(self.platform or {})}

    def options_api(self) -> str | None:
        if self.options is None:
            return None
        return compiler_options_json(self.options)

    def output_config(
        self, s3_output_location: str = "s3://your-bucket/compiled/"
    ) -> dict[str, Any]:
        """The OutputConfig this preset describes, as the API takes it."""
        config: dict[str, Any] = {"S3OutputLocation": s3_output_location, **self.target_api()}
        options = self.options_api()
        if options is not None:
            config["CompilerOptions"] = options
        return config


@cache
def presets() -> tuple[Preset, ...]:
    text = resources.files("core.data").joinpath("presets.toml").read_text(encoding="utf-8")
    entries = tomllib.loads(text)["preset"]
    loaded = []
    for entry in entries:
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
