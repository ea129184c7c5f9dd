"""Warnings about a request the API allows but that are likely a mistake: input layouts read from
InputConfig alone, and what the catalog says of the device (its notes, whether it is described).
"""

from __future__ import annotations

from typing import Any

from core.errors import Problem
from core.spec import catalog, service
from core.spec.shapes import layout_warnings, parse_shapes
from core.spec.target import DeviceTarget, Target


def layout_hints(framework: Any, data_input_config: Any) -> list[Problem]:
    """The NHWC/NCHW hints for input shapes that parse: read from InputConfig alone, so they
    show on the Model step while the rest of the request is still unfinished."""
    if framework not in service.enum_values("Framework") or not isinstance(data_input_config, str):
        return []  # a framework the API does not know has its own error
    try:
        shapes = parse_shapes(data_input_config, framework)
    except (ValueError, RecursionError):  # a ShapeError, or digits past Python's limit: the
        return []  # shapes' own error says what is wrong
    return [
        Problem("InputConfig.DataInputConfig", hint, "warning")
        for hint in layout_warnings(shapes, framework)
    ]


def advice(
    found: list[Problem], framework: str | None, data_input_config: str | None, target: Target
) -> list[Problem]:
    """The rules' warnings (found), then the layout hints and the device's own notes."""
    warnings = [*found, *layout_hints(framework, data_input_config)]
    if isinstance(target, DeviceTarget):
        device = catalog.device(target.device)
        if device.note:
            warnings.append(Problem("OutputConfig.TargetDevice", device.note, "warning"))
        if not device.curated:
            warnings.append(
                Problem(
                    "OutputConfig.TargetDevice",
                    f"'{device.value}' is new in botocore and not yet described here; "
                    "its compiler options are not checked.",
                    "warning",
                )
            )
    return warnings
