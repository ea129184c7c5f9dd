"""Import and repair: any config a user pastes or uploads, turned into a request or OutputConfig.

People paste what they have: the API reference's own examples (single quotes, `#` comments,
`ARMEABIHF`, `sm62`, options as objects), AWS CLI commands and input documents, boto3 calls and
SageMaker SDK notebooks, YAML, describe-job responses, or this app's own renderings.
`import_text` accepts all of them, repairs what has one obvious meaning and says each repair in
a sentence; a value the text names but cannot give (`get_execution_role()`, `$ROLE`) is left out
and named as a problem, so every other value still comes through. A change of meaning (dropping
an accelerator, another target) is a decision, made only for the keys passed in `accept`.
Re-formatting JSON text (whitespace in CompilerOptions) is not a repair and is not reported: the
app sends compact JSON whatever the input's layout.
Nothing but `NeoConfigError` escapes it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError, Problem
from core.interchange.apikeys import api_names, find_request, kind_of
from core.interchange.holes import MISSING, take_holes
from core.interchange.log import Decision, ImportLog
from core.interchange.parse import parse, unwrap
from core.interchange.repair import repair_output, repair_request
from core.jsontext import TOO_LONG_NUMBER, too_many_digits
from core.spec.request import check_output_config, check_request
from core.spec.service import output_keys
from core.spec.strict import differences

MAX_IMPORT_CHARS = 2 * 1024 * 1024
MAX_IMPORT_BYTES = 2 * 1024 * 1024
"""A file to import, in bytes (a notebook may be larger: its outputs are dropped)."""


@dataclass
class ImportResult:
    """What the text held, repaired, with every repair said and every problem left.

    `problems` holds everything left to fix; `notes` is the part of it found while reading the
    text (values it could not resolve, keys given twice, which of several calls was read).
    `decisions` are changes of meaning: applied only when their key was passed in `accept`.
    """

    kind: str
    api: dict[str, Any]
    repairs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = "request"
    decisions: list[Decision] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def decoded(data: bytes, where: str) -> str:
    """A file's bytes as text: UTF-8 (a byte-order mark dropped), or UTF-16 where its mark
    says so (PowerShell's `> job.json` writes it). Another byte refuses the file: replaced, it
    changed a value without a word ('café' in Latin-1 read 'caf\ufffd')."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise NeoConfigError(
                f"{where} starts as UTF-16 text but does not decode as it: save it as UTF-8 "
                "and import it again."
            ) from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise NeoConfigError(
            f"{where} is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line} is not "
            "UTF-8): save it as UTF-8 (it may be Latin-1 or Windows-1252) and import it again."
        ) from None


def import_text(text: str, accept: Iterable[str] = ()) -> ImportResult:
    """Reads any supported config text; raises NeoConfigError with a sentence when it cannot.

    `accept` holds the keys of the decisions (Decision.key) to apply; the others are reported
    and the request keeps what was written.
    """
    if not isinstance(text, str):
        raise NeoConfigError("Expected text to import.")
    if len(text) > MAX_IMPORT_CHARS:
        raise NeoConfigError(
            f"That is {len(text) // 1024} KB of text; a request is a few kilobytes "
            "(the limit is 2 MB). Paste only the request."
        )
    text = text.replace("\r\n", "\n")  # a Windows file's line ends: a \ before one went unread
    try:
        return _import(text, ImportLog.accepting(accept))
    except NeoConfigError:
        raise
    except (RecursionError, MemoryError):
        raise NeoConfigError("The text is nested too deeply to be a request.") from None
    except ValueError as exc:
        if too_many_digits(exc):
            raise NeoConfigError(f"The text {TOO_LONG_NUMBER}") from None
        raise NeoConfigError(f"Could not read the text as a config ({exc}).") from None
    except (TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        raise NeoConfigError(f"Could not read the text as a config ({exc}).") from None


def _import(text: str, log: ImportLog) -> ImportResult:
    value, source = parse(text.lstrip("\ufeff").strip(), log)
    value = find_request(value, log)
    if not isinstance(value, dict):
        raise NeoConfigError("The text holds no JSON object; a request or OutputConfig is one.")
    value = api_names(value, log)
    value, source = unwrap(value, source, log)
    if "OutputConfig" in value or "InputConfig" in value or "CompilationJobName" in value:
        api = take_holes(value, "", log)
        repair_request(api, log)
        request, problems = check_request(api)
        final = request.to_api() if request is not None else api
        _said_differences(api, final, "", log)
        return _result("request", final, log, problems, source)
    if any(key in value for key in output_keys()) or kind_of(value) == "output":
        api = take_holes(value, "OutputConfig", log)
        api = {} if api is MISSING else api
        repair_output(api, log)
        return _output_result(api, log, source)
    raise NeoConfigError(
        "No request found: expected CreateCompilationJob fields (OutputConfig, InputConfig, "
        "...) or an OutputConfig (TargetDevice or TargetPlatform)."
    )


def _result(
    kind: str, api: dict[str, Any], log: ImportLog, checked: list[Problem], source: str
) -> ImportResult:
    """The result, with the checks' problems left out where reading already named the field
    (a hole's "fill it in" says more than "RoleArn is required")."""
    named = {p.path for p in log.problems if p.severity == "error" and p.path}
    kept = [p for p in checked if not _said(p, named)]
    notes = list(log.problems)
    return ImportResult(kind, api, log.repairs, notes + kept, source, log.decisions, notes)


def _said(problem: Problem, named: set[str]) -> bool:
    """Whether reading already named this problem's field: at its path, or it is the parent's
    complaint about that very member ("either TargetDevice or TargetPlatform is required")."""
    if problem.path in named:
        return True
    return any(
        path.rpartition(".")[0] == problem.path and path.rpartition(".")[2] in problem.message
        for path in named
    )


def _output_result(api: dict[str, Any], log: ImportLog, source: str) -> ImportResult:
    missing_location = not api.get("S3OutputLocation")
    probe = dict(api)
    if missing_location:
        probe["S3OutputLocation"] = "s3://placeholder/"
    config, problems = check_output_config(probe)
    if config is not None:
        final = config.to_api()
        _said_differences(probe, final, "OutputConfig", log)
        if missing_location:
            final.pop("S3OutputLocation", None)
        api = final
    if missing_location and "OutputConfig.S3OutputLocation" not in log.paths_with_problems():
        problems = [
            Problem(
                "OutputConfig.S3OutputLocation",
                "S3OutputLocation not given; fill it in before submitting.",
                "warning",
            ),
            *problems,
        ]
    return _result("output_config", api, log, problems, source)


def _said_differences(
    given: dict[str, Any], sent: dict[str, Any], path: str, log: ImportLog
) -> None:
    """What the request model itself changed (types coerced, nulls dropped), said as repairs."""
    for change in differences(given, sent, path):
        log.repair(str(change))
