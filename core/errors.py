"""Errors as values: every failure the user can see carries a field path and a sentence."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a request, located by its API field path."""

    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class NeoConfigError(Exception):
    """The project's own error: the only exception core lets escape to callers."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class AwsError(NeoConfigError):
    """An AWS call that failed, translated into something a UI can show beside a field."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retryable: bool = False,
        path: str = "",
        aws_message: str = "",
    ) -> None:
        super().__init__(message, path)
        self.code = code
        self.retryable = retryable
        self.aws_message = aws_message


_LINE_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """Text with its line breaks folded to spaces: a problem is one line in the CLI and the UI."""
    return _LINE_BREAKS.sub(" ", text).strip()


def _shown(text: str) -> str:
    """text as it reads, with only what does not show escaped (a line break as \\n, a
    zero-width space as \\u200b): repr also escaped quotes and backslashes, so a message
    showed O\\'Brien for O'Brien and a\\\\b for a\\b, which copied wrong."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def quote(value: object, limit: int = 60) -> str:
    """A user's value for a message: quoted, escaped and cut, so it never spans lines."""
    if isinstance(value, str):
        return f"'{_shown(value if len(value) <= limit else value[: limit - 1] + '…')}'"
    if isinstance(value, int) and abs(value).bit_length() > 4 * limit:  # past what fits, and
        # past what Python turns into text at all (4,300 digits)
        return f"a whole number of about {int(abs(value).bit_length() * 0.30103) + 1:,} digits"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, TypeError, RecursionError):
        try:
            text = repr(value)
        except (ValueError, RecursionError):
            text = f"a {type(value).__name__} nested too deeply to show"
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
