"""What a person reads: AppTest gives an element's Markdown source, where values the app escaped
(ui.text.plain) carry backslashes; the browser shows them without."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def shown(source: str) -> str:
    """The text a person reads for source: backslash escapes resolved, and the invisible word
    joiners ui.text puts in addresses (so they are no links) left out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source).replace("\u2060", "")


def texts(elements: Iterable[Any]) -> list[str]:
    """Each element's text as shown (alerts, captions, markdown, headings)."""
    return [shown(str(element.value)) for element in elements]
