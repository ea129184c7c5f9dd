"""Repairs: values with one obvious meaning, rewritten the way the API spells them, each said.

Where a repair would have to choose between two values (one option spelled two ways with
different values) it keeps the API's spelling and reports a problem, so no value is lost silently.
A change that alters what the request means (dropping an accelerator, another target) is no
repair: it is a decision (ImportLog.decide), applied only when the person chose it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from core.errors import quote
from core.interchange.jsonish import drop_trailing_commas, strip_comments
from core.interchange.log import ImportLog
from core.jsontext import (
    SHELL_STRIPPED,
    bare_words_quoted,
    finite,
    literal_duplicates,
    loads_last,
    python_literal,
    without_whitespace,
)
from core.knowledge.aliases import framework_aliases, option_key_aliases
from core.spec import catalog, service
from core.spec.options import COMPILER_OPTIONS_LIMIT, compiler_options_json
from core.spec.options_base import mattr_list
from core.spec.shapes import data_input_json

_INSTANCE = re.compile(r"(ml)[._-]([a-z0-9]+)[._-](\d*x?large|medium|small|metal)", re.I)
_NOT_JSON: Any = object()
"""What _options_value returns for options text that is not JSON: kept as written."""


def repair_request(api: dict[str, Any], log: ImportLog) -> None:
    inputs = api.get("InputConfig")
    if isinstance(inputs, dict):
        inputs = api["InputConfig"] = dict(inputs)
        framework = inputs.get("Framework")
        if isinstance(framework, str) and framework not in service.frameworks():
            fixed = framework_aliases().get(framework.replace("-", "").replace("_", "").lower())
            if fixed not in service.frameworks():
                fixed = service.enum_match(framework, service.frameworks())
            if fixed:
                log.repair(f"Framework {quote(framework)} is written '{fixed}' in the API.")
                inputs["Framework"] = fixed
        shapes = inputs.get("DataInputConfig")
        if isinstance(shapes, (dict, list)):
            inputs["DataInputConfig"] = data_input_json(shapes)
            kind = "an object" if isinstance(shapes, dict) else "a list"
            log.repair(f"DataInputConfig was {kind}; the API takes it as a JSON string.")
        elif isinstance(shapes, str):
            _repair_shapes_text(inputs, shapes, log)
    output = api.get("OutputConfig")
    if isinstance(output, dict):
        api["OutputConfig"] = dict(output)
        repair_output(api["OutputConfig"], log)


def _repair_shapes_text(inputs: dict[str, Any], shapes: str, log: ImportLog) -> None:
    twice = _decoded_twice(shapes)
    if twice is not None:
        inputs["DataInputConfig"] = twice
        log.repair("DataInputConfig was JSON-encoded twice; decoded it once.")
        return
    fixed = _json_string(shapes)
    if fixed is not None and fixed != shapes:
        inputs["DataInputConfig"] = fixed
        log.repair(
            f"DataInputConfig used Python-style quotes; rewrote it as JSON ({quote(fixed)})."
        )
        _said_twice("DataInputConfig", literal_duplicates(shapes), log)
        return
    unquoted = bare_words_quoted(shapes)
    if unquoted is not None:
        inputs["DataInputConfig"] = unquoted
        log.repair(f"DataInputConfig {SHELL_STRIPPED}; put them back ({quote(unquoted)}).")


def _said_twice(field: str, twice: tuple[str, ...], log: ImportLog) -> None:
    """The keys a rewrite as JSON kept one value of (the last), said as a repair."""
    if twice:
        rule = "options" if field == "CompilerOptions" else "shapes"
        log.repair(
            f"{field} named {', '.join(quote(key) for key in twice)} twice; kept the last "
            f"value, as JSON readers do (rule {rule}/duplicate-key)."
        )


def _decoded_twice(text: str) -> str | None:
    """The inner JSON of a JSON string that holds JSON text ('"{\\"data\\": ...}"'), or None."""
    try:
        inner = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(inner, str) or not inner.lstrip().startswith(("{", "[")):
        return None
    try:
        json.loads(inner)
    except (json.JSONDecodeError, RecursionError):
        return None
    return inner


def _json_string(text: str) -> str | None:
    """A JSON rewrite of a string holding a Python-style literal; None when it holds neither."""
    try:
        json.loads(text)
        return text
    except (json.JSONDecodeError, RecursionError):
        pass
    literal = python_literal(text)
    if literal is not None and isinstance(literal[0], (dict, list, str, int, float)):
        return data_input_json(literal[0])
    return None


def _enum_fix(value: Any, allowed: tuple[str, ...], label: str, log: ImportLog) -> Any:
    """An enum value written in another case or with other separators, repaired and said."""
    if not isinstance(value, str) or value in allowed:
        return value
    candidate = service.enum_match(value, allowed)
    if candidate is None:
        return value
    log.repair(f"{label} {quote(value)} is not an API value; using '{candidate}'.")
    return candidate


def _instance_family(output: dict[str, Any], log: ImportLog) -> None:
    """'ml.c5.2xlarge' names an instance type; Neo compiles for its family, ml_c5: a change of
    target, so it is the person's decision."""
    value = output.get("TargetDevice")
    found = _INSTANCE.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        return
    family = f"ml_{found.group(2).lower()}"
    if family not in service.target_devices():
        return
    if log.decide(
        "OutputConfig.TargetDevice",
        value,
        family,
        f"TargetDevice {quote(value)} is an instance type; Neo compiles for its family, "
        f"'{family}'. Compile for '{family}'?",
    ):
        output["TargetDevice"] = family


def repair_output(output: dict[str, Any], log: ImportLog) -> None:
    if "TargetDevice" in output:
        output["TargetDevice"] = _enum_fix(
            output["TargetDevice"], service.target_devices(), "TargetDevice", log
        )
        _instance_family(output, log)
    platform = output.get("TargetPlatform")
    if isinstance(platform, dict):
        platform = output["TargetPlatform"] = dict(platform)
        for key, values in (
            ("Os", service.os_values()),
            ("Arch", service.arch_values()),
            ("Accelerator", service.accelerator_values()),
        ):
            if key in platform:
                platform[key] = _enum_fix(platform[key], values, key, log)
    raw = output.get("CompilerOptions")
    if raw is None:
        return
    options = _options_value(raw, log)
    if options is _NOT_JSON:
        return
    if _neuron_object(options, output):
        log.repair(
            'Neuron flags were an object {"flags": ...}; the API takes the flag string '
            "itself, JSON-encoded."
        )
        options = options["flags"].strip()
    if isinstance(options, dict):
        if not options:
            del output["CompilerOptions"]
            log.repair("CompilerOptions held no options; left it out.")
            return
        repairs = log.scratch()  # said only if made: a rewrite past the limit is not
        options = _repair_option_keys(options, repairs)
        if isinstance(platform, dict):
            _cpu_only_nvidia(platform, options, log)
        encoded = compiler_options_json(options)
        if (written := _fits_only_as_written(raw, encoded)) is not None:
            log.warn(
                "OutputConfig.CompilerOptions",
                f"CompilerOptions is kept as written: its repaired form would be {len(encoded)} "
                "characters, past the API's limit, which the text as written is within.",
            )
            output["CompilerOptions"] = written
            return
        log.merge(repairs)
        output["CompilerOptions"] = encoded
    elif isinstance(options, str):
        output["CompilerOptions"] = json.dumps(options, ensure_ascii=False)


def _fits_only_as_written(raw: Any, encoded: str) -> str | None:
    """JSON text as written, on one line, when it is within the API's limit where its rewrite
    is not (1E2 reads as 100.0, a bare mattr becomes a list): it is then kept, as
    core.spec.options sends it, for the app's rewrite must not be what refuses a request."""
    limit = service.limit(COMPILER_OPTIONS_LIMIT).max or 0
    if not isinstance(raw, str) or len(encoded) <= limit:
        return None
    try:
        json.loads(raw)
    except (ValueError, RecursionError):
        return None
    written = without_whitespace(raw)
    return written if len(written) <= limit else None


def _neuron_object(options: Any, output: dict[str, Any]) -> bool:
    """{"flags": "..."} for an Inferentia/Trainium device: the form's view, not the API's."""
    device = output.get("TargetDevice")
    return (
        isinstance(options, dict)
        and set(options) == {"flags"}
        and isinstance(options["flags"], str)
        and isinstance(device, str)
        and catalog.device(device).options == "neuron"
    )


def _options_value(raw: Any, log: ImportLog) -> Any:
    """CompilerOptions as a Python value, whatever form it came in; _NOT_JSON (with the JSON
    syntax error said) for text that is no JSON, which is then kept exactly as written."""
    if isinstance(raw, dict):
        log.repair("CompilerOptions was an object; the API takes it as a JSON string.")
        return dict(raw)
    if not isinstance(raw, str):
        return raw
    try:
        value, twice = loads_last(raw)
    except RecursionError:
        return _NOT_JSON
    except json.JSONDecodeError as exc:
        return _options_text(raw, exc, log)
    if not finite(value):  # 1e400 (or NaN): rewritten, it would read Infinity; kept as written
        return _NOT_JSON
    _said_twice("CompilerOptions", twice, log)  # written back as JSON: earlier values go
    if isinstance(value, str) and _decoded_twice(raw) is not None:
        inner = json.loads(value)
        if isinstance(inner, dict):
            log.repair("CompilerOptions was JSON-encoded twice; decoded it once.")
            return inner
    return value


def _options_text(raw: str, error: json.JSONDecodeError, log: ImportLog) -> Any:
    """Options text that json.loads refuses: bare Neuron flags, comments, a trailing comma or
    Python quoting are repaired; anything else keeps its text and says where JSON breaks."""
    if raw.strip().startswith("-"):
        log.repair("Neuron compiler flags were a bare string; encoded them as JSON.")
        return raw.strip()
    cleaned, kinds = strip_comments(raw)
    cleaned, commas = drop_trailing_commas(cleaned)
    if kinds or commas:
        try:
            value = json.loads(cleaned)
        except (json.JSONDecodeError, RecursionError):
            pass
        else:
            if isinstance(value, dict):
                log.repair("CompilerOptions had comments or trailing commas; removed them.")
                return value
    literal = python_literal(raw)
    if literal is not None and isinstance(literal[0], dict):
        if literal[1]:
            log.repair("CompilerOptions used Python-style quotes; rewrote it as JSON.")
        else:
            log.repair("CompilerOptions was written as a Python dict; rewrote it as JSON.")
        _said_twice("CompilerOptions", literal_duplicates(raw), log)
        return literal[0]
    unquoted = bare_words_quoted(raw, decimals_as_text=True)
    if unquoted is not None:
        value, twice = loads_last(unquoted)
        if isinstance(value, dict):
            log.repair(f"CompilerOptions {SHELL_STRIPPED}; put them back.")
            _said_twice("CompilerOptions", twice, log)
            return value
    log.problem(
        COMPILER_OPTIONS_LIMIT,
        f"CompilerOptions is not valid JSON: {error.msg} at line {error.lineno}, column "
        f"{error.colno}. The text is kept as written for you to fix.",
    )
    return _NOT_JSON


def _repair_option_value(key: str, value: Any, log: ImportLog) -> Any:
    if key in ("gpu-code", "gpu_code") and isinstance(value, str):
        match = re.fullmatch(r"sm_?(\d{2,3})", value.strip(), re.IGNORECASE | re.ASCII)
        if match and value != f"sm_{match.group(1)}":
            log.repair(f"GPU code {quote(value)} is written 'sm_{match.group(1)}'.")
            return f"sm_{match.group(1)}"
    if key == "mattr" and isinstance(value, str):
        log.repair("mattr was a string; the compiler takes a list of flags.")
        return mattr_list(value)
    if (
        key == "ANDROID_PLATFORM"
        and isinstance(value, str)
        and re.fullmatch(r"\s*[0-9]+\s*", value)
    ):
        log.repair("ANDROID_PLATFORM was text; the API level is a number.")
        return int(value)
    return value


def _repair_option_keys(options: dict[str, Any], log: ImportLog) -> dict[str, Any]:
    """Keys that lost their underscores (or took the python spelling), renamed and said; two
    spellings of one key with different values are a problem, never a silent overwrite."""
    jetpack = "JETPACK_VERSION" in options
    fixed: dict[str, Any] = {}
    written: dict[str, str] = {}  # API key -> the key it was written as
    for key, value in options.items():
        new_key = option_key_aliases().get(key, key)
        if jetpack and key == "gpu_code":
            new_key = key  # the JetPack form spells it gpu_code
        value = _repair_option_value(new_key, value, log)
        if new_key in fixed:
            other = written[new_key]
            if fixed[new_key] != value:
                log.problem(
                    f"{COMPILER_OPTIONS_LIMIT}.{new_key}",
                    f"'{other}' and '{key}' both set {new_key}, to {quote(fixed[new_key])} and "
                    f"{quote(value)}; keep only the one you mean.",
                )
                if key != new_key:
                    continue  # keep the value written with the API's own spelling
            else:
                log.repair(f"Option '{key}' repeats '{other}' with the same value; kept one.")
                continue
        elif new_key != key:
            log.repair(f"Option '{key}' is spelled '{new_key}' in the API.")
        fixed[new_key] = value
        written[new_key] = key
    return fixed


def _cpu_only_nvidia(platform: dict[str, Any], options: dict[str, Any], log: ImportLog) -> None:
    """The reference's m5.2xlarge example: NVIDIA named, but only CPU options given. Dropping
    the accelerator changes the target, so it is the person's decision."""
    gpu_keys = {"gpu-code", "gpu_code", "trt-ver", "cuda-ver", "JETPACK_VERSION"}
    if (
        platform.get("Accelerator") == "NVIDIA"
        and options
        and set(options) <= {"mcpu", "mattr"}
        and not gpu_keys & set(options)
        and log.decide(
            "OutputConfig.TargetPlatform.Accelerator",
            "NVIDIA",
            None,
            "Accelerator 'NVIDIA' is given with CPU-only options (mcpu) and no gpu-code, "
            "trt-ver or cuda-ver; these options describe a CPU (the reference's m5.2xlarge is "
            "a CPU-only instance). Remove the Accelerator? Keep it, and add gpu-code, trt-ver "
            "and cuda-ver, if the host has an NVIDIA GPU.",
        )
    ):
        del platform["Accelerator"]
