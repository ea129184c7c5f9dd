"""Calls in a Python snippet, read by what they do, never made: the SageMaker SDK's model and
estimator classes become SdkObjects; `json.dumps`, `os.path.join`, str and dict methods are
applied to known values; any other call (to AWS, the environment, the clock) is a value this app
cannot know, named by its source. The walker sees every call first (`on_call`)."""

from __future__ import annotations

import ast
from collections.abc import MutableMapping
from typing import Any

from core.interchange.holes import Unresolved, has_holes
from core.interchange.pyeval import Evaluator, SdkObject
from core.interchange.pyops import BUILTINS, container_method, str_method
from core.knowledge.sdk_arguments import sdk_class

CHANGES = frozenset(
    {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault",
     "sort", "reverse"}
)  # fmt: skip
"""The dict and list methods that change their value in place."""


class Reader(Evaluator):
    """The evaluator with calls: what a snippet's values are built with."""

    # ---- calls -------------------------------------------------------------------------------

    def _Call(self, node: ast.Call, env: MutableMapping[str, Any]) -> Any:
        if self.on_call is not None:
            seen = self.on_call(node, env)
            if seen is not NotImplemented:
                return seen
        func = node.func
        if isinstance(func, ast.Attribute) and not self._is_module(func.value, env):
            owner = self.eval(func.value, env)
            return self._method(node, func.attr, owner, env)
        name = self.dotted(func) or ""
        args, kwargs = self.arguments(node, env)
        return self._function(node, name, args, kwargs)

    def _is_module(self, node: ast.expr, env: MutableMapping[str, Any]) -> bool:
        """Whether `node` is a module path (json, os.path) rather than a value in the snippet."""
        while isinstance(node, ast.Attribute):
            node = node.value
        return isinstance(node, ast.Name) and node.id not in env

    def arguments(
        self, node: ast.Call, env: MutableMapping[str, Any]
    ) -> tuple[list[Any], dict[str, Any]]:
        """A call's positional and keyword values, `*args` and `**kwargs` opened where known."""
        args: list[Any] = []
        for item in node.args:
            if isinstance(item, ast.Starred):
                value = self.eval(item.value, env)
                if isinstance(value, list):
                    args.extend(value)
                else:
                    self.notes.append(f"The values in *{self.origin(item.value)} are not known.")
            else:
                args.append(self.eval(item, env))
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            value = self.eval(keyword.value, env)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif isinstance(value, dict):
                kwargs.update(value)
            else:
                self.notes.append(
                    f"The arguments in **{self.origin(keyword.value)} are not known; the others "
                    "were read."
                )
        return args, kwargs

    def _function(self, node: ast.Call, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        last = name.rsplit(".", 1)[-1]
        known = sdk_class(last)
        if known is not None:
            bound = dict(zip(known.positional, args, strict=False)) | kwargs
            return SdkObject(known, bound, self.origin(node))
        owner_class = sdk_class(name.rsplit(".", 2)[-2]) if name.count(".") >= 1 else None
        if owner_class is not None and last == "attach":
            return SdkObject(owner_class, {}, self.origin(node), attached=True)
        builtin = BUILTINS.get(name)
        if builtin is None:
            return Unresolved(self.origin(node))
        holes = [v for v in (*args, *kwargs.values()) if isinstance(v, Unresolved)]
        if holes and builtin is not BUILTINS["json.dumps"]:
            return holes[0]
        try:
            return self._adopt(builtin(args, kwargs))
        except (TypeError, ValueError, KeyError, IndexError, OverflowError, RecursionError):
            return Unresolved(self.origin(node))

    def _method(
        self, node: ast.Call, method: str, owner: Any, env: MutableMapping[str, Any]
    ) -> Any:
        args, kwargs = self.arguments(node, env)
        if isinstance(owner, (Unresolved, SdkObject)):
            return Unresolved(self.origin(node))
        holes = [v for v in (*args, *kwargs.values()) if has_holes(v)]
        if holes and isinstance(owner, str):
            return holes[0] if isinstance(holes[0], Unresolved) else Unresolved(self.origin(node))
        try:
            if isinstance(owner, str):
                return self._adopt(str_method(owner, method, args, kwargs))
            if isinstance(owner, (dict, list)):
                result = container_method(owner, method, args, kwargs)
                self.track(owner)
                return self._adopt(result)
        except (TypeError, ValueError, KeyError, IndexError, OverflowError):
            if isinstance(owner, (dict, list)) and method in CHANGES:  # the value may differ
                self.notes.append(
                    f"{self.origin(node)} on line {node.lineno} changes a value in a way this "
                    "app does not read: check what it changes."
                )
        return Unresolved(self.origin(node))
