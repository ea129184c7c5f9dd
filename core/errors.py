"""Errors as values: every failure the user can see carries a field path and a sentence."""

from __future__ import annotations

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
