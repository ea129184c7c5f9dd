"""JSON as people write it: comments (`#`, `//`, `/* */`), trailing commas, a file name on the
first line, Python quoting (`'`, True/None), the API reference's escaped strings, text
backslash-escaped from inside another string. Each fix is said once, and only when made."""

from __future__ import annotations

import json
import re
from typing import Any

from core.errors import NeoConfigError, quote
from core.interchange.log import ImportLog
from core.jsontext import literal_duplicates, literal_json, python_literal

_FILE_LINE = re.compile(
    r"\s*(?:[$>]\s*)?(?:(?:cat|type|more|less|head|vi|vim|nano)\s+)?(?:#|//)?\s*"
    r"(?:file(?:name)?\s*[:=]\s*)?[\w.\-/\\~]+\.(?:json|ya?ml|txt|js|jsonc)\s*:?\s*",
    re.IGNORECASE,
)
_DOUBLED = re.compile(r'(:\s*)""([^"\n]+?)""(?=\s*(?:[,}\]]|$))', re.MULTILINE)


def loads(text: str, log: ImportLog) -> Any:
    """json.loads that reports a key given twice instead of silently keeping the last value."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                said_twice(log, key, found[key], value)
            found[key] = value
        return found

    return json.loads(text, object_pairs_hook=pairs)


def said_twice(log: ImportLog, key: str, first: Any, last: Any) -> None:
    """A key given twice with two values, whatever the format: the reader kept the last."""
    if first != last:
        log.problem(
            "",
            f"{quote(key)} is given twice, as {quote(first)} and {quote(last)}; the last was "
            "kept: keep only the one you mean.",
        )


def _skip_string(text: str, start: int) -> int:
    """Index just past the string literal opening at start (or the end of the text)."""
    quote_char, index = text[start], start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == quote_char or char == "\n":
            return index + 1
        index += 1
    return index


def strip_comments(text: str) -> tuple[str, list[str]]:
    """text without comments outside strings, line breaks kept; and the kinds it had."""
    out: list[str] = []
    kinds: list[str] = []
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char in "\"'":
            end = _skip_string(text, index)
            out.append(text[index:end])
            index = end
        elif char == "#" or text.startswith("//", index):
            kind = "#" if char == "#" else "//"
            kinds += [] if kind in kinds else [kind]
            end = text.find("\n", index)
            index = size if end < 0 else end
        elif text.startswith("/*", index):
            kinds += [] if "/* */" in kinds else ["/* */"]
            end = text.find("*/", index + 2)
            skipped = text[index : size if end < 0 else end + 2]
            out.append("\n" * skipped.count("\n"))
            index = size if end < 0 else end + 2
        else:
            out.append(char)
            index += 1
    if not kinds:
        return text, []
    lines = "".join(out).split("\n")
    return "\n".join(line.rstrip() for line in lines), kinds


def drop_trailing_commas(text: str) -> tuple[str, int]:
    """text without commas that stand right before a closing } or ] (outside strings)."""
    out: list[str] = []
    dropped, index, size = 0, 0, len(text)
    while index < size:
        char = text[index]
        if char in "\"'":
            end = _skip_string(text, index)
            out.append(text[index:end])
            index = end
            continue
        if char == ",":
            ahead = index + 1
            while ahead < size and text[ahead] in " \t\r\n":
                ahead += 1
            if ahead < size and text[ahead] in "}]":
                dropped += 1
                index += 1
                continue
        out.append(char)
        index += 1
    return "".join(out), dropped


def _file_name_line(text: str) -> tuple[str, str] | None:
    first, _, rest = text.partition("\n")
    if _FILE_LINE.fullmatch(first) and rest.lstrip().startswith(("{", "[", '"')):
        return first.strip(), rest
    return None


def _unescaped(text: str) -> str | None:
    """Text copied from inside a JSON string ({\\"a\\": 1}), unescaped; None if it is not."""
    if '\\"' not in text:
        return None
    try:
        inner = json.loads('"' + text.strip() + '"', strict=False)
    except (json.JSONDecodeError, RecursionError):
        return None
    return inner if isinstance(inner, str) and inner.lstrip().startswith(("{", '"')) else None


def attempt(text: str, log: ImportLog) -> tuple[bool, Any]:
    """(True, value) when text is JSON, its duplicate keys said in log; (False, None) if not."""
    scratch = log.scratch()
    try:
        value = loads(text, scratch)
    except json.JSONDecodeError:
        return False, None
    log.merge(scratch)
    return True, value


_HEADING = re.compile(r"^[ \t]*[\u2022\u00b7\u25aa\u25e6\u2023][ \t]+([^:{}\"'\n]+?)[ \t]*$", re.M)
"""A bullet line of the reference's list of examples ("  \u2022 Raspberry Pi 3 Model B+"):
typographic bullets only, so a YAML list ("- sg-0123") is never read as one."""


def _headed_example(text: str, log: ImportLog) -> str:
    """The example under the one bullet heading the text holds (the heading and any prose
    above it left out, said as a repair); text as it is without one. Several: NeoConfigError
    naming them, for the reader cannot know which example was meant."""
    headings = list(_HEADING.finditer(text))
    if not headings or "{" in text[: headings[0].start()]:
        return text
    if len(headings) > 1:
        names = ", ".join(quote(found[1]) for found in headings)
        raise NeoConfigError(
            f"The text holds {len(headings)} of the reference's examples ({names}); paste the "
            "one to import, with or without its heading."
        )
    log.repair(
        f"Left out the heading {quote(headings[0][1])}"
        + (" and the text above it" if text[: headings[0].start()].strip() else "")
        + ": a title in the reference's list of examples, not part of the example."
    )
    return text[headings[0].end() :].strip()


_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'"})


def read_jsonish(text: str, log: ImportLog) -> Any:
    """The value of JSON-like text, each fix said as a repair; ValueError when it is not."""
    text = _headed_example(text, log)
    if '"' not in text and "'" not in text and text != text.translate(_CURLY):
        # a blog or a word processor's “typographic” quotes, and no straight one at all: no
        # value can hold one that was meant
        text = text.translate(_CURLY)
        log.repair("Read the curly quotes (“ ” ‘ ’) as straight ones, which JSON takes.")
    named = _file_name_line(text)
    if named:
        log.repair(
            f"Left out the first line, {quote(named[0])}: a file name, not part of the JSON."
        )
        text = named[1].strip()
        ok, value = attempt(text, log)
        if ok:
            return value
    commented = [line for line in text.split("\n") if line.lstrip().startswith(("#", "//"))]
    bare = "\n".join(line for line in text.split("\n") if line not in commented)
    unescaped = _unescaped(bare)
    if unescaped is not None:
        ok, value = attempt(unescaped, log)
        if ok:
            if commented:
                log.repair("Removed comment lines, which JSON does not allow.")
            log.repair(
                "The text was backslash-escaped (copied from inside a string); read it unescaped."
            )
            return value
    cleaned, kinds = strip_comments(text)
    if kinds:
        written = " and ".join(f"'{kind}'" for kind in kinds)
        log.repair(f"Removed {written} comments, which JSON does not allow.")
    cleaned, commas = drop_trailing_commas(cleaned)
    if commas:
        log.repair("Removed trailing commas (before } or ]), which JSON does not allow.")
    cleaned = cleaned.strip()
    if not cleaned.startswith(("{", "[")):
        cleaned = "{" + cleaned.rstrip(",") + "}"
        log.repair("Wrapped the fragment in braces to make it one object.")
    ok, value = attempt(cleaned, log)
    if ok:
        return value
    doubled = _DOUBLED.sub(lambda m: f'{m.group(1)}"\\"{m.group(2)}\\""', cleaned)
    if doubled != cleaned:
        ok, value = attempt(doubled, log)
        if ok:
            log.repair(
                'Read ""…"" as the API reference prints an escaped string ("\\"…\\""): a '
                "JSON-encoded string."
            )
            return value
    literal = python_literal(cleaned)
    if literal is None:
        raise ValueError("not JSON-like text")
    value, single = literal
    if single:
        log.repair("Read Python-style quoting (single quotes) as JSON.")
    if literal_duplicates(cleaned):  # read again with every pair, to say each, as JSON's are
        value = loads(literal_json(cleaned) or "null", log)
    return value
