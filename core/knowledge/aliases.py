"""Spellings that mean one API value (aliases.toml): what enum matching alone cannot repair."""

from __future__ import annotations

from core.knowledge import read_data


def option_key_aliases() -> dict[str, str]:
    """A CompilerOptions key as people write it -> the API's spelling."""
    return dict(read_data("aliases.toml")["option_keys"])


def option_keys_in_text() -> dict[str, str]:
    """An option key the API text writes although its examples spell it otherwise -> where."""
    return dict(read_data("aliases.toml")["option_keys_in_text"])


def framework_aliases() -> dict[str, str]:
    """A framework name squashed to lower-case letters -> the API's Framework value."""
    return dict(read_data("aliases.toml")["frameworks"])
