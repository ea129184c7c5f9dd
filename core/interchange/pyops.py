"""What the Python reader does with values it knows: operators, str and dict methods, and the
functions it reads by what they do (`json.dumps`, `os.path.join`, `str`, ...). Each refuses
(TypeError/ValueError) what it does not read, and none builds text past MAX_TEXT: each measures
what it would build first (`[text] * 10_000` is cheap, its json.dumps is not)."""

from __future__ import annotations

import ast
import copy
import json
import posixpath
import re
import string
from collections.abc import Callable
from typing import Any

from core.errors import NeoConfigError
from core.interchange.holes import JsonText, has_holes

MAX_TEXT = 1_000_000
MAX_ITEMS = 20_000
"""The most containers and items one value may hold: a request has a few dozen."""
TOO_LONG = "The snippet builds text far longer than any request."
WIDE = re.compile(r"\d{4,}")  # a field width of thousands of characters is no request's
_STR_METHODS = {
    "upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize", "casefold",
    "removeprefix", "removesuffix", "replace", "zfill", "split", "rsplit",
}  # fmt: skip


def str_method(text: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """text.method(*args, **kwargs) for the methods a request is built with."""
    if method == "format":
        return format_text(text, args, kwargs)
    items = args[0] if len(args) == 1 and isinstance(args[0], list) else None
    if method == "join" and items is not None and all(isinstance(i, str) for i in items):
        _bounded(len(text) * max(len(items) - 1, 0) + sum(len(item) for item in items))
        return text.join(items)
    if method in _STR_METHODS and all(plain(v) for v in (*args, *kwargs.values())):
        if method in ("replace", "zfill") and len(text) * (1 + len(str(args))) > MAX_TEXT:
            raise ValueError("too long")
        return getattr(text, method)(*args, **kwargs)
    raise ValueError(f"str.{method} is not read")


def container_method(
    owner: dict[str, Any] | list[Any], method: str, args: list[Any], kwargs: dict[str, Any]
) -> Any:
    """The dict and list methods a request is built (and trimmed) with, on the snippet's own
    values: a `pop` not read left a field in the request that the code takes out."""
    if kwargs and not (method == "update" and isinstance(owner, dict)):
        raise ValueError("keyword arguments are not read")
    if method == "clear" and not args:
        owner.clear()
        return None
    if isinstance(owner, list):
        return _list_method(owner, method, args)
    if method == "pop" and args and isinstance(args[0], str) and len(args) <= 2:
        if args[0] not in owner and len(args) == 1:
            raise KeyError(args[0])
        return owner.pop(args[0], *args[1:])
    if method in ("items", "keys", "values") and not args:  # read: nothing changes
        views = {"items": [[k, v] for k, v in owner.items()], "keys": list(owner)}
        return views.get(method, list(owner.values()))
    if method == "get" and args and isinstance(args[0], str):
        return owner.get(args[0], args[1] if len(args) > 1 else None)
    if method == "copy" and not args:
        return dict(owner)
    if method == "update":
        for extra in args:
            if not isinstance(extra, dict):
                raise ValueError("not a dict")
            owner.update(extra)
        owner.update(kwargs)
        return None
    if method == "setdefault" and args and isinstance(args[0], str):
        return owner.setdefault(args[0], args[1] if len(args) > 1 else None)
    raise ValueError(f"dict.{method} is not read")


def _list_method(owner: list[Any], method: str, args: list[Any]) -> Any:
    if method == "append" and len(args) == 1:
        owner.append(args[0])
        return None
    if method == "extend" and len(args) == 1 and isinstance(args[0], list):
        owner.extend(args[0])
        return None
    if method == "insert" and len(args) == 2 and type(args[0]) is int:
        owner.insert(args[0], args[1])
        return None
    if method == "pop" and len(args) <= 1 and all(type(a) is int for a in args):
        return owner.pop(*args)
    if method == "remove" and len(args) == 1 and not has_holes(args[0]):
        owner.remove(args[0])
        return None
    raise ValueError(f"list.{method} is not read")


def _bounded(length: int) -> None:
    """Refuses text of that length before it is built (it is refused once built anyway)."""
    if length > MAX_TEXT:
        raise NeoConfigError(TOO_LONG)


def written_size(value: Any) -> int:
    """The characters value holds as written out (json.dumps, a join): a part shared n times
    counts n times, each container is walked once. Refuses past MAX_TEXT as soon as it is."""
    sizes: dict[int, int] = {}

    def size(item: Any) -> int:
        if isinstance(item, str):
            return len(item) + 2
        if not isinstance(item, (dict, list)):
            return 24
        if id(item) in sizes:
            return sizes[id(item)]
        sizes[id(item)] = MAX_TEXT + 1  # a container inside itself never ends
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        total = 2
        for key, part in pairs:
            total += size(part) + (len(key) + 4 if isinstance(key, str) else 2)
            _bounded(total)
        sizes[id(item)] = total
        return total

    return size(value)


def plain(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def binop(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(op, ast.BitOr) and isinstance(left, dict) and isinstance(right, dict):
        return left | right
    if isinstance(op, ast.Add):
        if isinstance(left, str) != isinstance(right, str):
            raise TypeError("str and non-str")
        return left + right
    if isinstance(op, ast.Mod) and isinstance(left, str):
        if WIDE.search(left):
            raise ValueError("too wide")
        values = (
            right
            if isinstance(right, list)
            else list(right.values())
            if isinstance(right, dict)
            else [right]
        )
        _bounded(_filled(left, left.count("%"), values))
        return left % (tuple(right) if isinstance(right, list) else right)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    if isinstance(op, ast.Mult):
        if isinstance(left, (str, list)) or isinstance(right, (str, list)):
            count, repeated = (right, left) if isinstance(right, int) else (left, right)
            if not isinstance(count, int) or count > 10_000:
                raise ValueError("too long")
            if isinstance(repeated, str):
                _bounded(len(repeated) * count)
            elif len(repeated) * count > MAX_ITEMS:
                raise NeoConfigError("The snippet builds a value far larger than any request.")
        elif not numbers or abs(left) > 2**63 or abs(right) > 2**63:
            raise ValueError("not numbers")
        return left * right
    if not numbers or abs(left) > 2**63 or abs(right) > 2**63:
        raise ValueError("not numbers")
    if isinstance(op, ast.Pow):
        if abs(right) > 64 or abs(left) > 2**16:
            raise ValueError("too large")
        return left**right
    operations: dict[type, Callable[[Any, Any], Any]] = {
        ast.Sub: lambda a, b: a - b,
        ast.Div: lambda a, b: a / b,
        ast.FloorDiv: lambda a, b: a // b,
        ast.Mod: lambda a, b: a % b,
    }
    return operations[type(op)](left, right)


def compare(op: ast.cmpop, left: Any, right: Any) -> bool | None:
    try:
        if isinstance(op, ast.Eq):
            return bool(left == right)
        if isinstance(op, ast.NotEq):
            return bool(left != right)
        if isinstance(op, ast.Is):
            return left is None and right is None if right is None else None
        if isinstance(op, ast.IsNot):
            return left is not None if right is None else None
        if isinstance(op, ast.In):
            return left in right
        if isinstance(op, ast.NotIn):
            return left not in right
        if type(op) in _ORDER and _ordered(left, right):
            return bool(_ORDER[type(op)](left, right))
    except TypeError:
        return None
    return None


_ORDER: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _ordered(left: Any, right: Any) -> bool:
    """Numbers with numbers, text with text: what `<` compares in a loop's test."""
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    return numbers or (isinstance(left, str) and isinstance(right, str))


def format_text(text: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    """str.format with plain fields only (no attribute or index lookups, no huge widths)."""
    for _, name, spec, _ in string.Formatter().parse(text):
        if (name and not re.fullmatch(r"\w*", name)) or (spec and WIDE.search(spec)):
            raise ValueError("field not read")
    if not all(plain(v) for v in (*args, *kwargs.values())):
        raise ValueError("values not plain")
    _bounded(_filled(text, text.count("{"), [*args, *kwargs.values()]))
    return text.format(*args, **kwargs)


def _filled(template: str, fields: int, values: list[Any]) -> int:
    """At most how long a template gets filled: each field takes the longest value, padded to
    a width of at most three digits (WIDE refuses wider)."""
    longest = max((len(str(v)) if plain(v) else written_size(v) for v in values), default=0)
    return len(template) + fields * (longest + 999)


def _dumps(args: list[Any], kwargs: dict[str, Any]) -> Any:
    if len(args) != 1:
        raise TypeError("json.dumps takes one value")
    if has_holes(args[0]):
        return JsonText(args[0])
    indent = kwargs.get("indent")
    if indent is not None and (type(indent) is not int or not 0 <= indent <= 8):
        indent = None
    separators = kwargs.get("separators")
    separators = tuple(separators) if isinstance(separators, list) else None
    _bounded(written_size(args[0]) * (6 if kwargs.get("ensure_ascii", True) else 1))
    return json.dumps(args[0], indent=indent, separators=separators)


def _loads(args: list[Any], kwargs: dict[str, Any]) -> Any:
    if len(args) != 1 or not isinstance(args[0], str):
        raise TypeError("json.loads takes text")
    return json.loads(args[0])


def _join(args: list[Any], kwargs: dict[str, Any]) -> str:
    if not args or not all(isinstance(a, str) for a in args):
        raise TypeError("paths are text")
    return posixpath.join(*args)


def _s3_path_join(args: list[Any], kwargs: dict[str, Any]) -> str:
    """sagemaker.s3.s3_path_join: parts joined with single slashes, s3:// kept."""
    if not args or not all(isinstance(a, str) for a in args):
        raise TypeError("paths are text")
    parts = [part.strip("/") for part in args if part.strip("/")]
    joined = "/".join(parts)
    if args[0].startswith("s3://"):
        joined = "s3://" + joined.removeprefix("s3:").lstrip("/")
    return joined


def _convert(kind: type) -> Callable[[list[Any], dict[str, Any]], Any]:
    def convert(args: list[Any], kwargs: dict[str, Any]) -> Any:
        if len(args) != 1 or kwargs or not plain(args[0]):
            raise TypeError("one plain value")
        if kind is int and isinstance(args[0], str) and len(args[0].strip()) > 20:
            raise ValueError("too long")
        return kind(args[0])

    return convert


def _dict(args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    base = copy.copy(args[0]) if args else {}
    if not isinstance(base, dict):
        raise TypeError("dict of a dict")
    return base | kwargs


def _list(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    if len(args) != 1 or not isinstance(args[0], list):
        raise TypeError("list of a list")
    return list(args[0])


def _deepcopy(args: list[Any], kwargs: dict[str, Any]) -> Any:
    if len(args) != 1:
        raise TypeError("one value")
    return copy.deepcopy(args[0])


def _copy(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """copy.copy: the parts stay shared, so an edit of one copy's parts shows in both."""
    if len(args) != 1:
        raise TypeError("one value")
    return copy.copy(args[0])


def _range(args: list[Any], kwargs: dict[str, Any]) -> list[int]:
    if kwargs or not 1 <= len(args) <= 3 or not all(type(a) is int for a in args):
        raise TypeError("range of whole numbers")
    if len(range(*args)) > MAX_ITEMS:
        raise ValueError("too long")
    return list(range(*args))


BUILTINS: dict[str, Callable[[list[Any], dict[str, Any]], Any]] = {
    "json.dumps": _dumps,
    "json.loads": _loads,
    "os.path.join": _join,
    "posixpath.join": _join,
    "sagemaker.s3.s3_path_join": _s3_path_join,
    "s3_path_join": _s3_path_join,
    "sagemaker.s3_utils.s3_path_join": _s3_path_join,
    "str": _convert(str),
    "int": _convert(int),
    "float": _convert(float),
    "dict": _dict,
    "list": _list,
    "tuple": _list,
    "copy.deepcopy": _deepcopy,
    "copy.copy": _copy,
    "range": _range,
}
"""Functions read by what they do; `from json import dumps` is found through the imports."""
