"""Curated knowledge, kept as data: what botocore cannot know about SageMaker Neo.

The TOML files in `data/` hold human names of devices, option families, valid platform
combinations, presets, framework conventions and spelling aliases, each with the page it comes
from. The modules beside this one load them into typed values; nothing here reads botocore, so
the rules that combine both live one layer up, in `core.spec`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, TypeVar

T = TypeVar("T")
_derived: dict[Callable[..., Any], tuple[dict[str, Any], Any]] = {}


@cache
def read_data(name: str) -> dict[str, Any]:
    """One data file, parsed once per process (the files ship with the code)."""
    text = resources.files("core.knowledge.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def reload() -> None:
    """Forgets the parsed files, so the next read sees them anew (tests that edit data use it)."""
    read_data.cache_clear()


def derived(data: dict[str, Any], build: Callable[[dict[str, Any]], T]) -> T:
    """build(data), made once per parsed file: validation reads the typed rules dozens of times
    a request, and rebuilding them each time cost ten times the checks themselves. Keyed by the
    parse itself (or by a value derived from it), so `reload` or a test's edited copy of the
    data is built afresh."""
    hit = _derived.get(build)
    if hit is not None and hit[0] is data:
        value: T = hit[1]
        return value
    value = build(data)
    _derived[build] = (data, value)
    return value
