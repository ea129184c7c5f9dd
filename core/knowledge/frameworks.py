"""Per-framework conventions from frameworks.toml: versions, the SDK's list, input shapes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.knowledge import derived, read_data


@dataclass(frozen=True)
class FrameworkFacts:
    """How one framework's request is written (see frameworks.toml for the sources)."""

    name: str
    versioned: bool = False
    sdk: bool = True
    layout: str = "NCHW"
    example: str = '{"data": [1, 3, 224, 224]}'
    named: bool = True
    list_form: bool = False
    needed: bool = True


DEFAULT = FrameworkFacts(name="")
"""A framework botocore knows and the data does not: NCHW and named inputs, as most are."""


def _build(data: dict[str, Any]) -> dict[str, FrameworkFacts]:
    return {name: FrameworkFacts(name=name, **entry) for name, entry in data.items()}


def _facts() -> dict[str, FrameworkFacts]:
    return derived(read_data("frameworks.toml"), _build)


def framework_facts(framework: str | None) -> FrameworkFacts:
    return _facts().get(framework or "", DEFAULT)


def _versioned(facts: dict[str, FrameworkFacts]) -> tuple[str, ...]:
    return tuple(name for name, item in facts.items() if item.versioned)


def _sdk(facts: dict[str, FrameworkFacts]) -> tuple[str, ...]:
    return tuple(name.lower() for name, item in facts.items() if item.sdk)


def versioned_frameworks() -> tuple[str, ...]:
    """The frameworks FrameworkVersion applies to (the rules ask several times a request)."""
    return derived(_facts(), _versioned)


def sdk_frameworks() -> tuple[str, ...]:
    """The SageMaker SDK's compile() framework names (lower case, as it writes them)."""
    return derived(_facts(), _sdk)
