"""Python expressions read, never run: literals, names assigned earlier, f-strings, `%` and
`.format` with known parts, `.upper()`, `json.dumps`, `os.path.join`, SageMaker SDK objects.
What cannot be known (a call to AWS, an environment variable) becomes an `Unresolved` that names
its source, so every other value survives. Every value built is bounded in size and depth."""

from __future__ import annotations

import ast
from collections import ChainMap
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError
from core.interchange.holes import Unresolved, cut, has_holes
from core.interchange.pyops import MAX_ITEMS, MAX_TEXT, TOO_LONG, WIDE, binop, compare, plain
from core.jsontext import JSON_NAMES
from core.knowledge.sdk_arguments import SdkClass

MAX_DEPTH = 120


class _NotKnown(Exception):
    """A comprehension's item this reader cannot build (a key not known)."""


def _bind(target: ast.expr, value: Any, scope: MutableMapping[str, Any]) -> bool:
    """A comprehension's `for k, v in ...` target bound in scope; False for other targets."""
    if isinstance(target, ast.Name):
        scope[target.id] = value
        return True
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, list):
        return len(value) == len(target.elts) and all(
            _bind(part, item, scope) for part, item in zip(target.elts, value, strict=True)
        )
    return False


@dataclass
class SdkObject:
    """A SageMaker SDK model or estimator built in the snippet, with its constructor's arguments
    (bound to their names); `source` is how the snippet names it."""

    cls: SdkClass
    args: dict[str, Any]
    source: str
    attached: bool = False


@dataclass
class UserFunction:
    """A function the snippet defines: the walker reads its body when it is called."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    scope: Any


@dataclass
class Evaluator:
    """Evaluates expressions against an environment of names; `on_call` lets the walker see calls
    first (compile calls, the snippet's own functions) and returns NotImplemented to decline."""

    imports: dict[str, str] = field(default_factory=dict)
    on_call: Callable[[ast.Call, MutableMapping[str, Any]], Any] | None = None
    notes: list[str] = field(default_factory=list)
    _sizes: dict[int, tuple[int, int]] = field(default_factory=dict)
    _keep: list[Any] = field(default_factory=list)
    _depth: int = 0

    # ---- names and sizes ---------------------------------------------------------------------

    def dotted(self, node: ast.expr) -> str | None:
        """`a.b.c` with its first part read through the imports (`np` -> numpy)."""
        if isinstance(node, ast.Name):
            return self.imports.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            head = self.dotted(node.value)
            return f"{head}.{node.attr}" if head else None
        return None

    def origin(self, node: ast.AST) -> str:
        """How a sentence names an expression: its source, short."""
        if sum(1 for _ in zip(range(60), ast.walk(node), strict=False)) >= 60:
            return f"the expression on line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            head = self.origin(node.func)
            return cut(f"{head}({'…' if node.args or node.keywords else ''})")
        return cut(ast.unparse(node))

    def track(self, value: Any) -> Any:
        """Counts a value's items and text (once per container, a shared part each time it is
        held: `[text] * 10_000` is ten thousand texts to json.dumps) and refuses one past
        MAX_ITEMS items or MAX_TEXT characters."""
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise NeoConfigError(TOO_LONG)
            return value
        if not isinstance(value, (dict, list)):
            return value
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        items, chars = 1, 0
        for key, item in pairs:
            held = self._sizes.get(id(item), (1, len(item) if isinstance(item, str) else 1))
            items, chars = (
                items + held[0],
                chars + held[1] + (len(key) if isinstance(key, str) else 0),
            )
        if items > MAX_ITEMS:
            raise NeoConfigError("The snippet builds a value far larger than any request.")
        if chars > MAX_TEXT:
            raise NeoConfigError(TOO_LONG)
        self._sizes[id(value)] = (items, chars)
        self._keep.append(value)  # so no other object takes its id while it is counted
        return value

    def _adopt(self, value: Any) -> Any:
        """A value built outside the evaluator (json.loads, a deep copy): counted item by item."""
        if isinstance(value, dict):
            for item in value.values():
                self._adopt(item)
        elif isinstance(value, list):
            for item in value:
                self._adopt(item)
        return self.track(value)

    # ---- expressions -------------------------------------------------------------------------

    def eval(self, node: ast.expr, env: MutableMapping[str, Any]) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise NeoConfigError("The snippet nests expressions too deeply to be read.")
            method = getattr(self, f"_{type(node).__name__}", None)
            if method is None:
                return Unresolved(self.origin(node))
            return method(node, env)
        finally:
            self._depth -= 1

    def _Constant(self, node: ast.Constant, env: MutableMapping[str, Any]) -> Any:
        value = node.value
        if value is None or isinstance(value, (bool, int, float, str)):
            return self.track(value)
        return Unresolved(self.origin(node))

    def _Name(self, node: ast.Name, env: MutableMapping[str, Any]) -> Any:
        if node.id in env:
            return env[node.id]
        if node.id in JSON_NAMES:
            return JSON_NAMES[node.id]
        return Unresolved(node.id)

    def _NamedExpr(self, node: ast.NamedExpr, env: MutableMapping[str, Any]) -> Any:
        value = self.eval(node.value, env)
        env[node.target.id] = value
        return value

    def _Dict(self, node: ast.Dict, env: MutableMapping[str, Any]) -> Any:
        built: dict[str, Any] = {}
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            value = self.eval(value_node, env)
            if key_node is None:  # {**other}
                if isinstance(value, dict):
                    built.update(value)
                else:
                    self.notes.append(f"The values in **{self.origin(value_node)} are not known.")
                continue
            key = self.eval(key_node, env)
            if isinstance(key, (str, int, float, bool)):
                built[str(key) if not isinstance(key, str) else key] = value
            else:
                self.notes.append(f"A key, {self.origin(key_node)}, is not known; left out.")
        return self.track(built)

    def _List(self, node: ast.List | ast.Tuple | ast.Set, env: MutableMapping[str, Any]) -> Any:
        built: list[Any] = []
        for element in node.elts:
            if isinstance(element, ast.Starred):
                value = self.eval(element.value, env)
                if isinstance(value, list):
                    built.extend(value)
                else:
                    built.append(Unresolved(self.origin(element)))
            else:
                built.append(self.eval(element, env))
        return self.track(built)

    _Tuple = _List

    def _ListComp(
        self, node: ast.ListComp | ast.GeneratorExp, env: MutableMapping[str, Any]
    ) -> Any:
        """[f(x) for x in known if ...]: each item, where every iterable and test is known."""
        built: list[Any] = []
        if not self._comprehend(
            node.generators, env, lambda scope: built.append(self.eval(node.elt, scope))
        ):
            return Unresolved(self.origin(node))
        return self.track(built)

    _GeneratorExp = _ListComp

    def _DictComp(self, node: ast.DictComp, env: MutableMapping[str, Any]) -> Any:
        built: dict[str, Any] = {}

        def add(scope: MutableMapping[str, Any]) -> None:
            key = self.eval(node.key, scope)
            if isinstance(key, str):
                built[key] = self.eval(node.value, scope)
            else:
                raise _NotKnown

        if not self._comprehend(node.generators, env, add):
            return Unresolved(self.origin(node))
        return self.track(built)

    def _comprehend(
        self,
        generators: list[ast.comprehension],
        env: MutableMapping[str, Any],
        each: Callable[[MutableMapping[str, Any]], None],
    ) -> bool:
        """Calls each(scope) for every pass of the generators; False when one is not known."""
        first, rest = generators[0], generators[1:]
        items = self.eval(first.iter, env)
        if isinstance(items, dict):
            items = list(items)
        if not isinstance(items, list) or has_holes(items) or len(items) > MAX_ITEMS:
            return False
        for item in items:
            scope: MutableMapping[str, Any] = ChainMap({}, env)
            if not _bind(first.target, item, scope):
                return False
            tests = [self.eval(test, scope) for test in first.ifs]
            if any(has_holes(test) or isinstance(test, SdkObject) for test in tests):
                return False
            if not all(tests):
                continue
            try:
                if rest and not self._comprehend(rest, scope, each):
                    return False
                if not rest:
                    each(scope)
            except _NotKnown:
                return False
        return True

    def _JoinedStr(self, node: ast.JoinedStr, env: MutableMapping[str, Any]) -> Any:
        parts: list[str] = []
        length = 0
        for part in node.values:
            value = self.eval(part, env)
            if not isinstance(value, str):
                return value if isinstance(value, Unresolved) else Unresolved(self.origin(node))
            parts.append(value)
            length += len(value)
            if length > MAX_TEXT:  # before the join builds it
                raise NeoConfigError(TOO_LONG)
        return self.track("".join(parts))

    def _FormattedValue(self, node: ast.FormattedValue, env: MutableMapping[str, Any]) -> Any:
        value = self.eval(node.value, env)
        if has_holes(value):
            return value if isinstance(value, Unresolved) else Unresolved(self.origin(node.value))
        spec = self.eval(node.format_spec, env) if node.format_spec else ""
        if not isinstance(spec, str) or WIDE.search(spec) or not plain(value):
            return Unresolved(self.origin(node.value))
        if node.conversion == ord("r"):
            value = repr(value)
        elif node.conversion in (ord("s"), ord("a")):
            value = str(value)
        try:
            return self.track(format(value, spec))
        except (ValueError, TypeError):
            return Unresolved(self.origin(node.value))

    def _BinOp(self, node: ast.BinOp, env: MutableMapping[str, Any]) -> Any:
        left, right = self.eval(node.left, env), self.eval(node.right, env)
        for side in (left, right):
            if isinstance(side, Unresolved):
                return side
        if not (plain(left) or isinstance(left, (list, dict))) or not (
            plain(right) or isinstance(right, (list, dict))
        ):
            return Unresolved(self.origin(node))
        try:
            return self.track(binop(node.op, left, right))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, KeyError, IndexError):
            return Unresolved(self.origin(node))

    def _UnaryOp(self, node: ast.UnaryOp, env: MutableMapping[str, Any]) -> Any:
        value = self.eval(node.operand, env)
        if isinstance(node.op, ast.Not) and not has_holes(value):
            return not value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(node.op, ast.USub):
                return -value
            if isinstance(node.op, ast.UAdd):
                return value
        return value if isinstance(value, Unresolved) else Unresolved(self.origin(node))

    def _BoolOp(self, node: ast.BoolOp, env: MutableMapping[str, Any]) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.eval(operand, env)
            if has_holes(value) or isinstance(value, SdkObject):
                return value if isinstance(value, Unresolved) else Unresolved(self.origin(node))
            if bool(value) == isinstance(node.op, ast.Or):
                return value
        return value

    def _Compare(self, node: ast.Compare, env: MutableMapping[str, Any]) -> Any:
        left = self.eval(node.left, env)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.eval(right_node, env)
            if not (plain(left) or isinstance(left, (list, dict))) or has_holes(right):
                return Unresolved(self.origin(node))
            result = compare(op, left, right)
            if result is None:
                return Unresolved(self.origin(node))
            if not result:
                return False
            left = right
        return True

    def _IfExp(self, node: ast.IfExp, env: MutableMapping[str, Any]) -> Any:
        test = self.eval(node.test, env)
        if not has_holes(test) and not isinstance(test, SdkObject):
            return self.eval(node.body if test else node.orelse, env)
        body, orelse = self.eval(node.body, env), self.eval(node.orelse, env)
        if body == orelse:
            return body
        if isinstance(body, SdkObject) and isinstance(orelse, SdkObject):
            return body if body.cls == orelse.cls else Unresolved(self.origin(node))
        return Unresolved(self.origin(node))

    def _Subscript(self, node: ast.Subscript, env: MutableMapping[str, Any]) -> Any:
        container = self.eval(node.value, env)
        if isinstance(node.slice, ast.Slice):
            return self._slice(node, container, env)
        index = self.eval(node.slice, env)
        try:
            if isinstance(container, dict) and isinstance(index, str) and index in container:
                return container[index]
            if isinstance(container, (list, str)) and type(index) is int:
                return container[index]
        except IndexError:
            pass
        return Unresolved(self.origin(node))

    def _slice(self, node: ast.Subscript, container: Any, env: MutableMapping[str, Any]) -> Any:
        assert isinstance(node.slice, ast.Slice)
        bounds = [
            None if part is None else self.eval(part, env)
            for part in (node.slice.lower, node.slice.upper, node.slice.step)
        ]
        ints = all(b is None or type(b) is int for b in bounds)
        if isinstance(container, (str, list)) and ints and bounds[2] != 0:
            return self.track(container[bounds[0] : bounds[1] : bounds[2]])
        return Unresolved(self.origin(node))

    def _Attribute(self, node: ast.Attribute, env: MutableMapping[str, Any]) -> Any:
        owner = self.eval(node.value, env)
        if isinstance(owner, SdkObject) and node.attr in owner.args:
            return owner.args[node.attr]
        return Unresolved(self.origin(node))
