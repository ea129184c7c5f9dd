"""The SageMaker Python SDK's compile arguments as data (sdk_arguments.toml): which call takes
which argument where, which classes carry a framework, and when FrameworkVersion is sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.knowledge import read_data


@dataclass(frozen=True)
class SdkClass:
    """A model or estimator class: its constructor's positional order and its framework."""

    name: str
    kind: str  # "model" or "estimator"
    positional: tuple[str, ...]
    framework: str | None = None
    image_base: str = "estimator"


def _data() -> dict[str, Any]:
    return read_data("sdk_arguments.toml")


def method_positional(method: str) -> tuple[str, ...]:
    """The positional order of compile, compile_model or session_compile_model."""
    return tuple(_data()["methods"][method])


def session_fields() -> dict[str, str]:
    """Session.compile_model's argument -> the request member it becomes."""
    return dict(_data()["session_fields"])


def sdk_class(name: str) -> SdkClass | None:
    """A model or estimator class by its name (the last part of a dotted name)."""
    for kind, table in (("model", "models"), ("estimator", "estimators")):
        entry = _data()[table].get(name)
        if entry is not None:
            return SdkClass(
                name,
                kind,
                tuple(entry["positional"]),
                entry.get("framework"),
                entry.get("image_base", "estimator"),
            )
    return None
