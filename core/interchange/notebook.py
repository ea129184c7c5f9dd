"""Jupyter notebooks and their leftovers: the code cells of an `.ipynb` file, and IPython's own
syntax in pasted cells (`%%time`, `%matplotlib`, `!tar ...`, `!aws ...`, `%%bash` cells), which is
no Python: shell lines are kept apart (they may hold an `aws` command), magics are dropped."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError

_SHELL_CELL = re.compile(r"%%(?:bash|sh|system|script\s+(?:ba)?sh)\b")
_SHELL_ASSIGN = re.compile(r"(\s*[A-Za-z_]\w*\s*=\s*)!(.*)")


@dataclass
class Code:
    """Python text with IPython's syntax taken out (line numbers kept), and the shell commands."""

    python: str
    shell: list[str] = field(default_factory=list)


def is_notebook(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("cells"), list) and "nbformat" in value


def _source(cell: dict[str, Any], key: str) -> str:
    source = cell.get(key, "")
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def notebook_cells(value: dict[str, Any]) -> list[str]:
    """The code cells' text, in order; markdown and outputs are left out."""
    cells = value.get("cells") or []
    for sheet in value.get("worksheets") or []:  # nbformat 3
        if isinstance(sheet, dict):
            cells += sheet.get("cells") or []
    texts = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            texts.append(_source(cell, "source") or _source(cell, "input"))
    return texts


def code_only(text: str) -> str:
    """A notebook file with only its code cells' source (no outputs, no markdown): what the
    importer reads, small even when plots and logs make the file many megabytes."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise NeoConfigError("The notebook file is not valid JSON (.ipynb).") from None
    if not is_notebook(value):
        raise NeoConfigError("The file holds no notebook cells (.ipynb).")
    cells = [{"cell_type": "code", "source": source} for source in notebook_cells(value)]
    return json.dumps({"cells": cells, "nbformat": value.get("nbformat", 4)})


def split_code(cells: list[str]) -> Code:
    """Python and shell apart: `%%bash` cells and `!` lines are shell, other magics dropped."""
    python: list[str] = []
    shell: list[str] = []
    for cell in cells:
        lines = cell.split("\n")
        if lines and _SHELL_CELL.match(lines[0].strip()):
            shell.append("\n".join(lines[1:]))
            python += [""] * len(lines)
            continue
        index = 0
        while index < len(lines):
            line = lines[index]
            stripped = line.lstrip()
            indent = line[: len(line) - len(stripped)]
            assigned = _SHELL_ASSIGN.fullmatch(line)
            if stripped.startswith("!") or assigned:
                command = [assigned.group(2) if assigned else stripped[1:]]
                while command[-1].endswith("\\") and index + 1 < len(lines):
                    index += 1
                    command.append(lines[index])
                shell.append("\n".join(command))
                filler = (
                    f"{assigned.group(1)}None" if assigned else (f"{indent}pass" if indent else "")
                )
                python += [filler] + [""] * (len(command) - 1)
            elif stripped.startswith(("%", "?")) or (
                stripped.endswith("?") and " " not in stripped
            ):
                python.append(f"{indent}pass" if indent else "")
            else:
                python.append(line)
            index += 1
    return Code("\n".join(python), shell)
