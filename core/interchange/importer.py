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

import ast
import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from core import catalog
from core.base import api_json
from core.errors import NeoConfigError, Problem, quote
from core.options import COMPILER_OPTIONS_LIMIT, compiler_options_json, mattr_list
from core.request import check_output_config, check_request, differences, request_fields

MAX_IMPORT_CHARS = 2 * 1024 * 1024
FRAMEWORK_ALIASES = {"tensorflowlite": "TFLITE"}
"""Framework spellings that case- and separator-insensitive matching cannot find."""
OPTION_KEY_ALIASES = {
    "ANDROIDPLATFORM": "ANDROID_PLATFORM",
    "android_platform": "ANDROID_PLATFORM",
    "gpucode": "gpu-code",
    "gpu_code": "gpu-code",
    "trtver": "trt-ver",
    "trt_ver": "trt-ver",
    "cudaver": "cuda-ver",
    "cuda_ver": "cuda-ver",
    "precisionmode": "precision_mode",
    "signaturedefkey": "signature_def_key",
    "outputnames": "output_names",
    "classlabels": "class_labels",
    "DTYPE": "dtype",
}
OUTPUT_KEYS = ("S3OutputLocation", "TargetDevice", "TargetPlatform", "CompilerOptions", "KmsKeyId")
SDK_ARGS = {
    "target_instance_family": "TargetDevice",
    "target_platform_os": "Os",
    "target_platform_arch": "Arch",
    "target_platform_accelerator": "Accelerator",
}


@dataclass
class _Log:
    """What an import did: repairs said as sentences, and problems it found on the way."""

    repairs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def repair(self, sentence: str) -> None:
        self.repairs.append(sentence)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


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
    log = _Log()
    value, source = _parse(text.lstrip("\ufeff").strip(), log)
    if not isinstance(value, dict):
        raise NeoConfigError("The text holds no JSON object; a request or OutputConfig is one.")
    value, source = _unwrap(value, source, log)
    if "OutputConfig" in value or "InputConfig" in value or "CompilationJobName" in value:
        api = {k: value[k] for k in value}
        _repair_request(api, log)
        request, problems = check_request(api)
        final = request.to_api() if request is not None else api
        _said_differences(api, final, "", log)
        return ImportResult("request", final, log.repairs, log.problems + problems, source)
    if any(key in value for key in OUTPUT_KEYS):
        api = dict(value)
        _repair_output(api, log)
        return _output_result(api, log, source)
    raise NeoConfigError(
        "No request found: expected CreateCompilationJob fields (OutputConfig, InputConfig, "
        "...) or an OutputConfig (TargetDevice or TargetPlatform)."
    )


def _output_result(api: dict[str, Any], log: _Log, source: str) -> ImportResult:
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


def _said_differences(given: dict[str, Any], sent: dict[str, Any], path: str, log: _Log) -> None:
    """What the request model itself changed (types coerced, nulls dropped), said as repairs."""
    for change in differences(given, sent, path):
        log.repair(str(change))


def _shapes_json(value: Any) -> str:
    """The DataInputConfig string: spaced as usual, compact only when spacing breaks the limit."""
    return api_json(value, catalog.limit("InputConfig.DataInputConfig").max)


# ---- parsing -----------------------------------------------------------------------------------


def _loads(text: str, log: _Log) -> Any:
    """json.loads that reports a key given twice instead of silently keeping the last value."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found and found[key] != value:
                log.problem(
                    "",
                    f"{quote(key)} is given twice, as {quote(found[key])} and {quote(value)}; "
                    "the last was kept: keep only the one you mean.",
                )
            found[key] = value
        return found

    return json.loads(text, object_pairs_hook=pairs)


def _parse(text: str, log: _Log) -> tuple[Any, str]:
    if not text:
        raise NeoConfigError("There is nothing to import: the text is empty.")
    if text.startswith("aws ") or text.startswith("aws\\"):
        return _from_cli(text), "aws-cli-command"
    if "create_compilation_job" in text or text.startswith("import boto3"):
        return _from_python(text, "request"), "boto3-snippet"
    if ".compile(" in text:
        return _from_sdk(text), "sdk-snippet"
    try:
        return _loads(text, log), "request"
    except json.JSONDecodeError:
        log.problems.clear()
    cleaned = _strip_comments(text)
    if cleaned != text:
        log.repair("Removed '#' comments, which JSON does not allow.")
    cleaned = re.sub(r",\s*([}\]])", r"\1", cleaned)
    if not cleaned.lstrip().startswith(("{", "[")):
        cleaned = "{" + cleaned.rstrip().rstrip(",") + "}"
        log.repair("Wrapped the fragment in braces to make it one object.")
    try:
        return _loads(cleaned, log), "doc-example"
    except json.JSONDecodeError:
        log.problems.clear()
    literal = _python_literal(cleaned)
    if literal is not None:
        log.repair("Read Python-style quoting (single quotes) as JSON.")
        return literal, "doc-example"
    raise NeoConfigError(
        "This is not JSON, a Python dict, an AWS CLI command or a boto3/SDK snippet that "
        "this app can read."
    )


def _python_literal(text: str) -> Any:
    """ast.literal_eval, with JSON's true/false/null understood; None when it is no literal."""
    prepared = re.sub(r"\btrue\b", "True", text)
    prepared = re.sub(r"\bfalse\b", "False", prepared)
    prepared = re.sub(r"\bnull\b", "None", prepared)
    try:
        return ast.literal_eval(prepared)
    except (ValueError, SyntaxError, MemoryError, TypeError):
        return None


def _strip_comments(text: str) -> str:
    """Drops `#` comments that stand outside strings (the devguide's "JSON" files have them)."""
    lines = []
    for line in text.splitlines():
        quote: str | None = None
        cut = len(line)
        for index, char in enumerate(line):
            if quote:
                if char == quote and line[index - 1] != "\\":
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == "#":
                cut = index
                break
        lines.append(line[:cut].rstrip())
    return "\n".join(line for line in lines if line.strip())


def _from_cli(text: str) -> Any:
    try:
        words = shlex.split(text.replace("\\\n", " "))
    except ValueError as exc:
        raise NeoConfigError(f"The AWS CLI command's quoting is broken ({exc}).") from None
    if "--cli-input-json" not in words:
        raise NeoConfigError("The AWS CLI command has no --cli-input-json document to read.")
    index = words.index("--cli-input-json")
    if index + 1 >= len(words):
        raise NeoConfigError("--cli-input-json is not followed by a document.")
    document = words[index + 1]
    if document.startswith("file://"):
        raise NeoConfigError("The command reads a file (file://); paste that file instead.")
    try:
        return json.loads(document)
    except json.JSONDecodeError as exc:
        raise NeoConfigError(f"The --cli-input-json document is not JSON ({exc.msg}).") from None


def _parse_module(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, MemoryError) as exc:
        raise NeoConfigError(f"The Python snippet does not parse ({exc}).") from None


def _from_python(text: str, variable: str) -> Any:
    """The literal dict a boto3 snippet assigns (never executed)."""
    for node in ast.walk(_parse_module(text)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                raise NeoConfigError("The snippet's request is not a plain literal.") from None
    raise NeoConfigError("The Python snippet assigns no request dict.")


def _from_sdk(text: str) -> Any:
    """The request a SageMaker SDK `Model(...).compile(...)` snippet describes (never executed)."""
    model_args: dict[str, Any] = {}
    compile_args: dict[str, Any] = {}
    for node in ast.walk(_parse_module(text)):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        target = compile_args if name == "compile" else model_args if name == "Model" else None
        if target is None:
            continue
        for keyword in node.keywords:
            if keyword.arg:
                try:
                    target[keyword.arg] = ast.literal_eval(keyword.value)
                except ValueError:
                    raise NeoConfigError(
                        f"The SDK argument {keyword.arg} is not a plain literal."
                    ) from None
    if not compile_args:
        raise NeoConfigError("The SDK snippet has no .compile(...) call.")
    output: dict[str, Any] = {"S3OutputLocation": compile_args.get("output_path", "")}
    if compile_args.get("target_instance_family"):
        output["TargetDevice"] = compile_args["target_instance_family"]
    else:
        platform = {
            api: compile_args[arg]
            for arg, api in SDK_ARGS.items()
            if api != "TargetDevice" and compile_args.get(arg)
        }
        output["TargetPlatform"] = platform
    if compile_args.get("compiler_options") is not None:
        options = compile_args["compiler_options"]
        output["CompilerOptions"] = (
            options if isinstance(options, str) else compiler_options_json(options)
        )
    input_config: dict[str, Any] = {
        "S3Uri": model_args.get("model_data", ""),
        "Framework": str(compile_args.get("framework", "")).upper(),
    }
    if compile_args.get("framework_version"):
        input_config["FrameworkVersion"] = compile_args["framework_version"]
    shape = compile_args.get("input_shape")
    if shape is not None:
        input_config["DataInputConfig"] = shape if isinstance(shape, str) else _shapes_json(shape)
    request: dict[str, Any] = {
        "CompilationJobName": compile_args.get("job_name", ""),
        "RoleArn": compile_args.get("role") or model_args.get("role", ""),
        "InputConfig": input_config,
        "OutputConfig": output,
        "StoppingCondition": {"MaxRuntimeInSeconds": compile_args.get("compile_max_run", 900)},
    }
    if compile_args.get("tags"):
        request["Tags"] = compile_args["tags"]
    return request


def _unwrap(value: dict[str, Any], source: str, log: _Log) -> tuple[dict[str, Any], str]:
    """Strips what a describe response or a CLI document adds around the request fields."""
    if set(value) == {"OutputConfig"} and isinstance(value["OutputConfig"], dict):
        log.repair(
            'Read the OutputConfig inside {"OutputConfig": ...} as an OutputConfig alone: '
            "the text has no other request fields."
        )
        return value["OutputConfig"], "output-config"
    if "CompilationJobStatus" in value or "CompilationJobArn" in value:
        kept = {k: value[k] for k in request_fields() if k in value}
        dropped = sorted(k for k in value if k not in request_fields())
        if dropped:
            log.repair(
                "Read a describe-compilation-job response; kept the request fields and "
                f"dropped {', '.join(dropped)}."
            )
        return kept, "describe-response"
    if "OutputConfig" in value or "InputConfig" in value:
        unknown = [k for k in value if k not in request_fields()]
        if unknown:
            dropped = ", ".join(sorted(unknown))
            log.repair(f"Dropped {dropped}: not CreateCompilationJob fields.")
            value = {k: v for k, v in value.items() if k in request_fields()}
        return value, source
    return value, ("output-config" if source == "request" else source)


# ---- repairs -----------------------------------------------------------------------------------


def _repair_request(api: dict[str, Any], log: _Log) -> None:
    inputs = api.get("InputConfig")
    if isinstance(inputs, dict):
        inputs = api["InputConfig"] = dict(inputs)
        framework = inputs.get("Framework")
        if isinstance(framework, str) and framework not in catalog.frameworks():
            fixed = FRAMEWORK_ALIASES.get(framework.replace("-", "").replace("_", "").lower())
            if fixed not in catalog.frameworks():
                fixed = catalog.enum_match(framework, catalog.frameworks())
            if fixed:
                log.repair(f"Framework {quote(framework)} is written '{fixed}' in the API.")
                inputs["Framework"] = fixed
        shapes = inputs.get("DataInputConfig")
        if isinstance(shapes, (dict, list)):
            inputs["DataInputConfig"] = _shapes_json(shapes)
            log.repair("DataInputConfig was an object; the API takes it as a JSON string.")
        elif isinstance(shapes, str):
            fixed_shapes = _json_string(shapes)
            if fixed_shapes is not None and fixed_shapes != shapes:
                inputs["DataInputConfig"] = fixed_shapes
                log.repair(
                    "DataInputConfig used Python-style quotes; rewrote it as JSON "
                    f"({quote(fixed_shapes)})."
                )
    output = api.get("OutputConfig")
    if isinstance(output, dict):
        api["OutputConfig"] = dict(output)
        _repair_output(api["OutputConfig"], log)


def _json_string(text: str) -> str | None:
    """A JSON rewrite of a string holding a Python-style literal; None when it holds neither."""
    try:
        json.loads(text)
        return text
    except (json.JSONDecodeError, RecursionError):
        pass
    literal = _python_literal(text)
    if isinstance(literal, (dict, list, str, int, float)):
        return _shapes_json(literal)
    return None


def _enum_fix(value: Any, allowed: tuple[str, ...], label: str, log: _Log) -> Any:
    """An enum value written in another case or with other separators, repaired and said."""
    if not isinstance(value, str) or value in allowed:
        return value
    candidate = catalog.enum_match(value, allowed)
    if candidate is None:
        return value
    log.repair(f"{label} {quote(value)} is not an API value; using '{candidate}'.")
    return candidate


def _repair_output(output: dict[str, Any], log: _Log) -> None:
    if "TargetDevice" in output:
        output["TargetDevice"] = _enum_fix(
            output["TargetDevice"], catalog.target_devices(), "TargetDevice", log
        )
    platform = output.get("TargetPlatform")
    if isinstance(platform, dict):
        platform = output["TargetPlatform"] = dict(platform)
        for key, values in (
            ("Os", catalog.os_values()),
            ("Arch", catalog.arch_values()),
            ("Accelerator", catalog.accelerator_values()),
        ):
            if key in platform:
                platform[key] = _enum_fix(platform[key], values, key, log)
    raw = output.get("CompilerOptions")
    if raw is None:
        return
    options = _options_value(raw, log)
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
        options = _repair_option_keys(options, log)
        if isinstance(platform, dict):
            _cpu_only_nvidia(platform, options, log)
        output["CompilerOptions"] = compiler_options_json(options)
    elif isinstance(options, str):
        output["CompilerOptions"] = json.dumps(options, ensure_ascii=False)


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


def _options_value(raw: Any, log: _Log) -> Any:
    """CompilerOptions as a Python value, whatever form it came in."""
    if isinstance(raw, dict):
        log.repair("CompilerOptions was an object; the API takes it as a JSON string.")
        return dict(raw)
    if not isinstance(raw, str):
        return raw
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        if raw.strip().startswith("-"):
            log.repair("Neuron compiler flags were a bare string; encoded them as JSON.")
            return raw.strip()
        literal = _python_literal(raw)
        if isinstance(literal, dict):
            log.repair("CompilerOptions used Python-style quotes; rewrote it as JSON.")
            return literal
        return raw
    return value


def _repair_option_value(key: str, value: Any, log: _Log) -> Any:
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


def _repair_option_keys(options: dict[str, Any], log: _Log) -> dict[str, Any]:
    """Keys that lost their underscores (or took the python spelling), renamed and said; two
    spellings of one key with different values are a problem, never a silent overwrite."""
    jetpack = "JETPACK_VERSION" in options
    fixed: dict[str, Any] = {}
    written: dict[str, str] = {}  # API key -> the key it was written as
    for key, value in options.items():
        new_key = OPTION_KEY_ALIASES.get(key, key)
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


def _cpu_only_nvidia(platform: dict[str, Any], options: dict[str, Any], log: _Log) -> None:
    """The reference's m5.2xlarge example: NVIDIA named, but only CPU options given."""
    gpu_keys = {"gpu-code", "gpu_code", "trt-ver", "cuda-ver", "JETPACK_VERSION"}
    if (
        platform.get("Accelerator") == "NVIDIA"
        and options
        and set(options) <= {"mcpu", "mattr"}
        and not gpu_keys & set(options)
    ):
        del platform["Accelerator"]
        log.repair(
            "Accelerator 'NVIDIA' was given with CPU-only options (mcpu) and no gpu-code, "
            "trt-ver or cuda-ver; these options describe a CPU (the reference's m5.2xlarge is "
            "a CPU-only instance), so the Accelerator was removed. Add it back, with gpu-code, "
            "trt-ver and cuda-ver, if the host has an NVIDIA GPU."
        )
