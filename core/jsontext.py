"""JSON text from users: one place that reads it, so every parse fails the same, explained way.

`read_json` is the function the wizard's boxes read typed text with: any failure (bad syntax,
a key given twice, nesting past any request's, NaN or Infinity, a number past Python's
4,300-digit limit) becomes a `NeoConfigError` with a sentence, never a traceback. `lenient=True`
also reads the Python-style quoting the developer guide's own examples use, and
`bare_words=True` JSON a shell stripped of its quotes (`bare_words_quoted`). A request's own
CompilerOptions and DataInputConfig strings are read with `loads_last`, which takes a key given
twice (the last value) and says which, for the rules to warn.
"""

from __future__ import annotations

import ast
import json
import math
import re
import threading
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ClassVar, Generic, TypeVar

from core.errors import NeoConfigError, quote

V = TypeVar("V")

SAFE_INT = 2**53 - 1
"""The largest whole number a browser holds exactly (JavaScript's safe integer)."""


class DuplicateKeyError(ValueError):
    """A JSON object that names one key twice: json.loads would silently keep the last."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def loads_last(text: str) -> tuple[Any, tuple[str, ...]]:
    """json.loads, and the keys an object named twice (at any depth, inner objects first, as
    the reader closes them). JSON leaves such an object to the reader (RFC 8259, section 4);
    this one keeps the last value, as Python's does: a request check warns, the wizard's
    options box applies the last and says so (the shapes box keeps the text, for the check to
    warn)."""
    twice: list[str] = []

    def last_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        _note_repeated([key for key, _ in pairs], twice)
        return dict(pairs)

    return json.loads(text, object_pairs_hook=last_wins), tuple(twice)


def _note_repeated(keys: list[str], twice: list[str]) -> None:
    """Adds to twice each key one object names more than once (each key once)."""
    seen: set[str] = set()
    for key in keys:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)


def scrub(value: Any) -> tuple[Any, bool]:
    """value with lone surrogates (valid JSON escapes, but not Unicode, so no page can show
    them) replaced by '?', and whether any was."""
    changed = False

    def clean(item: Any) -> Any:
        nonlocal changed
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                changed = True
                return item.encode("utf-8", "replace").decode("utf-8")
            return item
        if isinstance(item, dict):
            return {clean(k): clean(v) for k, v in item.items()}
        if isinstance(item, list):
            return [clean(element) for element in item]
        return item

    return clean(value), changed


MAX_TEXT_CHARS = 2 * 1024 * 1024
"""No request, option or shape text comes near this; longer text is refused before parsing."""


class _NotFinite(ValueError):
    """NaN or an infinity, which JSON does not have."""


NOT_FINITE = "holds NaN or Infinity, which are not JSON numbers; write a finite number."
TOO_LONG_NUMBER = "holds a number of more than 4,300 digits; no value of a request is that long."


def too_many_digits(exc: BaseException) -> bool:
    """Whether exc is Python's limit on the digits of an integer read from text (a ValueError,
    or a SyntaxError from the parser), whose own advice (sys.set_int_max_str_digits) is no help
    to a user: say TOO_LONG_NUMBER instead."""
    return "integer string conversion" in str(exc)


def _no_constant(name: str) -> Any:
    raise _NotFinite(name)


JSON_NAMES = {"true": True, "false": False, "null": None}
"""JSON's constants, as Python text that copies JSON may name them."""


class _JsonNames(ast.NodeTransformer):
    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in JSON_NAMES:
            return ast.copy_location(ast.Constant(JSON_NAMES[node.id]), node)
        return node


def _jsonable(value: Any) -> Any:
    """A Python literal as JSON values (tuples become lists); ValueError for anything else."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _jsonable(item) for key, item in value.items()}
    raise ValueError("not a JSON value")


def _literal_tree(text: str) -> ast.expr | None:
    """The parsed expression of Python-style text (never executed); None when it is none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def python_literal(text: str) -> tuple[Any, bool] | None:
    """A Python literal as JSON values (JSON's true/false/null understood, never inside
    strings; never executed), and whether it used single quotes; None when the text is none."""
    tree = _literal_tree(text)
    if tree is None:
        return None
    single = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and not single:
            segment = ast.get_source_segment(text.strip(), node) or ""
            single = segment.lstrip("rRbBuUfF").startswith("'")
    prepared = _JsonNames().visit(tree)
    try:
        return _jsonable(ast.literal_eval(prepared)), single
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def literal_duplicates(text: str) -> tuple[str, ...]:
    """The keys a Python-style dict in text names twice (python_literal, like JSON readers,
    keeps the last value), so a rewrite as JSON can say what it dropped."""
    tree = _literal_tree(text)
    twice: list[str] = []
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            _note_repeated([key for key in keys if isinstance(key, str)], twice)
    return tuple(twice)


def literal_json(text: str) -> str | None:
    """Python-style literal text as JSON text that keeps every pair of every dict, a key named
    twice included (python_literal keeps the last), so a rewrite loses nothing typed and the
    check can warn; None when the text is no literal of JSON values."""
    tree = _literal_tree(text)
    if tree is None:
        return None
    try:
        return _json_text(_JsonNames().visit(tree))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _json_text(node: ast.AST) -> str:
    if isinstance(node, ast.Dict):
        pairs = []
        for key, value in zip(node.keys, node.values, strict=True):
            name = ast.literal_eval(key) if key is not None else None
            if not isinstance(name, str):
                raise ValueError("a key that is not a string")
            pairs.append(f"{json.dumps(name)}: {_json_text(value)}")
        return "{" + ", ".join(pairs) + "}"
    if isinstance(node, (ast.List, ast.Tuple)):
        return "[" + ", ".join(_json_text(item) for item in node.elts) + "]"
    return json.dumps(_jsonable(ast.literal_eval(node)), allow_nan=False)


_WORD = re.compile(r"[^\s{}\[\],:]+")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
SHELL_STRIPPED = (
    "lost its quotes (a shell removes the single quotes inside a single-quoted argument: "
    "'{\"DataInputConfig\": \"{'data': [1,3,224,224]}\"}' reaches the command as "
    "{data: [1,3,224,224]})"
)


def bare_words_quoted(text: str, *, decimals_as_text: bool = False) -> str | None:
    """JSON text whose names and words had lost their quotes, with them put back (numbers,
    true, false and null stay as they are): what a shell leaves of the single-quoted JSON
    inside a single-quoted argument (SHELL_STRIPPED). decimals_as_text quotes numbers with a
    point too (compiler options: cuda-ver '10.0' is text; no option takes a fraction). None
    when that does not make it a JSON object or list."""

    def quoted(found: re.Match[str]) -> str:
        token = found.group(0)
        number = _JSON_NUMBER.fullmatch(token)
        if number and decimals_as_text and not token.lstrip("-").isdigit():
            return json.dumps(token)
        return token if token in JSON_NAMES or number else json.dumps(token)

    if '"' in text or "'" in text:  # a shell leaves no quote; one name quoted beside one
        return None  # that is not is a typo, for the JSON or Python error to point at
    fixed = _WORD.sub(quoted, text)
    if fixed == text:
        return None
    try:
        value = json.loads(fixed, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    return fixed if isinstance(value, dict | list) else None


_STRING_OR_SPACE = re.compile(r'("(?:[^"\\]|\\.)*")|[ \t\n\r]+')


def without_whitespace(text: str) -> str:
    """JSON text without the whitespace between its tokens, each token as written (1E2 stays
    1E2): one line, for a pattern like CompilerOptions' `.*` matches no line break where "."
    is Java's default; a JSON string holds none unescaped."""
    return _STRING_OR_SPACE.sub(lambda found: found.group(1) or "", text)


def finite(value: Any) -> bool:
    """Whether value holds no NaN or infinity (a literal like 1e999 is one)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def read_json(
    text: str,
    what: str = "The text",
    *,
    lenient: bool = False,
    bare_words: bool = False,
    decimals_as_text: bool = False,
    last_of_repeated: bool = False,
) -> tuple[Any, bool]:
    """(value, python_style) read from user text, or NeoConfigError with a sentence.

    what names the text in the sentence ("CompilerOptions", "Input shapes"); python_style says
    the text was read as a Python-style literal (lenient only) or as JSON whose names had lost
    their quotes (bare_words only: the wizard's boxes, as Import reads them; a request sent to
    the local endpoint is no such text), so a caller can say it rewrote it as JSON;
    decimals_as_text is for that last reading (see bare_words_quoted); last_of_repeated keeps
    the last value of a key an object names twice, as a request check does (`loads_last`),
    where the text is otherwise refused.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise NeoConfigError(f"{what} is {len(text) // 1024} KB long; no request is near that.")
    try:
        pairs = dict if last_of_repeated else _unique_pairs
        return json.loads(text, object_pairs_hook=pairs, parse_constant=_no_constant), False
    except DuplicateKeyError as exc:
        raise NeoConfigError(_names_twice(what, text, exc.key)) from None
    except RecursionError:
        raise NeoConfigError(f"{what} is nested too deeply to be part of a request.") from None
    except _NotFinite:
        raise NeoConfigError(f"{what} {NOT_FINITE}") from None
    except json.JSONDecodeError as exc:
        error = exc
    except ValueError:  # Python's limit on the digits of an integer
        raise NeoConfigError(f"{what} {TOO_LONG_NUMBER}") from None
    literal = python_literal(text) if lenient else None
    if literal is not None:
        if not finite(literal[0]):
            raise NeoConfigError(f"{what} {NOT_FINITE}")
        return literal[0], True
    unquoted = bare_words_quoted(text, decimals_as_text=decimals_as_text) if bare_words else None
    if unquoted is not None:  # read as JSON is: a name given twice is said
        return read_json(unquoted, what, last_of_repeated=last_of_repeated)[0], True
    if lenient and "'" in text:  # written Python's way: JSON's "double quotes" is no help
        raise NeoConfigError(f"{what} {_python_syntax_error(text)}")
    raise NeoConfigError(
        f"{what} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
    )


def _names_twice(what: str, text: str, first: str) -> str:
    """The sentence for text whose objects name keys twice: every such key, not the first
    found alone, so one fix fixes them all."""
    twice = loads_last(text)[1] or (first,)
    keys = ", ".join(quote(key) for key in twice)
    each = " of each" if len(twice) > 1 else ""
    return f"{what} names {keys} twice; keep one{each} (JSON readers keep only the last)."


def _python_syntax_error(text: str) -> str:
    """What is wrong with text read as a Python-style value (single quotes)."""
    try:
        ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        return (
            f"cannot be read, as JSON or with single quotes: {exc.msg} at line {exc.lineno}, "
            f"column {exc.offset}."
        )
    except (ValueError, MemoryError, RecursionError):
        pass
    return (
        "cannot be read, as JSON or with single quotes: it holds something JSON cannot (a key "
        "that is not text, a name, a call)."
    )


def content_key(value: Any) -> str | None:
    """value's JSON text with its keys sorted: equal for equal content (1 and 1.0, or true and
    1, stay apart); None when value is not JSON data."""
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None


class ContentMemo(Generic[V]):
    """The last results of a function of JSON content, by content_key: every rerun of a page
    checks and renders the same draft again, and equal content gives equal results. Shared by
    the server's sessions, so it is bounded and locked."""

    _every: ClassVar[weakref.WeakSet[ContentMemo[Any]]] = weakref.WeakSet()

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[Any, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        ContentMemo._every.add(self)

    @classmethod
    def clear_all(cls) -> None:
        """Forgets every memo's results (a benchmark timing the work itself)."""
        for memo in list(cls._every):
            memo.clear()

    def get(self, key: Any) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def reuse(self, value: Any, compute: Callable[[], V], context: Hashable = None) -> V:
        """compute()'s result as remembered for equal content and context, else computed now
        and remembered; value that is not JSON data is computed every time."""
        text = content_key(value)
        if text is None:
            return compute()
        key = (text, context)
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found
