"""Spellings that mean one API value (aliases.toml): what enum matching alone cannot repair."""

from __future__ import annotations

from core.knowledge import read_data


def option_key_aliases() -> dict[str, str]:
    """A CompilerOptions key as people write it -> the API's spelling."""
    return dict(read_data("aliases.toml")["option_keys"])


def framework_aliases() -> dict[str, str]:
    """A framework name squashed to lower-case letters -> the API's Framework value."""
    return dict(read_data("aliases.toml")["frameworks"])
