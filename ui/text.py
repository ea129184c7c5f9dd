"""Values as text, never markup: what came from a user, a file, a link or a server is escaped
before it goes into anything Streamlit renders as Markdown (markdown, captions, alerts,
headings), so `![x](http://host/x.png)` shows as those characters and fetches nothing."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&@])")
"""The ASCII punctuation Streamlit's Markdown gives a meaning (CommonMark, GFM autolinks and
emphasis, emoji shortcodes, `:color[...]` directives, LaTeX); a backslash makes each plain."""


_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|mailto)(?=\\[:.])|(\\@)")
"""Where GFM would make a link of plain text (`http://`, `www.`, `name@host`): it looks for them
in the text after escapes are resolved, so escaping cannot stop it; an invisible word joiner
(U+2060) inside each keeps the text as it reads and makes it no link."""
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
