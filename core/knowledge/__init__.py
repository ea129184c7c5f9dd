"""Curated knowledge, kept as data: what botocore cannot know about SageMaker Neo.

The TOML files in `data/` hold human names of devices, option families, valid platform
combinations, presets, framework conventions and spelling aliases, each with the page it comes
from. The modules beside this one load them into typed values; nothing here reads botocore, so
the rules that combine both live one layer up, in `core.spec`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def read_data(name: str) -> dict[str, Any]:
    """One data file, parsed once per process (the files ship with the code)."""
    text = resources.files("core.knowledge.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def reload() -> None:
    """Forgets the parsed files, so the next read sees them anew (tests that edit data use it)."""
    read_data.cache_clear()
