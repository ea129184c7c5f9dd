"""Strict validation: a request file must already be exactly what is sent, with no repair."""

from __future__ import annotations

import json
from typing import Any

from core.errors import NeoConfigError, Problem, quote
from core.jsontext import literal_duplicates, read_json
from core.spec import rules, service
from core.spec.options import COMPILER_OPTIONS_LIMIT
from core.spec.problems import botocore_problems, cite, safe_key
from core.spec.request import CompilationRequest, check_request

JSON_TEXT_FIELDS = ("OutputConfig.CompilerOptions", "InputConfig.DataInputConfig")
"""Fields holding JSON text: compared as parsed JSON, so whitespace alone is no difference."""


def _same(given: Any, sent: Any) -> bool:
    """Equal, types included: 900.0 is not 900, true is not 1 and "25" is not 25."""
    if type(given) is not type(sent):
        return False
    if isinstance(given, dict):
        return given.keys() == sent.keys() and all(_same(given[k], sent[k]) for k in given)
    if isinstance(given, list):
        return len(given) == len(sent) and all(map(_same, given, sent))
    if isinstance(given, float) and given != given:  # NaN equals nothing, itself included
        return bool(sent != sent)
    return bool(given == sent)


def _inside_text(path: str) -> bool:
    """Whether path is inside CompilerOptions or DataInputConfig: SageMaker's model does not
    read inside these strings, and no page says whether the compiler takes a value written
    otherwise than the app sends it ("+neon" for ["+neon"], "25" for 25), so a warning."""
    return path.startswith(tuple(f"{field}." for field in JSON_TEXT_FIELDS))


_DOUBT = "the form the reference writes; no page says whether SageMaker takes the other."


def _changed(given: Any, sent: Any, path: str, *, inside: bool = False) -> Problem:
    label = path.rsplit(".", 1)[-1] or "The request"
    shown, sending = _apart(given, sent)
    if inside or _inside_text(path):
        return Problem(path, f"{label} is {shown}; the app sends {sending}, {_DOUBT}", "warning")
    return Problem(path, f"{label} is {shown}; the API form is {sending}.")


def _apart(given: Any, sent: Any) -> tuple[str, str]:
    """Both values quoted; two long texts that differ past what a quote shows are shown from
    a little before their first difference (both read the same, cut, beside each other)."""
    shown, sending = quote(given), quote(sent)
    if shown != sending or not (isinstance(given, str) and isinstance(sent, str)):
        return shown, sending
    at = next((i for i, (a, b) in enumerate(zip(given, sent, strict=False)) if a != b), None)
    start = max(0, (min(len(given), len(sent)) if at is None else at) - 20)
    return quote("…" + given[start:]), quote("…" + sent[start:])


def _json_text_differences(given: str, sent: str, path: str) -> list[Problem]:
    try:
        given_value, sent_value = json.loads(given), json.loads(sent)
    except (ValueError, RecursionError):
        return [_changed(given, sent, path)]
    if isinstance(given_value, dict) and isinstance(sent_value, dict):
        return differences(given_value, sent_value, path)
    # JSON both: a Neuron flag string the app trims ("--verbose 1 "), read by the compiler
    same = _same(given_value, sent_value)
    return [] if same else [_changed(given_value, sent_value, path, inside=True)]


def differences(given: Any, sent: Any, path: str = "") -> list[Problem]:
    """Where a request differs from what `to_api()` sends: each is a repair the file needs.

    Members `to_api()` adds (defaults such as MaxRuntimeInSeconds 900) are not differences:
    leaving out an optional member is valid as it is. A member it leaves out because it is
    empty ("{ }" options) is a warning: sending it is valid too.
    """
    if path in JSON_TEXT_FIELDS and isinstance(given, str) and isinstance(sent, str):
        return [] if given == sent else _json_text_differences(given, sent, path)
    if isinstance(given, dict) and isinstance(sent, dict):
        found: list[Problem] = []
        for key, value in given.items():
            name = safe_key(key)
            where = f"{path}.{name}" if path else name
            if key in sent:
                found += differences(value, sent[key], where)
            elif value is None and _inside_text(where):
                found.append(
                    Problem(where, f"{name} is null; the app leaves it out, {_DOUBT}", "warning")
                )
            elif value is None:  # botocore refuses a null member
                found.append(Problem(where, f"{name} is null; the API form leaves it out."))
            else:  # empty, and valid as it is: the app leaves it out, AWS takes it either way
                found.append(
                    Problem(
                        where,
                        f"{name} {quote(value)} says nothing; the app leaves it out (sending it "
                        "is allowed).",
                        "warning",
                    )
                )
        return found
    if isinstance(given, list) and isinstance(sent, list) and len(given) == len(sent):
        pairs = enumerate(zip(given, sent, strict=True))
        return [p for i, (one, other) in pairs for p in differences(one, other, f"{path}[{i}]")]
    return [] if _same(given, sent) else [_changed(given, sent, path)]


def _covered(path: str, problems: list[Problem]) -> bool:
    """Whether a problem at path is already said (at that path, or above or below it)."""
    for problem in problems:
        if problem.path == path:
            return True
        if (
            path
            and problem.path
            and (path.startswith(problem.path + ".") or problem.path.startswith(path + "."))
        ):
            return True
    return False


def _as_written(api: dict[str, Any]) -> list[Problem]:
    """CompilerOptions' limit and its field rules (options/line-break) applied to the file's
    own text: what the app sends is its one-line form, what the file sends is the text."""
    output = api.get("OutputConfig")
    raw = output.get("CompilerOptions") if isinstance(output, dict) else None
    if not isinstance(raw, str):
        return []
    message = service.limit(COMPILER_OPTIONS_LIMIT).check(raw, "CompilerOptions as written")
    written = rules.evaluate(rules.Facts(api={"OutputConfig": {"CompilerOptions": raw}}), "fields")
    return [
        *([Problem("OutputConfig.CompilerOptions", message)] if message else []),
        *(finding.problem() for finding in written),
    ]


def json_form(api: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The developer guide's own job files write DataInputConfig and CompilerOptions with
    Python-style quotes; no page says whether SageMaker accepts them, so they are checked in
    their JSON form and warned about, never refused. Returns the request with those fields in
    JSON, and a warning each (offering the JSON form)."""
    warnings: list[Problem] = []
    fixed = dict(api)
    for path in JSON_TEXT_FIELDS:
        section, key = path.split(".")
        part = fixed.get(section)
        if not isinstance(part, dict) or not isinstance(part.get(key), str):
            continue
        text = part[key]
        try:
            value, python_style = read_json(text, key, lenient=True)
        except NeoConfigError:
            continue  # not JSON and not Python-style: the checks below say why
        if not python_style or not isinstance(value, (dict, list, str)):
            continue
        as_json = json.dumps(value, ensure_ascii=False)
        fixed[section] = {**part, key: as_json}
        twice = literal_duplicates(text)
        lost = (
            f" It names {', '.join(quote(name) for name in twice)} twice; the JSON form keeps "
            "the last value."
            if twice
            else ""
        )
        said = (
            f"{key} is written with Python-style quotes, as the developer guide's job files "
            "write it; no page says whether SageMaker accepts that, and it may refuse it: send "
            f"the JSON form, {quote(as_json, 200)}"
        )
        warnings.append(Problem(path, cite("python_style", path, said) + lost, "warning"))
    return fixed, warnings


def check_strict(api: Any) -> tuple[CompilationRequest | None, list[Problem]]:
    """Strict validation: the dict must already be the request boto3 takes, unchanged.

    On top of `check_request`: botocore's ParamValidator on the dict as given (types, unknown
    keys, nulls) and every difference from `to_api()` (a value the app would repair, coerce
    or drop) is a problem. CompilerOptions and DataInputConfig are compared as parsed JSON, so
    whitespace is formatting, not a problem; CompilerOptions' length counts as written.
    """
    if not isinstance(api, dict):
        return None, [Problem("", "A request must be a JSON object.")]
    if not set(api) & set(service.request_fields()) and {"TargetDevice", "TargetPlatform"} & set(
        api
    ):
        return None, [
            Problem(
                "",
                "This is an OutputConfig alone; a request wraps it as OutputConfig beside "
                f"{', '.join(m for m in service.required_members() if m != 'OutputConfig')}.",
            )
        ]
    api, quoted = json_form(api)
    request, found = check_request(api)
    errors = [p for p in found if p.severity == "error"]
    warnings = [*quoted, *(p for p in found if p.severity == "warning")]
    for problem in botocore_problems(api):
        if not _covered(problem.path, errors):
            errors.append(problem)
    if request is not None:
        for problem in [*_as_written(api), *differences(api, request.to_api())]:
            if _covered(problem.path, errors):
                continue
            (warnings if problem.severity == "warning" else errors).append(problem)
    if errors:
        return None, errors + warnings
    return request, warnings
