"""A preset as the API takes it: its OutputConfig, assembled where every OutputConfig is."""

from __future__ import annotations

from typing import Any

from core.knowledge.presets import Preset
from core.spec.options import compiler_options_json
from core.spec.target import output_config_dict

PLACEHOLDER_LOCATION = "s3://your-bucket/compiled/"


def preset_options(chosen: Preset) -> str | None:
    """The preset's CompilerOptions string (Neuron flags: one JSON-encoded string)."""
    return None if chosen.options is None else compiler_options_json(chosen.options)


def preset_output_config(chosen: Preset, location: str = PLACEHOLDER_LOCATION) -> dict[str, Any]:
    """The OutputConfig a preset describes (with a placeholder location unless one is given)."""
    return output_config_dict(location, chosen.target_api(), preset_options(chosen))
