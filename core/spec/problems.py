"""Failures as people read them: pydantic's and botocore's findings as Problems at API paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.validate import ParamValidator
from pydantic import ValidationError

from core.errors import Problem, one_line, quote
from core.knowledge.rules import rule_book
from core.spec import service
from core.spec.options_nvidia import PATTERN_WORDS

_TAGS = {"device", "platform"}


def _path(
    prefix: str, loc: tuple[int | str, ...], aliases: Mapping[str, str], user_key: bool = False
) -> str:
    """The API path of a pydantic location; user_key: its last item is a key the user wrote
    (an unknown field), kept as written rather than read as one of ours. aliases maps the
    models' field names to the API's, for the locations pydantic reports by field name."""
    if user_key and loc and isinstance(loc[-1], str):
        head = _path(prefix, loc[:-1], aliases)
        return f"{head}.{loc[-1]}" if head else loc[-1]
    parts: list[str] = [prefix] if prefix else []
    items = list(loc)
    for index, item in enumerate(items):
        if isinstance(item, int):
            if parts:
                parts[-1] = f"{parts[-1]}[{item}]"
            continue
        if item == "target":
            following = items[index + 1] if index + 1 < len(items) else None
            if following == "device":
                parts.append("TargetDevice")
            elif following == "platform":
                parts.append("TargetPlatform")
            continue
        if item in _TAGS or item.startswith("function-"):
            continue
        if item == "TargetDevice" and parts and parts[-1] == "TargetDevice":
            continue
        if item == "flags" and parts and parts[-1] == "CompilerOptions":
            continue  # Neuron flags are the whole CompilerOptions string, not a key in it
        parts.append(aliases.get(item, item))
    return ".".join(parts)


def safe_key(key: str) -> str:
    """A key as it can stand in a one-line path: quoted when it holds odd characters."""
    return key if key.isprintable() and len(key) <= 60 else quote(key)


def _sentence(error: Any, path: str) -> str:
    kind = error["type"]
    label = path.rsplit(".", 1)[-1] if path else "The request"
    if kind == "missing":
        return f"{label} is required."
    if kind == "extra_forbidden":
        return f"'{label}' is not a field the API accepts here."
    if kind == "int_parsing_size":
        return f"{label} has more digits than any whole number it can take."
    if kind in ("int_parsing", "int_from_float"):
        return f"{label} takes a whole number, not {quote(error.get('input'), 40)}."
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        shown = pattern.removeprefix("^").removesuffix("$")
        form = PATTERN_WORDS.get(pattern, f"the expected form ({shown})")
        return f"{label} {quote(error.get('input'))} is not in {form}."
    message = error["msg"]
    message = message[len("Value error, ") :] if message.startswith("Value error, ") else message
    if message.startswith(("Input should ", "List should ", "String should ")):
        message = f"{label} {message.split(' ', 1)[1].replace(' after validation', '')}"
    message = one_line(message)
    return message if message.endswith((".", "?")) else f"{message}."


def problems_from(
    exc: ValidationError, prefix: str = "", aliases: Mapping[str, str] | None = None
) -> list[Problem]:
    """pydantic's errors as Problems with API field paths and one-line sentences for people."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors():
        loc = tuple(safe_key(item) if isinstance(item, str) else item for item in error["loc"])
        path = _path(prefix, loc, aliases or {}, user_key=error["type"] == "extra_forbidden")
        message = cite(error["type"], path, _sentence(error, path))
        if (path, message) not in seen:
            seen.add((path, message))
            problems.append(Problem(path, message))
    return problems


def cite(error_type: str, path: str, message: str) -> str:
    """message, ending in the citation of the [[model_check]] row behind it: a refusal the
    models make names its source as a rules.toml rule's does (a rule's message has its own)."""
    check = rule_book().model_check(error_type, path)
    return f"{message.rstrip('.')} ({check.citation})." if check else message


_TYPE_WORDS = {
    str(int): "a whole number",
    str(str): "text",
    str(dict): "an object",
    str(list): "a list",
    str(bool): "true or false",
}


def _botocore_problem(kind: str, name: str, detail: dict[str, Any]) -> Problem:
    """One ParamValidator finding as a Problem at its API path, in a sentence."""
    path = name.lstrip(".")
    label = path.rsplit(".", 1)[-1] or "The request"
    if kind == "missing required field":
        member = detail["required_name"]
        return Problem(f"{path}.{member}" if path else member, f"{member} is required.")
    if kind == "unknown field":
        key = safe_key(str(detail["unknown_param"]))
        where = f"{path}.{key}" if path else key
        takes = ", ".join(detail.get("valid_names", []))
        return Problem(where, f"'{key}' is not a field the API accepts here; it takes {takes}.")
    if kind == "invalid type":
        value = detail.get("param")
        wanted = " or ".join(
            dict.fromkeys(_TYPE_WORDS.get(t, "another type") for t in detail["valid_types"])
        )
        if value is None:
            return Problem(path, f"{label} is null; leave it out, or give {wanted}.")
        return Problem(path, f"{label} must be {wanted}, not {quote(value)}.")
    if kind in ("invalid length", "invalid range"):
        unit = " characters or items long" if kind == "invalid length" else ""
        return Problem(path, f"{label} must be at least {detail['min_allowed']}{unit}.")
    return Problem(path, f"{label} is not valid for the API ({kind}).")


def botocore_problems(api: Any) -> list[Problem]:
    """botocore's own client-side validation: the final gate before any request leaves."""
    report = ParamValidator().validate(api, service.create_operation().input_shape)
    if not report.has_errors():
        return []
    found = getattr(report, "_errors", None)  # (kind, name, details) per finding
    if not isinstance(found, list):  # another botocore: fall back to its report lines
        lines = report.generate_report().splitlines()
        return [Problem("", one_line(line.strip("- "))) for line in lines]
    return [_botocore_problem(kind, name, detail) for kind, name, detail in found]
