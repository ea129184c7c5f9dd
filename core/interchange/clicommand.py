"""`aws sagemaker create-compilation-job` read as the AWS CLI reads it: one flag per request
member (`--input-config '{...}'` or shorthand `S3Uri=...,Framework=PYTORCH`), `--cli-input-json`
(or `--cli-input-yaml`) with the flags given beside it overriding its members, as the real CLI
does, and shell variables from the script around it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from botocore import xform_name

from core.errors import NeoConfigError
from core.interchange.holes import Unresolved
from core.interchange.log import ImportLog
from core.interchange.shellwords import WINDOWS_PROMPT, Shell, commands, heredoc_files
from core.interchange.yamlconfig import load_yaml
from core.spec import service

GLOBAL_FLAGS = frozenset(
    {"debug", "no-verify-ssl", "no-paginate", "no-sign-request", "no-cli-pager",
     "cli-auto-prompt", "no-cli-auto-prompt"}
)  # fmt: skip
GLOBAL_VALUED = frozenset(
    {"region", "profile", "endpoint-url", "output", "query", "color", "ca-bundle",
     "cli-read-timeout", "cli-connect-timeout", "cli-binary-format"}
)  # fmt: skip
COMMAND = re.compile(
    rf"^[ \t]*(?:[$>][ \t]*|PS>[ \t]*|{WINDOWS_PROMPT})?(?:sudo\s+)?(?:env[ \t]+)?"
    r"(?:[A-Za-z_]\w*=(?:'[^'\n]*'|\"[^\"\n]*\"|[^\s'\"]*)[ \t]+)*"  # AWS_PROFILE=prod aws ...
    r"(?:\S*/)?aws"
    r"(?:(?:\s|\\)+--?[\w-]+(?:[ =][^\s-]\S*)?)*(?:\s|\\)+sagemaker(?:\s|\\)+"
    r"create-compilation-job\b",
    re.MULTILINE,
)
MAX_DEPTH = 40
_BARE_OBJECT = re.compile(r"([\w.-]+)\s*=\s*(?=\{)")


def has_command(text: str) -> bool:
    """Whether text holds a create-compilation-job command at the start of a line."""
    return COMMAND.search(text) is not None


def _is_aws(word: str) -> bool:
    return word == "aws" or word.endswith("/aws")


def read_command(
    text: str, log: ImportLog, python: Callable[[str], Any] | None = None
) -> dict[str, Any]:
    """The request of the first create-compilation-job command in text (a shell script)."""
    files, text = heredoc_files(text)
    shell = Shell(python=python, files=files)
    for words in commands(text, shell):  # without a prompt, sudo, env or VAR=value before it
        if not words or not _is_aws(words[0]) or "create-compilation-job" not in words:
            continue
        start = words.index("create-compilation-job")
        if "sagemaker" in words[:start]:
            return _request(words[start + 1 :], shell, log)
    if text.lstrip().startswith("aws"):
        raise NeoConfigError(
            "That AWS CLI command is not 'aws sagemaker create-compilation-job', which holds a "
            "request."
        )
    raise NeoConfigError("No 'aws sagemaker create-compilation-job' command was found.")


def _request(words: list[str], shell: Shell, log: ImportLog) -> dict[str, Any]:
    shape = service.create_operation().input_shape
    # --flag -> the request member it sets, from botocore's model (as the CLI makes them)
    members = {xform_name(name, "-"): name for name in shape.members}
    given: dict[str, Any] = {}
    flags: dict[str, str] = {}
    document: tuple[str, str] | None = None
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("--"):
            log.warn("", f"The word {word!r} in the command belongs to no option; it was left out.")
            continue
        flag, equals, inline = word[2:].partition("=")
        if flag in GLOBAL_FLAGS:
            continue
        values = [inline] if equals else []
        while not equals and index < len(words) and not words[index].startswith("--"):
            values.append(words[index])
            index += 1
        if flag in GLOBAL_VALUED:
            continue
        if flag == "generate-cli-skeleton":
            raise NeoConfigError(
                "The command prints a skeleton (--generate-cli-skeleton); it holds no request."
            )
        if not values:
            raise NeoConfigError(f"--{flag} is not followed by a value.")
        if flag in ("cli-input-json", "cli-input-yaml"):
            document = (flag, values[0])
        elif flag in members:
            member = members[flag]
            given[member] = _value(member, shape.members[member], values, shell, log)
            flags[member] = flag
        else:
            log.warn("", f"--{flag} is not an option of create-compilation-job; it was left out.")
    request = _document(document, shell, log, bool(given)) if document else {}
    for member, value in given.items():
        if member in request and request[member] != value:
            log.repair(
                f"--{flags[member]} replaced the {member} of --{document[0] if document else ''}, "
                "as the AWS CLI does."
            )
        request[member] = value
    return request


def _document(
    document: tuple[str, str], shell: Shell, log: ImportLog, more: bool
) -> dict[str, Any]:
    flag, text = document
    written = shell.files.get(text.partition("://")[2].removeprefix("./"))
    if text.startswith(("file://", "fileb://")) and written is not None:
        log.repair(f"Read {text} from the heredoc above the command that writes it.")
        text = written
    elif text.startswith(("file://", "fileb://")):
        if not more:
            raise NeoConfigError(
                f"The command reads its request from {text}; paste that file instead."
            )
        log.warn(
            "",
            f"The rest of the request is in {text}, which this app cannot open: paste that "
            "file to import it too.",
        )
        return {}
    if flag == "cli-input-yaml":
        value = load_yaml(text, log)
    else:
        value = _json(text, "--cli-input-json document")
    if not isinstance(value, dict):
        raise NeoConfigError(f"The --{flag} document is not an object of request members.")
    return dict(shell.restore(value))


def _json(text: str, what: str) -> Any:
    """json.loads, its syntax error said as a sentence that names the text (what)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise NeoConfigError(
            f"The {what} is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None


def _value(member: str, shape: Any, values: list[str], shell: Shell, log: ImportLog) -> Any:
    if shape.type_name == "list":
        if len(values) > 1 and any(text.lstrip().startswith("[") for text in values):
            raise NeoConfigError(
                f"--{xform_name(member, '-')} is given {len(values)} values and one is a JSON "
                "list: the AWS CLI reads one list, or each value as one item, and refuses a "
                "list as an item. Give one list, or the items one by one."
            )
        items: list[Any] = []
        for text in values:
            parsed = _structured(member, text, shape, shell, log)
            items += parsed if isinstance(parsed, list) else [parsed]
        return items
    if len(values) > 1:
        log.warn(member, f"--{xform_name(member, '-')} takes one value; the first was read.")
    if shape.type_name == "structure":
        return _structured(member, values[0], shape, shell, log)
    return shell.value(values[0])


def _structured(member: str, text: str, shape: Any, shell: Shell, log: ImportLog) -> Any:
    option = f"--{xform_name(member, '-')}"
    if text.startswith(("file://", "fileb://")):
        return Unresolved(
            text, f"{{label}} is read from {text}, which this app cannot open: paste its content."
        )
    if text.strip().startswith(("{", "[")):  # JSON, as the AWS CLI decides (awscli.argprocess)
        return shell.restore(_json(text, f"{option} value"))
    target = shape.member if shape.type_name == "list" else shape
    return shell.restore(_coerce(_shorthand(text, option, log), target))


def _shorthand(text: str, option: str, log: ImportLog) -> Any:
    """Key=Value,Key={...},Key=[a,b] read by the AWS CLI's own parser (awscli.shorthand), so
    quotes and their escapes, an escaped comma and spaces around = read as `aws` reads them,
    and a key given twice is refused as it refuses it. One repair: JSON text written bare as a
    value (`DataInputConfig={"data":[1,3,224,224]}`, the shell having taken its quotes)."""
    from awscli import shorthand  # about 0.1 s to import: only for a command that needs it

    parser = _parser(shorthand)()
    try:
        return parser.parse(text)
    except shorthand.ShorthandParseError as exc:
        refused = " ".join(str(exc).split())
    quoted, keys = _json_quoted(text)
    if keys:
        try:
            parsed = parser.parse(quoted)
        except shorthand.ShorthandParseError:
            pass
        else:
            holds = "holds" if len(keys) == 1 else "hold"
            log.repair(
                f"In {option}, {', '.join(keys)} {holds} JSON text written bare, which the AWS "
                "CLI refuses (its shorthand reads { as a structure): read as that text. For the "
                "command to run, quote it for the AWS CLI, and the whole argument for the shell: "
                """'Key="{\\"name\\": [1, 3]}"'."""
            )
            return parsed
    raise NeoConfigError(
        f"The {option} value is neither JSON nor shorthand the AWS CLI reads: {refused}"
    )


def _json_quoted(text: str) -> tuple[str, list[str]]:
    """text with each `Key={...}` whose value is a JSON object single-quoted, as shorthand
    takes text; and those keys."""
    decoder = json.JSONDecoder()
    parts: list[str] = []
    keys: list[str] = []
    done = 0
    for found in _BARE_OBJECT.finditer(text):
        start = found.end()
        if start < done:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if isinstance(value, dict) and text[end : end + 1] in ("", ",", "}"):
            parts += [text[done:start], "'", text[start:end].replace("'", "\\'"), "'"]
            keys.append(found.group(1))
            done = end
    return "".join(parts) + text[done:], keys


@cache
def _parser(shorthand: Any) -> Any:
    """The AWS CLI's shorthand parser without its `Key@=file://...`, which reads a file on the
    machine that parses it: here, the server's, for anyone who pastes a command."""

    class NoFiles(shorthand.ShorthandParser):
        def _resolve_paramfiles(self, val: str) -> str:
            if val.startswith(tuple(shorthand.LOCAL_PREFIX_MAP)):
                raise NeoConfigError(
                    f"The command reads a value from {val} (@=), which this app cannot open: "
                    "paste its content."
                )
            return val

    return NoFiles


def _coerce(value: Any, shape: Any) -> Any:
    """Shorthand gives text: numbers and lists as the member's shape types them."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {
            k: _coerce(v, shape.members[k]) if k in shape.members else v for k, v in value.items()
        }
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        return [_coerce(item, shape.member) for item in items]
    if (
        kind in ("integer", "long")
        and isinstance(value, str)
        and re.fullmatch(r"\s*-?\d{1,18}\s*", value)
    ):
        return int(value)
    if kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value
