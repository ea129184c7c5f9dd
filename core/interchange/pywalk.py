"""A Python snippet walked statement by statement, never run: names are bound as the snippet
assigns them (both sides of an if/else or try/except, a loop over each known item, the
snippet's own functions at their call), and every compilation call is found with its arguments'
values. A loop over values not known is walked once, and the import says so."""

from __future__ import annotations

import ast
import copy
import warnings
from collections import ChainMap
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError, quote
from core.interchange.holes import Unresolved, has_holes
from core.interchange.pycalls import Reader
from core.interchange.pyeval import SdkObject, UserFunction
from core.interchange.pyloops import ABSENT, BREAK, CONTINUE, Loops
from core.jsontext import TOO_LONG_NUMBER, too_many_digits
from core.spec import service

MAX_STATEMENTS = 50_000
MAX_INLINE = 4
NEO_KEYWORDS = frozenset(
    {
        "target_instance_family", "input_shape", "output_path", "target_platform_os",
        "target_platform_arch", "target_platform_accelerator", "compile_max_run",
        "compiler_options",
    }
)  # fmt: skip
"""Arguments only a Neo compile call takes (Keras' compile takes optimizer, loss, ...)."""


@dataclass
class FoundCall:
    """A compilation call: which one, on what, with which values, where."""

    method: str  # create_compilation_job | compile | compile_model | session_compile_model
    receiver: Any
    receiver_text: str
    args: list[Any]
    kwargs: dict[str, Any]
    line: int
    notes: list[str] = field(default_factory=list)


@dataclass
class Snippet:
    calls: list[FoundCall]
    dicts: list[dict[str, Any]]
    env: MutableMapping[str, Any]
    notes: list[str]


def _request_like(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    names = {str(key).replace("_", "").lower() for key in value}
    return bool(names & {"compilationjobname", "inputconfig", "outputconfig"})


class Walker(Loops):
    """Walks one module; `run()` returns what it found."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.ev = Reader(on_call=self._on_call)
        self.calls: list[FoundCall] = []
        self.dicts: list[dict[str, Any]] = []
        self.loop_notes: list[str] = []
        # (calls found by then, the sentence) for each loop exit on a value not known
        self.unknown_exits: list[tuple[int, str]] = []
        self.statements = 0
        self.inline_depth = 0
        self.functions: list[UserFunction] = []
        self.called: set[int] = set()
        self.repeating = 0  # inside a loop's second pass or later: its calls are found once

    def run(self) -> Snippet:
        env: ChainMap[str, Any] = ChainMap({})
        self.walk(self.tree.body, env)
        # functions never called, their inputs unknown; the last first, as tests call helpers
        for function in reversed(self.functions):
            if id(function.node) not in self.called:
                self._call_function(function, [], {}, called=False)
        # an exit not known matters only to a call found after it: the usual polling loop
        # after create_compilation_job was warned about (check what the loop builds)
        found = len(self.calls)
        self.ev.notes += [note for before, note in self.unknown_exits if before < found]
        return Snippet(self.calls, self.dicts, env, self.ev.notes)

    # ---- statements --------------------------------------------------------------------------

    def walk(self, body: list[ast.stmt], env: MutableMapping[str, Any]) -> Any:
        """Walks statements; returns the value of a `return`, or ABSENT."""
        for statement in body:
            self.statements += 1
            if self.statements > MAX_STATEMENTS:
                raise NeoConfigError(
                    "The snippet is too long to be read; paste only the compile code."
                )
            returned = self.statement(statement, env)
            if returned is not ABSENT:
                return returned
        return ABSENT

    def statement(self, node: ast.stmt, env: MutableMapping[str, Any]) -> Any:
        if isinstance(node, ast.Return):
            return self.ev.eval(node.value, env) if node.value else None
        if isinstance(node, (ast.Break, ast.Continue)):
            return BREAK if isinstance(node, ast.Break) else CONTINUE
        if isinstance(node, ast.Delete):
            for target in node.targets:
                self._delete(target, env)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self._import(node)
        elif isinstance(node, ast.Assign):
            value = self.ev.eval(node.value, env)
            for target in node.targets:
                self.assign(target, value, env)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.assign(node.target, self.ev.eval(node.value, env), env)
        elif isinstance(node, ast.AugAssign):
            combined = ast.BinOp(left=_load(node.target), op=node.op, right=node.value)
            self.assign(node.target, self.ev.eval(ast.fix_missing_locations(combined), env), env)
        elif isinstance(node, ast.Expr):
            value = self.ev.eval(node.value, env)
            if _request_like(value):
                self.dicts.append(value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = UserFunction(node, env)
            env[node.name] = function
            self.functions.append(function)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions.append(UserFunction(item, env))
        elif isinstance(node, ast.If):
            test = self.ev.eval(node.test, env)
            if has_holes(test) or isinstance(test, SdkObject):
                return self.branches([node.body, node.orelse], env, node.lineno)
            return self.walk(node.body if test else node.orelse, env)
        elif isinstance(node, ast.Try | ast.TryStar):
            paths = [node.body + node.orelse] + [h.body for h in node.handlers]
            returned = self.branches(paths, env, node.lineno)
            finally_returned = self.walk(node.finalbody, env)
            return returned if finally_returned is ABSENT else finally_returned
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            return self._for(node, env)
        elif isinstance(node, ast.While):
            return self._while(node, env)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for context in node.items:
                if context.optional_vars is not None:
                    origin = Unresolved(self.ev.origin(context.context_expr))
                    self.assign(context.optional_vars, origin, env)
            return self.walk(node.body, env)
        elif isinstance(node, ast.Match):
            return self.branches([case.body for case in node.cases], env, node.lineno)
        return ABSENT

    def branches(
        self, paths: list[list[ast.stmt]], env: MutableMapping[str, Any], line: int
    ) -> Any:
        """Each path walked on its own; a name set differently by two paths is known only when
        one of them gives a known value (the usual `try: role = get_execution_role()` with a
        literal in `except`), and is named with its choices otherwise."""
        scopes: list[dict[str, Any]] = []
        returned: Any = ABSENT
        for path in paths:
            scope: dict[str, Any] = {}
            result = self.walk(path, ChainMap(scope, env))
            returned = result if returned is ABSENT else returned
            scopes.append(scope)
        if returned in (BREAK, CONTINUE):
            self.unknown_exits.append(
                (
                    len(self.calls),
                    f"Whether a loop goes on depends on line {line}, which reads a value not "
                    "known; it was read as if it does not: check what the loop builds.",
                )
            )
        for name in dict.fromkeys(name for scope in scopes for name in scope):
            values = [scope.get(name, env.get(name, ABSENT)) for scope in scopes]
            known = [v for v in values if v is not ABSENT and not has_holes(v)]
            distinct = [v for i, v in enumerate(known) if v not in known[:i]]
            if len(distinct) == 1:
                env[name] = distinct[0]
            elif not distinct:
                env[name] = next(v for v in values if v is not ABSENT)
            else:
                choices = " or ".join(quote(v) for v in distinct[:3])
                env[name] = Unresolved(
                    name,
                    f"{{label}} comes from {quote(name)}, which is {choices} depending on the "
                    f"branch taken at line {line}: choose one.",
                )
        return returned

    def _delete(self, target: ast.expr, env: MutableMapping[str, Any]) -> None:
        """`del request["Tags"]`: the key is gone from what the call sends."""
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._delete(element, env)
        elif isinstance(target, ast.Name):
            env[target.id] = Unresolved(target.id)
        elif isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Slice):
            container, key = self.ev.eval(target.value, env), self.ev.eval(target.slice, env)
            if _member(container, key):
                del container[key]
            elif isinstance(container, (dict, list)):
                self.ev.notes.append(
                    f"Line {target.lineno} deletes {quote(self.ev.origin(target))}, which was "
                    "not found: check that value."
                )
        elif isinstance(target, ast.Attribute):
            owner = self.ev.eval(target.value, env)
            if isinstance(owner, SdkObject):
                owner.args.pop(target.attr, None)

    def assign(self, target: ast.expr, value: Any, env: MutableMapping[str, Any]) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
            if _request_like(value):
                self.dicts.append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = value if isinstance(value, list) and len(value) == len(target.elts) else None
            for index, element in enumerate(target.elts):
                part = parts[index] if parts is not None else Unresolved(self.ev.origin(element))
                self.assign(element, part, env)
        elif isinstance(target, ast.Subscript):
            container = self.ev.eval(target.value, env)
            key: Any = None
            if not isinstance(target.slice, ast.Slice):
                key = self.ev.eval(target.slice, env)
            if isinstance(container, dict) and isinstance(key, str):
                container[key] = value
                self.ev.track(container)
            elif isinstance(container, list) and _member(container, key):
                container[key] = value
        elif isinstance(target, ast.Attribute):
            owner = self.ev.eval(target.value, env)
            if isinstance(owner, SdkObject):
                owner.args[target.attr] = value

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            if isinstance(node, ast.Import):
                local = alias.asname or alias.name.split(".")[0]
                self.ev.imports[local] = alias.name if alias.asname else local
            elif alias.name != "*":
                self.ev.imports[alias.asname or alias.name] = f"{node.module or ''}.{alias.name}"

    # ---- calls -------------------------------------------------------------------------------

    def _on_call(self, node: ast.Call, env: MutableMapping[str, Any]) -> Any:
        func = node.func
        if isinstance(func, ast.Name) and isinstance(env.get(func.id), UserFunction):
            args, kwargs = self.ev.arguments(node, env)
            return self._call_function(env[func.id], args, kwargs, called=True)
        if not isinstance(func, ast.Attribute):
            return NotImplemented
        keywords = {k.arg for k in node.keywords}
        method, receiver = func.attr, None
        if method == "compile_model" and keywords & {"input_model_config", "output_model_config"}:
            method = "session_compile_model"
        elif method in ("compile", "compile_model"):
            receiver = self.ev.eval(func.value, env)
            if not (isinstance(receiver, SdkObject) or keywords & NEO_KEYWORDS):
                first = node.args[0] if len(node.args) >= 3 else None
                if not (
                    isinstance(first, ast.Constant) and first.value in service.target_devices()
                ):
                    return NotImplemented
        elif method != "create_compilation_job":
            return NotImplemented
        args, kwargs = self.ev.arguments(node, env)
        if self.repeating:  # found at the loop's first pass
            return Unresolved(self.ev.origin(node))
        self.calls.append(
            FoundCall(
                method,
                receiver,
                _receiver_text(self.ev.origin(func.value), func.value),
                copy.deepcopy(args),
                copy.deepcopy(kwargs),
                node.lineno,
                list(self.loop_notes),
            )
        )
        return Unresolved(self.ev.origin(node))

    def _call_function(
        self, function: UserFunction, args: list[Any], kwargs: dict[str, Any], *, called: bool
    ) -> Any:
        node = function.node
        if self.inline_depth >= MAX_INLINE:
            return Unresolved(f"{node.name}()")
        self.called.add(id(node))
        params = node.args
        names = [a.arg for a in (*params.posonlyargs, *params.args)]
        defaults = dict(
            zip(names[len(names) - len(params.defaults) :], params.defaults, strict=True)
        )
        defaults |= {
            a.arg: d for a, d in zip(params.kwonlyargs, params.kw_defaults, strict=True) if d
        }
        scope: dict[str, Any] = dict(zip(names, args, strict=False))
        for name in [*names, *(a.arg for a in params.kwonlyargs)]:
            if name in kwargs:
                scope[name] = kwargs[name]
            elif name not in scope:
                default = defaults.get(name)
                scope[name] = (
                    self.ev.eval(default, function.scope)
                    if default is not None
                    else Unresolved(name if called else f"the parameter {name} of {node.name}()")
                )
        self.inline_depth += 1
        try:
            returned = self.walk(node.body, ChainMap(scope, function.scope))
        finally:
            self.inline_depth -= 1
        return None if returned is ABSENT else returned


def _member(container: Any, key: Any) -> bool:
    """Whether key names a member of container: a dict's key, a list's index (True is none)."""
    if isinstance(container, dict):
        return isinstance(key, str) and key in container
    return (
        isinstance(container, list) and type(key) is int and -len(container) <= key < len(container)
    )


def _receiver_text(text: str, node: ast.expr) -> str:
    """How a sentence names the object a method is called on: in brackets unless a plain name."""
    return text if isinstance(node, (ast.Name, ast.Attribute, ast.Call)) else f"({text})"


def _load(target: ast.expr) -> ast.expr:
    """An assignment target read as a value (for `x += 1`)."""
    loaded = copy.copy(target)
    loaded.ctx = ast.Load()  # type: ignore[attr-defined]  # every assignable target has one
    return loaded


def walk_module(text: str) -> Snippet:
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like: not ours to say
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        if too_many_digits(exc):
            raise NeoConfigError(f"The Python snippet {TOO_LONG_NUMBER}") from None
        raise NeoConfigError(f"The Python snippet does not parse ({exc}).") from None
    return Walker(tree).run()
