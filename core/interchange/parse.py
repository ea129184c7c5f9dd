"""Reading any text people paste into a value: JSON (and JSON as people write it), YAML, an
`aws sagemaker create-compilation-job` command, Python (boto3 or the SageMaker SDK, read with
`ast`, never executed), or a Jupyter notebook's code cells. Values the text names but cannot
give (`get_execution_role()`, `$ROLE`) come back as holes (core.interchange.holes)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from core.errors import NeoConfigError
from core.interchange import clicommand, jsonish, notebook, yamlconfig
from core.interchange.log import ImportLog
from core.interchange.pywalk import walk_module
from core.interchange.sdkmap import request_from_call
from core.spec import service

_FENCE = re.compile(r"^[ \t]*```[\w+-]*[ \t]*\n(.*?)^[ \t]*```", re.S | re.M)
_PYTHON_HINTS = re.compile(
    r"create_compilation_job|\.compile(?:_model)?\s*\(|^\s*(?:import|from)\s+\w", re.M
)
NOT_READ = (
    "This is not JSON, YAML, a Python dict, an AWS CLI command, a notebook or a boto3/SDK "
    "snippet that this app can read."
)


SOURCE_WORDS = {
    "request": "JSON",
    "output-config": "",  # the kind says OutputConfig; the text's own form is not kept
    "yaml": "YAML",
    "aws-cli-command": "an AWS CLI command",
    "doc-example": "the docs' example style",
    "describe-response": "a DescribeCompilationJob answer",
    "boto3-snippet": "boto3 code",
    "sdk-snippet": "SageMaker SDK code",
}
"""What the source codes parse() returns mean, in words (an import report names them), as
the Import panel's title names them."""


def source_words(source: str) -> str:
    """e.g. "JSON" for "request", "" where words would add nothing; "boto3 code in a
    notebook" for "notebook-boto3-snippet"."""
    if source.startswith("notebook-"):
        return f"{source_words(source.removeprefix('notebook-'))} in a notebook"
    return SOURCE_WORDS.get(source, source.replace("-", " ").strip())


def parse(text: str, log: ImportLog) -> tuple[Any, str]:
    """The value the text holds and what kind of text it was; NeoConfigError when none."""
    if not text:
        raise NeoConfigError("There is nothing to import: the text is empty.")
    blocks = _FENCE.findall(text) or [text]
    first_error: NeoConfigError | None = None
    for block in blocks:
        scratch = log.scratch()
        try:
            value, source = _parse(block.strip() or block, scratch)
        except NeoConfigError as exc:
            first_error = first_error or exc
            continue
        log.merge(scratch)
        return value, source
    assert first_error is not None
    raise first_error


def _attempt(
    reader: Callable[[str, ImportLog], Any], text: str, log: ImportLog
) -> tuple[bool, Any]:
    """Runs one reader with its own log, kept only when it reads the text."""
    scratch = log.scratch()
    try:
        value = reader(text, scratch)
    except ValueError:
        return False, None
    log.merge(scratch)
    return True, value


def _parse(text: str, log: ImportLog) -> tuple[Any, str]:
    ok, value = jsonish.attempt(text, log)
    if ok:
        if notebook.is_notebook(value):
            return _code(notebook.notebook_cells(value), log, "notebook-")
        return _decoded(value, log), "request"
    if clicommand.has_command(text) or text.startswith("aws "):
        shell_only = not any(line.lstrip().startswith("!") for line in text.split("\n"))
        if shell_only:
            return clicommand.read_command(text, log), "aws-cli-command"
    ok, value = _attempt(jsonish.read_jsonish, text, log)
    if ok:
        return value, "doc-example"
    yaml_error: NeoConfigError | None = None
    if yamlconfig.looks_like_yaml(text):
        try:
            value = yamlconfig.load_yaml(text, log)
        except NeoConfigError as exc:
            yaml_error = exc
        else:
            if isinstance(value, (dict, list)):
                return value, "yaml"
    try:
        return _code([text], log, "")
    except NeoConfigError as exc:
        if yaml_error is not None:
            raise yaml_error from None
        if "does not parse" in exc.message and not _PYTHON_HINTS.search(text):
            raise NeoConfigError(NOT_READ + _json_hint(text)) from None
        raise


def _json_hint(text: str) -> str:
    """Where text that opens like JSON stops being JSON (a missing brace or comma is the
    usual slip), as a sentence to follow NOT_READ; empty for other text."""
    # read as the importer reads JSON-like text: comments and trailing commas are no slip
    # (line breaks are kept, so the line named is the text's own)
    cleaned, _ = jsonish.strip_comments(text)
    cleaned, _ = jsonish.drop_trailing_commas(cleaned)
    if not cleaned.lstrip().startswith(("{", "[")):
        return ""
    try:
        json.loads(cleaned)
    except json.JSONDecodeError as exc:
        return (
            f" It opens like JSON, which stops at line {exc.lineno}, column {exc.colno}: {exc.msg}."
        )
    except (ValueError, RecursionError):
        return ""
    return ""


def _decoded(value: Any, log: ImportLog) -> Any:
    """A JSON string that holds the JSON of a request (encoded twice), decoded once more."""
    if isinstance(value, str) and value.lstrip().startswith("{"):
        ok, inner = jsonish.attempt(value, log)
        if ok and isinstance(inner, dict):
            log.repair("The text was JSON-encoded twice (a string holding the JSON); decoded it.")
            return inner
    return value


def _code(cells: list[str], log: ImportLog, prefix: str) -> tuple[Any, str]:
    """The request of Python code (with IPython's leftovers): its first compilation call, else
    the request dict it builds, else an `aws` command in its shell lines."""
    code = notebook.split_code(cells)
    snippet = walk_module(code.python)
    for note in dict.fromkeys(snippet.notes):
        log.warn("", note)
    if snippet.calls:
        first = snippet.calls[0]
        if len(snippet.calls) > 1:
            lines = ", ".join(str(call.line) for call in snippet.calls[:6])
            log.warn(
                "",
                f"The code makes {len(snippet.calls)} compilation calls (lines {lines}); the "
                f"first, on line {first.line}, was read.",
            )
        value, source = request_from_call(first, log)
        return value, prefix + source
    if snippet.dicts:
        return snippet.dicts[-1], prefix + "python-dict"
    for shell in code.shell:
        if clicommand.has_command(shell):
            env = snippet.env
            return clicommand.read_command(shell, log, python=env.get), prefix + "aws-cli-command"
    raise NeoConfigError(
        "The Python snippet makes no compilation call (create_compilation_job, compile or "
        "compile_model) and assigns no request dict."
    )


def unwrap(value: dict[str, Any], source: str, log: ImportLog) -> tuple[dict[str, Any], str]:
    """Strips what a describe response or a CLI document adds around the request fields."""
    if set(value) == {"OutputConfig"} and isinstance(value["OutputConfig"], dict):
        log.repair(
            'Read the OutputConfig inside {"OutputConfig": ...} as an OutputConfig alone: '
            "the text has no other request fields."
        )
        return value["OutputConfig"], "output-config"
    fields = service.request_fields()
    if "CompilationJobStatus" in value or "CompilationJobArn" in value:
        kept = service.described_request(value)
        dropped = sorted(k for k in value if k not in kept)
        if dropped:
            log.repair(
                "Read a describe-compilation-job response; kept the request fields and "
                f"dropped {', '.join(dropped)}."
            )
        return kept, "describe-response"
    if "OutputConfig" in value or "InputConfig" in value or "CompilationJobName" in value:
        unknown = [str(k) for k in value if k not in fields]
        if unknown:
            log.repair(f"Dropped {', '.join(sorted(unknown))}: not CreateCompilationJob fields.")
            value = {k: v for k, v in value.items() if k in fields}
        return value, source
    return value, ("output-config" if source == "request" else source)
