"""Shell text split into commands and words as bash splits them: quotes, backslashes, line
continuations, `$VAR` / `${VAR}` from earlier `VAR=value` lines (or, in a notebook's `!` line,
from the Python code around it), and `$(...)`, which is never run. A value this app cannot know
stays in the word as a marker, so the field it lands in can name it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError
from core.interchange.holes import Unresolved, cut

OPEN, CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{OPEN}(\\d+){CLOSE}")
_NAME = re.compile(r"[A-Za-z_]\w*")
_BRACED = re.compile(r"\{([A-Za-z_][\w.]*)\}")
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=")


@dataclass
class Shell:
    """Variables as the text sets them, and the holes (what could not be known) by number."""

    variables: dict[str, str] = field(default_factory=dict)
    holes: list[str] = field(default_factory=list)
    python: Callable[[str], Any] | None = None
    """In a notebook `!` line: a Python name's value (IPython expands `$name` and `{name}`)."""
    files: dict[str, str] = field(default_factory=dict)
    """What the text writes to files with a heredoc (cat > job.json <<EOF), by file name."""
    powershell: bool = False
    """The text is PowerShell's (a `PS C:\\>` prompt, or a line continued with a backtick):
    inside double quotes a backtick escapes the next character (`" is a quote)."""

    def hole(self, origin: str) -> str:
        self.holes.append(cut(origin))
        return f"{OPEN}{len(self.holes) - 1}{CLOSE}"

    def expand(self, name: str, written: str) -> str:
        if self.python is not None:
            value = self.python(name)
            if isinstance(value, Unresolved):
                return self.hole(value.origin)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
        if name in self.variables:
            return self.variables[name]
        return self.hole(written)

    def value(self, word: str) -> Any:
        """A word (or a string inside a parsed value) with a marker becomes an Unresolved."""
        found = _MARKER.search(word)
        return word if found is None else Unresolved(self.holes[int(found.group(1))])

    def restore(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.value(value)
        if isinstance(value, dict):
            return {key: self.restore(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.restore(item) for item in value]
        return value


def closing(text: str, start: int, opening: str, closer: str) -> int:
    """Index of the bracket closing the one at start (nesting counted), or -1."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == opening:
            depth += 1
        elif text[index] == closer:
            depth -= 1
            if depth == 0:
                return index
    return -1


class _Splitter:
    def __init__(self, text: str, shell: Shell) -> None:
        self.text = text.replace(OPEN, "?").replace(CLOSE, "?")
        self.shell = shell
        self.index = 0

    def commands(self) -> Iterator[list[str]]:
        words: list[str] = []
        word: list[str] | None = None
        text = self.text
        while self.index < len(text):
            char = text[self.index]
            if char == "\\" and text.startswith("\\\n", self.index):
                self.index += 2
            elif char in "`^" and text.startswith(char + "\n", self.index) and word is None:
                self.index += 2  # PowerShell's ` and cmd's ^ at a line's end, after a space
            elif char in " \t\r\n;|&":  # the word ends; at \n ; | & the command too
                if word is not None:
                    words.append("".join(word))
                word = None
                self.index += 1
                if char not in " \t\r" and words:
                    yield words
                    words = []
            elif char == "#" and word is None:
                end = text.find("\n", self.index)
                self.index = len(text) if end < 0 else end
            else:
                word = [] if word is None else word
                word.append(self.piece(char))
        if word is not None:
            words.append("".join(word))
        if words:
            yield words

    def piece(self, char: str) -> str:
        """The next piece of a word: a quoted run, an expansion or one character."""
        text, start = self.text, self.index
        if char == "\\":
            self.index += 2
            return text[start + 1 : start + 2]
        if char == "'":
            end = text.find("'", start + 1)
            if end < 0:
                raise NeoConfigError("The command's quoting is broken (no closing quotation).")
            self.index = end + 1
            return self._braced(text[start + 1 : end])
        if char == '"':
            return self._double()
        if char == "$":
            return self._dollar()
        if char == "`":
            end = text.find("`", start + 1)
            self.index = len(text) if end < 0 else end + 1
            return self.shell.hole(text[start : self.index])
        if char == "{" and self.shell.python is not None:
            found = _BRACED.match(text, start)
            if found:
                self.index = found.end()
                return self.shell.expand(found.group(1), found.group(0))
        self.index += 1
        return char

    def _braced(self, quoted: str) -> str:
        """IPython expands {name} even inside single quotes of a `!` line."""
        if self.shell.python is None:
            return quoted
        return _BRACED.sub(lambda m: self.shell.expand(m.group(1), m.group(0)), quoted)

    def _double(self) -> str:
        text = self.text
        self.index += 1
        out: list[str] = []
        while self.index < len(text):
            char = text[self.index]
            if char == '"':
                self.index += 1
                return "".join(out)
            if char == "`" and self.shell.powershell and self.index + 1 < len(text):
                escaped = text[self.index + 1]
                out.append(_POWERSHELL_ESCAPES.get(escaped, escaped))
                self.index += 2
            elif char == "\\" and self.index + 1 < len(text) and text[self.index + 1] in '$`"\\\n':
                if text[self.index + 1] != "\n":
                    out.append(text[self.index + 1])
                self.index += 2
            elif char in "$`" or (char == "{" and self.shell.python is not None):
                out.append(self.piece(char))
            else:
                out.append(char)
                self.index += 1
        raise NeoConfigError("The command's quoting is broken (no closing quotation).")

    def _dollar(self) -> str:
        text, start = self.text, self.index
        if text.startswith("$'", start):  # bash's ANSI-C quoting: $'job\x2d1' is job-1
            found = _ANSI_C.match(text, start + 1)
            if found is None:
                raise NeoConfigError("The command's quoting is broken (no closing quotation).")
            self.index = found.end()
            return _ANSI_ESCAPE.sub(_ansi_c, found.group(1))
        if text.startswith("$(", start):
            end = closing(text, start + 1, "(", ")")
            self.index = len(text) if end < 0 else end + 1
            return self.shell.hole(text[start : self.index])
        if text.startswith("${", start):
            end = text.find("}", start)
            if end < 0:
                raise NeoConfigError("The command's quoting is broken (no closing brace).")
            self.index = end + 1
            name, _, default = text[start + 2 : end].partition(":-")
            if default and name not in self.shell.variables:
                return default
            return self.shell.expand(name, text[start : self.index])
        found = _NAME.match(text, start + 1)
        if found is None:
            self.index += 1
            return "$"
        self.index = found.end()
        return self.shell.expand(found.group(0), "$" + found.group(0))


_ANSI_C = re.compile(r"'((?:[^'\\]|\\.)*)'", re.DOTALL)
_ANSI_ESCAPE = re.compile(
    r"\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|(.))",
    re.DOTALL,
)
_ANSI_NAMED = {
    "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
    "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
}  # fmt: skip


def _ansi_c(found: re.Match[str]) -> str:
    """One escape of $'...', as bash reads it (an unknown one stays as written)."""
    hexa, short, long, octal, named = found.groups()
    number = hexa or short or long
    if number:
        return chr(min(int(number, 16), 0x10FFFF))
    if octal:
        return chr(int(octal, 8) & 0xFF)
    return _ANSI_NAMED.get(named, found.group(0))


_LEADING = frozenset({"export", "set", "local", "declare", "env", "$", ">", "PS>", "sudo"})
"""Words before a command that are not it: a prompt copied with it, sudo, env, export."""


WINDOWS_PROMPT = r"(?:PS[ \t]+)?[A-Za-z]:\\[^>\n]*>[ \t]*"
"""The prompts of the AWS CLI User Guide's PowerShell and cmd examples: PS C:\\> and C:\\>."""
_WINDOWS_PROMPT = re.compile(rf"^([ \t]*){WINDOWS_PROMPT}", re.MULTILINE)
_POWERSHELL = re.compile(r"[ \t]`\r?$|^[ \t]*PS[ \t]+[A-Za-z]:\\", re.MULTILINE)
_POWERSHELL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
"""PowerShell's backtick escapes that are not the character itself."""


def commands(text: str, shell: Shell) -> Iterator[list[str]]:
    """Each command's words, without a prompt, sudo or env before it; `VAR=value` words
    before a command (or alone) set in shell (`$ AWS_PROFILE=prod aws ...` was no command)."""
    shell.powershell = shell.powershell or _POWERSHELL.search(text) is not None
    text = _WINDOWS_PROMPT.sub(r"\1", text)  # its backslash and > would be read as bash's
    for words in _Splitter(text, shell).commands():
        while words and (words[0] in _LEADING or _ASSIGNMENT.match(words[0])):
            name, equals, value = words.pop(0).partition("=")
            if equals and _ASSIGNMENT.match(name + equals):
                shell.variables[name] = value
        if words:
            yield words


_HEREDOC = re.compile(
    r"[ \t]*cat[ \t]+(?:>[ \t]*(?P<file>[^\s<>;|&]+)[ \t]+(?P<op><<-?)[ \t]*(?P<q>['\"]?)"
    r"(?P<end>\w+)(?P=q)|(?P<op2><<-?)[ \t]*(?P<q2>['\"]?)(?P<end2>\w+)(?P=q2)[ \t]+>[ \t]*"
    r"(?P<file2>[^\s<>;|&]+))[ \t]*\r?"
)
"""A heredoc that writes a file: `cat > job.json <<EOF` or `cat <<'EOF' > job.json`."""


def heredoc_files(text: str) -> tuple[dict[str, str], str]:
    """The files text writes with heredocs, by name, and text with those lines blanked (their
    JSON is no shell to split). An unquoted delimiter's body loses bash's escapes of $, ` and
    backslash, as bash writes it; a heredoc with no end line is left as it is."""
    lines = text.split("\n")
    files: dict[str, str] = {}
    index = 0
    while index < len(lines):
        head = _HEREDOC.fullmatch(lines[index])
        if head is None:
            index += 1
            continue
        end = head["end"] or head["end2"]
        tabs = (head["op"] or head["op2"]) == "<<-"
        body = [line.lstrip("\t") if tabs else line for line in lines[index + 1 :]]
        stop = next((n for n, line in enumerate(body) if line.rstrip("\r") == end), None)
        if stop is None:
            index += 1
            continue
        content = "\n".join(body[:stop])
        if not (head["q"] or head["q2"]):
            content = re.sub(r"\\([$`\\])", r"\1", content)
        files[(head["file"] or head["file2"]).removeprefix("./")] = content
        lines[index : index + stop + 2] = [""] * (stop + 2)
        index += stop + 2
    return files, "\n".join(lines)
