"""Import and repair: any config a user pastes or uploads, turned into a request or OutputConfig.

People paste what they have: the API reference's own examples (single quotes, `#` comments,
`ARMEABIHF`, `sm62`, options as objects), AWS CLI input documents, describe-job responses, or
this app's own renderings. `import_text` accepts all of them, repairs what has one obvious
meaning, says each repair in a sentence, and leaves the rest to the validators as problems.
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
from core.errors import NeoConfigError, Problem
from core.request import check_output_config, check_request, request_fields

MAX_IMPORT_CHARS = 2 * 1024 * 1024
ARCH_ALIASES = {"ARMEABIHF": "ARM_EABIHF", "ARMEABI": "ARM_EABI", "X8664": "X86_64"}
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
    repairs: list[str] = []
    value, source = _parse(text.strip(), repairs)
    if not isinstance(value, dict):
        raise NeoConfigError("The text holds no JSON object; a request or OutputConfig is one.")
    value, source = _unwrap(value, source, repairs)
    if "OutputConfig" in value or "InputConfig" in value or "CompilationJobName" in value:
        api = {k: value[k] for k in value}
        _repair_request(api, repairs)
        request, problems = check_request(api)
        final = request.to_api() if request is not None else api
        return ImportResult("request", final, repairs, problems, source)
    if any(key in value for key in OUTPUT_KEYS):
        api = dict(value)
        _repair_output(api, repairs, None)
        return _output_result(api, repairs, source)
    raise NeoConfigError(
        "No request found: expected CreateCompilationJob fields (OutputConfig, InputConfig, "
        "...) or an OutputConfig (TargetDevice or TargetPlatform)."
    )


def _output_result(api: dict[str, Any], repairs: list[str], source: str) -> ImportResult:
    missing_location = not api.get("S3OutputLocation")
    probe = dict(api)
    if missing_location:
        probe["S3OutputLocation"] = "s3://placeholder/"
    config, problems = check_output_config(probe)
    if config is not None:
        final = config.to_api()
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
    return ImportResult("output_config", api, repairs, problems, source)


# ---- parsing -----------------------------------------------------------------------------------


def _parse(text: str, repairs: list[str]) -> tuple[Any, str]:
    if not text:
        raise NeoConfigError("There is nothing to import: the text is empty.")
    if text.startswith("aws ") or text.startswith("aws\\"):
        return _from_cli(text), "aws-cli-command"
    if "create_compilation_job" in text or text.startswith("import boto3"):
        return _from_python(text, "request"), "boto3-snippet"
    if ".compile(" in text:
        return _from_sdk(text), "sdk-snippet"
    try:
        return json.loads(text), "request"
    except json.JSONDecodeError:
        pass
    cleaned = _strip_comments(text)
    if cleaned != text:
        repairs.append("Removed '#' comments, which JSON does not allow.")
    cleaned = re.sub(r",\s*([}\]])", r"\1", cleaned)
    if not cleaned.lstrip().startswith(("{", "[")):
        cleaned = "{" + cleaned.rstrip().rstrip(",") + "}"
        repairs.append("Wrapped the fragment in braces to make it one object.")
    try:
        return json.loads(cleaned), "doc-example"
    except json.JSONDecodeError:
        pass
    literal = _python_literal(cleaned)
    if literal is not None:
        repairs.append("Read Python-style quoting (single quotes) as JSON.")
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
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", ""
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
        output["CompilerOptions"] = options if isinstance(options, str) else json.dumps(options)
    input_config: dict[str, Any] = {
        "S3Uri": model_args.get("model_data", ""),
        "Framework": str(compile_args.get("framework", "")).upper(),
    }
    if compile_args.get("framework_version"):
        input_config["FrameworkVersion"] = compile_args["framework_version"]
    shape = compile_args.get("input_shape")
    if shape is not None:
        input_config["DataInputConfig"] = shape if isinstance(shape, str) else json.dumps(shape)
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


def _unwrap(value: dict[str, Any], source: str, repairs: list[str]) -> tuple[dict[str, Any], str]:
    """Strips what a describe response or a CLI document adds around the request fields."""
    if "CompilationJobStatus" in value or "CompilationJobArn" in value:
        kept = {k: value[k] for k in request_fields() if k in value}
        dropped = sorted(k for k in value if k not in request_fields())
        if dropped:
            repairs.append(
                "Read a describe-compilation-job response; kept the request fields and "
                f"dropped {', '.join(dropped)}."
            )
        return kept, "describe-response"
    if "OutputConfig" in value or "InputConfig" in value:
        unknown = [k for k in value if k not in request_fields()]
        if unknown:
            dropped = ", ".join(sorted(unknown))
            repairs.append(f"Dropped {dropped}: not CreateCompilationJob fields.")
            value = {k: v for k, v in value.items() if k in request_fields()}
        return value, source
    return value, ("output-config" if source == "request" else source)


# ---- repairs -----------------------------------------------------------------------------------


def _repair_request(api: dict[str, Any], repairs: list[str]) -> None:
    inputs = api.get("InputConfig")
    framework = None
    if isinstance(inputs, dict):
        inputs = api["InputConfig"] = dict(inputs)
        framework = inputs.get("Framework")
        if isinstance(framework, str) and framework not in catalog.frameworks():
            fixed = framework.upper().replace("-", "").replace("TENSORFLOWLITE", "TFLITE")
            if fixed in catalog.frameworks():
                repairs.append(f"Framework '{framework}' is written '{fixed}' in the API.")
                inputs["Framework"] = framework = fixed
        shapes = inputs.get("DataInputConfig")
        if isinstance(shapes, (dict, list)):
            inputs["DataInputConfig"] = json.dumps(shapes)
            repairs.append("DataInputConfig was an object; the API takes it as a JSON string.")
        elif isinstance(shapes, str):
            fixed_shapes = _json_string(shapes)
            if fixed_shapes is not None and fixed_shapes != shapes:
                inputs["DataInputConfig"] = fixed_shapes
                repairs.append(
                    "DataInputConfig used Python-style quotes; rewrote it as JSON "
                    f"({fixed_shapes})."
                )
    output = api.get("OutputConfig")
    if isinstance(output, dict):
        api["OutputConfig"] = dict(output)
        _repair_output(api["OutputConfig"], repairs, framework)


def _json_string(text: str) -> str | None:
    """A JSON rewrite of a string holding a Python-style literal; None when it holds neither."""
    try:
        json.loads(text)
        return text
    except json.JSONDecodeError:
        pass
    literal = _python_literal(text)
    if isinstance(literal, (dict, list, str, int, float)):
        return json.dumps(literal)
    return None


def _enum_fix(value: Any, allowed: tuple[str, ...], label: str, repairs: list[str]) -> Any:
    if not isinstance(value, str) or value in allowed:
        return value
    candidate = ARCH_ALIASES.get(value.upper(), value.upper())
    if candidate in allowed:
        repairs.append(f"{label} '{value}' is not an API value; using '{candidate}'.")
        return candidate
    return value


def _repair_output(output: dict[str, Any], repairs: list[str], framework: Any) -> None:
    if isinstance(output.get("TargetDevice"), str):
        output["TargetDevice"] = _enum_fix(
            output["TargetDevice"].replace(".", "_"), catalog.target_devices(), "TargetDevice",
            repairs,
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
                platform[key] = _enum_fix(platform[key], values, key, repairs)
    raw = output.get("CompilerOptions")
    if raw is None:
        return
    options = _options_value(raw, repairs)
    if isinstance(options, dict):
        options = _repair_option_keys(options, repairs)
        if isinstance(platform, dict):
            _cpu_only_nvidia(platform, options, repairs)
        output["CompilerOptions"] = json.dumps(options, ensure_ascii=False)
    elif isinstance(options, str):
        output["CompilerOptions"] = json.dumps(options)


def _options_value(raw: Any, repairs: list[str]) -> Any:
    """CompilerOptions as a Python value, whatever form it came in."""
    if isinstance(raw, dict):
        repairs.append("CompilerOptions was an object; the API takes it as a JSON string.")
        return dict(raw)
    if not isinstance(raw, str):
        return raw
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        if raw.strip().startswith("-"):
            repairs.append("Neuron compiler flags were a bare string; encoded them as JSON.")
            return raw.strip()
        literal = _python_literal(raw)
        if isinstance(literal, dict):
            repairs.append("CompilerOptions used Python-style quotes; rewrote it as JSON.")
            return literal
        return raw
    return value


def _repair_option_keys(options: dict[str, Any], repairs: list[str]) -> dict[str, Any]:
    jetpack = "JETPACK_VERSION" in options
    fixed: dict[str, Any] = {}
    for key, value in options.items():
        new_key = OPTION_KEY_ALIASES.get(key, key)
        if jetpack and key == "gpu_code":
            new_key = key  # the JetPack form spells it gpu_code
        if new_key != key:
            repairs.append(f"Option '{key}' is spelled '{new_key}' in the API.")
        if new_key in ("gpu-code", "gpu_code") and isinstance(value, str):
            match = re.fullmatch(r"sm_?(\d{2,3})", value.strip(), re.IGNORECASE)
            if match and value != f"sm_{match.group(1)}":
                repairs.append(f"GPU code '{value}' is written 'sm_{match.group(1)}'.")
                value = f"sm_{match.group(1)}"
        if new_key == "mattr" and isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
            repairs.append("mattr was a string; the compiler takes a list of flags.")
        if new_key == "ANDROID_PLATFORM" and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
            repairs.append("ANDROID_PLATFORM was text; the API level is a number.")
        fixed[new_key] = value
    return fixed


def _cpu_only_nvidia(
    platform: dict[str, Any], options: dict[str, Any], repairs: list[str]
) -> None:
    """The reference's m5.2xlarge example: NVIDIA named, but only CPU options given."""
    gpu_keys = {"gpu-code", "gpu_code", "trt-ver", "cuda-ver", "JETPACK_VERSION"}
    if (
        platform.get("Accelerator") == "NVIDIA"
        and options
        and set(options) <= {"mcpu", "mattr"}
        and not gpu_keys & set(options)
    ):
        del platform["Accelerator"]
        repairs.append(
            "Accelerator 'NVIDIA' was given with CPU-only options (mcpu) and no gpu-code, "
            "trt-ver or cuda-ver; these options describe a CPU (the reference's m5.2xlarge is "
            "a CPU-only instance), so the Accelerator was removed. Add it back, with gpu-code, "
            "trt-ver and cuda-ver, if the host has an NVIDIA GPU."
        )
