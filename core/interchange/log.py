"""What an import did, written down as it goes: repairs as sentences, problems at their paths."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import Problem


@dataclass
class ImportLog:
    """What an import did: repairs said as sentences, and problems it found on the way."""

    repairs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def repair(self, sentence: str) -> None:
        self.repairs.append(sentence)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))
