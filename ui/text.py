"""Values as text, never markup: what came from a user, a file, a link or a server is escaped
before it goes into anything Streamlit renders as Markdown (markdown, captions, alerts,
headings), so `![x](http://host/x.png)` shows as those characters and fetches nothing."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&@])")
"""The ASCII punctuation Streamlit's Markdown gives a meaning (CommonMark, GFM autolinks and
emphasis, emoji shortcodes, `:color[...]` directives, LaTeX); a backslash makes each plain."""


def plain(value: object) -> str:
    """value for Markdown, every character shown as itself; runs of white space (line breaks,
    tabs, the indentation Markdown reads as a code block) become one space, as HTML shows them."""
    return _MARKUP.sub(r"\\\1", " ".join(str(value).split()))


def code(value: object) -> str:
    """value as an inline code span no backtick in it can close early."""
    text = " ".join(str(value).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
