"""Import and repair: any config a user pastes or uploads, turned into a request or OutputConfig.

People paste what they have: the API reference's own examples (single quotes, `#` comments,
`ARMEABIHF`, `sm62`, options as objects), AWS CLI input documents, describe-job responses, or
this app's own renderings. `import_text` accepts all of them, repairs what has one obvious
meaning, says each repair in a sentence, and leaves the rest to the validators as problems.
Where a repair would have to choose between two values (one option spelled two ways with
different values, a key given twice) it keeps the API's spelling and reports a problem, so no
value is lost silently. Re-formatting JSON text (whitespace in CompilerOptions) is not a repair
and is not reported: the app sends compact JSON whatever the input's layout.
Nothing but `NeoConfigError` escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.errors import NeoConfigError, Problem
from core.interchange.log import ImportLog
from core.interchange.parse import parse, unwrap
from core.interchange.repair import repair_output, repair_request
from core.spec.request import check_output_config, check_request
from core.spec.service import output_keys
from core.spec.strict import differences

MAX_IMPORT_CHARS = 2 * 1024 * 1024


@dataclass
class ImportResult:
    """What the text held, repaired, with every repair said and every problem left."""

    kind: str
    api: dict[str, Any]
    repairs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = "request"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def import_text(text: str) -> ImportResult:
    """Reads any supported config text; raises NeoConfigError with a sentence when it cannot."""
    if not isinstance(text, str):
        raise NeoConfigError("Expected text to import.")
    if len(text) > MAX_IMPORT_CHARS:
        raise NeoConfigError(
            f"That is {len(text) // 1024} KB of text; a request is a few kilobytes "
            "(the limit is 2 MB). Paste only the request."
        )
    try:
        return _import(text)
    except NeoConfigError:
        raise
    except RecursionError:
        raise NeoConfigError("The text is nested too deeply to be a request.") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        raise NeoConfigError(f"Could not read the text as a config ({exc}).") from None


def _import(text: str) -> ImportResult:
    log = ImportLog()
    value, source = parse(text.lstrip("\ufeff").strip(), log)
    if not isinstance(value, dict):
        raise NeoConfigError("The text holds no JSON object; a request or OutputConfig is one.")
    value, source = unwrap(value, source, log)
    if "OutputConfig" in value or "InputConfig" in value or "CompilationJobName" in value:
        api = {k: value[k] for k in value}
        repair_request(api, log)
        request, problems = check_request(api)
        final = request.to_api() if request is not None else api
        _said_differences(api, final, "", log)
        return ImportResult("request", final, log.repairs, log.problems + problems, source)
    if any(key in value for key in output_keys()):
        api = dict(value)
        repair_output(api, log)
        return _output_result(api, log, source)
    raise NeoConfigError(
        "No request found: expected CreateCompilationJob fields (OutputConfig, InputConfig, "
        "...) or an OutputConfig (TargetDevice or TargetPlatform)."
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
    if missing_location:
        problems = [
            Problem(
                "OutputConfig.S3OutputLocation",
                "S3OutputLocation not given; fill it in before submitting.",
                "warning",
            ),
            *problems,
        ]
    return ImportResult("output_config", api, log.repairs, log.problems + problems, source)


def _said_differences(
    given: dict[str, Any], sent: dict[str, Any], path: str, log: ImportLog
) -> None:
    """What the request model itself changed (types coerced, nulls dropped), said as repairs."""
    for change in differences(given, sent, path):
        log.repair(str(change))
