"""What an import did, written down as it goes: repairs as sentences, problems at their paths,
and the changes of meaning it proposes (decisions), applied only when the person chose them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.errors import Problem, Severity


@dataclass(frozen=True)
class Decision:
    """A change that alters what the request means (dropping an accelerator, another target):
    never a spelling repair, so it is shown apart and applied only when chosen.

    `after` None means the member is removed. `applied` says whether this import applied it;
    `key` is what to pass back (import_text(accept=...)) to apply it on the next import.
    """

    path: str
    before: Any
    after: Any
    sentence: str
    applied: bool = False

    @property
    def key(self) -> str:
        return self.path


@dataclass
class ImportLog:
    """What an import did: repairs said as sentences, problems found on the way, and decisions.

    `accept` holds the keys of the decisions the person chose to apply; every other decision is
    recorded but not applied, so the request stays as written.
    """

    repairs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    accept: frozenset[str] = frozenset()

    @classmethod
    def accepting(cls, keys: Iterable[str] = ()) -> ImportLog:
        return cls(accept=frozenset(keys))

    def repair(self, sentence: str) -> None:
        """A change made to how a value is written (not to what it means); said once."""
        if sentence not in self.repairs:
            self.repairs.append(sentence)

    def problem(self, path: str, message: str, severity: Severity = "error") -> None:
        found = Problem(path, message, severity)
        if found not in self.problems:
            self.problems.append(found)

    def warn(self, path: str, message: str) -> None:
        self.problem(path, message, "warning")

    def decide(self, path: str, before: Any, after: Any, sentence: str) -> bool:
        """Records a change of meaning; True when the person chose to apply it."""
        applied = path in self.accept
        self.decisions.append(Decision(path, before, after, sentence, applied))
        return applied

    def paths_with_problems(self) -> set[str]:
        return {p.path for p in self.problems}

    def scratch(self) -> ImportLog:
        """An empty log with the same choices, for a reader that may not read the text."""
        return ImportLog(accept=self.accept)

    def merge(self, other: ImportLog) -> None:
        """Takes in what a scratch log recorded (its reader read the text)."""
        for sentence in other.repairs:
            self.repair(sentence)
        for problem in other.problems:
            self.problem(problem.path, problem.message, problem.severity)
        self.decisions += other.decisions
