"""Values as text, never markup: what came from a user, a file, a link or a server is escaped
before it goes into anything Streamlit renders as Markdown (markdown, captions, alerts,
headings), so `![x](http://host/x.png)` shows as those characters and fetches nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.errors import NeoConfigError
from core.spec.rules import source_url

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&@])")
"""The ASCII punctuation Streamlit's Markdown gives a meaning (CommonMark, GFM autolinks and
emphasis, emoji shortcodes, `:color[...]` directives, LaTeX); a backslash makes each plain."""


_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|mailto)(?=\\[:.])|(\\@)(?=[\w.+-])")
"""Where GFM would make a link of plain text (`http://`, `www.`, `name@host`): it looks for them
in the text after escapes are resolved, so escaping cannot stop it; an invisible word joiner
(U+2060) inside each keeps the text as it reads and makes it no link. An @ before a space or
the end makes no address, and gets none (a copy would carry it)."""
WORD_JOINER = "\u2060"


def plain(value: object) -> str:
    """value for Markdown, every character shown as itself; runs of white space (line breaks,
    tabs, the indentation Markdown reads as a code block) become one space, as HTML shows them.
    Bare addresses get an invisible word joiner, so they are not made links."""
    escaped = _MARKUP.sub(r"\\\1", " ".join(str(value).split()))
    return _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, escaped)


def code(value: object) -> str:
    """value as an inline code span no backtick in it can close early."""
    text = " ".join(str(value).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_URL = re.compile(r"(?i)\b(?:https?|ftp)://[^\s`]+")
_URL_END = ".,;:!?'\">]"
"""Punctuation that ends the sentence around an address rather than the address."""


def _address_end(found: str) -> int:
    """Where an address found in a sentence ends: less trailing punctuation, and less a
    closing bracket it does not open (the sentence's own)."""
    end = len(found)
    while end and (
        found[end - 1] in _URL_END
        or (found[end - 1] == ")" and found[:end].count("(") < found[:end].count(")"))
    ):
        end -= 1
    return end


def plain_with_addresses(value: object) -> str:
    """plain(value), with each address (http://, https://, ftp://) in a code span: shown and
    copied exactly as it is (plain keeps an address from becoming a link with an invisible
    character, which a copy carries along: an endpoint URL copied from the sidebar was refused
    by Settings)."""
    text = " ".join(str(value).split())
    parts, last = [], 0
    for found in _URL.finditer(text):
        end = found.start() + _address_end(found.group())
        if end == found.start():
            continue
        parts += [_spaced(text[last : found.start()]), code(text[found.start() : end])]
        last = end
    return "".join([*parts, _spaced(text[last:])])


def _spaced(text: str) -> str:
    """plain(text), keeping a space at either end (where it meets an address)."""
    lead = " " if text[:1] == " " else ""
    trail = " " if text[-1:] == " " and text.strip() else ""
    return f"{lead}{plain(text)}{trail}"


_CITATION = " (rule "
"""How the citation a rule's message ends in starts: ' (rule <id>, <page title>, <section>).'
(titles and sections may hold parentheses of their own: "RFC 8259 (JSON)")."""


def cited(message: str) -> str:
    """plain_with_addresses(message), with the citation it ends in linked to the page it
    names: every rule names its source, and a reader can open it in one click. Only the end
    is read: a value quoted inside the message that looks like a citation stays text."""
    start = message.rfind(_CITATION)
    end = _closing(message, start + 1) if start >= 0 else 0
    url = _source_of(message[start + 2 : end - 2]) if end == len(message) else None
    if url is None:
        return plain_with_addresses(message)
    citation = plain(message[start + 2 : end - 2])
    return f"{plain_with_addresses(message[:start])} ([{citation}]({url}))."


def cited_each(lead: str, messages: Sequence[str]) -> str:
    """plain(lead), then each message cited on its own, joined by "; " (a fleet's target
    with several findings: each keeps the link to its own page)."""
    return f"{plain(lead)}: " + "; ".join(cited(message) for message in messages)


def _source_of(citation: str) -> str | None:
    """The address of the page 'rule <id>, <title>, <section>' names; None when the text only
    looks like a citation (no rule of the book)."""
    rule_id = citation[len("rule ") :].split(",", 1)[0]
    try:
        return source_url(rule_id) if "," in citation else None
    except NeoConfigError:
        return None


def _closing(message: str, opening: int) -> int:
    """The end of the bracket opened at `opening` and the full stop after it (titles hold
    brackets of their own), or 0 when it does not close with one."""
    depth = 0
    for index in range(opening, len(message)):
        depth += {"(": 1, ")": -1}.get(message[index], 0)
        if depth == 0:
            return index + 2 if message[index + 1 : index + 2] == "." else 0
    return 0
