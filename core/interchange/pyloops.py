"""Loops in a Python snippet, walked as the code runs them where the items or the test are
known (a request's tags built by `append` in a loop), and once otherwise, which the import says:
what the loop builds may then differ from what the code sends."""

from __future__ import annotations

import ast
from collections.abc import MutableMapping
from typing import Any

from core.errors import quote
from core.interchange.holes import Unresolved, has_holes
from core.interchange.pycalls import CHANGES, Reader
from core.interchange.pyeval import SdkObject

MAX_LOOP = 1_000
"""The most passes of one loop that are walked: a request's tags and groups are a few dozen."""
ABSENT: Any = object()
"""What a walk returns when it met no `return`."""
BREAK: Any = object()
CONTINUE: Any = object()


class Loops:
    """The walker's loops; `repeating` is above 0 past a loop's first pass, where the calls
    in it are not found again (the import reads the first)."""

    ev: Reader
    loop_notes: list[str]
    repeating: int

    def walk(self, body: list[ast.stmt], env: MutableMapping[str, Any]) -> Any:
        raise NotImplementedError

    def assign(self, target: ast.expr, value: Any, env: MutableMapping[str, Any]) -> None:
        raise NotImplementedError

    def _for(self, node: ast.For | ast.AsyncFor, env: MutableMapping[str, Any]) -> Any:
        """Each known item in turn (a compile call in the loop is read at the first, and the
        import says so); over values not known, the body once."""
        items = self.ev.eval(node.iter, env)
        if isinstance(items, dict):
            items = list(items)
        if not (isinstance(items, list) and items and not has_holes(items[0])):
            self.assign(node.target, Unresolved(self.ev.origin(node.iter)), env)
            self._read_once(node, f"over {quote(self.ev.origin(node.iter))}, not known")
            returned = self.walk(node.body, env)
            if returned is BREAK:
                return ABSENT
            return self.walk(node.orelse, env) if returned in (ABSENT, CONTINUE) else returned
        if len(items) > 1:
            self.loop_notes.append(
                f"The compile call runs in a loop over {self.ev.origin(node.iter)} (line "
                f"{node.lineno}); its first item, {quote(items[0])}, was read."
            )
        try:
            for done, item in enumerate(items[:MAX_LOOP]):
                self.assign(node.target, item, env)
                returned = self._pass(node.body, env, done)
                if returned is BREAK:
                    return ABSENT
                if returned not in (ABSENT, CONTINUE):
                    return returned
        finally:
            if len(items) > 1:
                self.loop_notes.pop()
        if len(items) > MAX_LOOP:
            self._read_once(node, f"more than {MAX_LOOP:,} times")
        return self.walk(node.orelse, env)

    def _while(self, node: ast.While, env: MutableMapping[str, Any]) -> Any:
        """Pass after pass while its test is known and holds; one pass when it is not known."""
        for done in range(MAX_LOOP + 1):
            test = self.ev.eval(node.test, env)
            known = not has_holes(test) and not isinstance(test, SdkObject)
            if known and not test:
                return self.walk(node.orelse, env)
            if not known or done == MAX_LOOP:
                self._read_once(
                    node,
                    "while a value not known holds"
                    if not known
                    else f"more than {MAX_LOOP:,} times",
                )
                if done:
                    return ABSENT
            returned = self._pass(node.body, env, done)
            if returned is BREAK or (returned is CONTINUE and not known):
                return ABSENT
            if returned not in (ABSENT, CONTINUE) or not known:
                return returned
        return ABSENT

    def _pass(self, body: list[ast.stmt], env: MutableMapping[str, Any], done: int) -> Any:
        """One pass of a loop's body; past the first, the calls in it are not found again."""
        self.repeating += done > 0
        try:
            return self.walk(body, env)
        finally:
            self.repeating -= done > 0

    def _read_once(self, node: ast.For | ast.AsyncFor | ast.While, runs: str) -> None:
        """Says that a loop that builds values was not walked as the code runs it."""
        builds = any(
            isinstance(part, (ast.Assign, ast.AugAssign, ast.Delete))
            or (
                isinstance(part, ast.Call)
                and isinstance(part.func, ast.Attribute)
                and part.func.attr in CHANGES
            )
            for statement in node.body
            for part in ast.walk(statement)
        )
        if builds:
            self.ev.notes.append(
                f"The loop on line {node.lineno} runs {runs}; its body was read once, so what "
                "it builds may differ from what the code sends: check those values."
            )
