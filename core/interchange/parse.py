"""Reading any text people paste into a value: JSON, the docs' pseudo-JSON, Python literals,
AWS CLI commands and boto3/SDK snippets (read with `ast`, never executed)."""

from __future__ import annotations

import ast
import json
import re
import shlex
from typing import Any

from core.errors import NeoConfigError, quote
from core.interchange.log import ImportLog
from core.spec import service
from core.spec.options import compiler_options_json
from core.spec.shapes import data_input_json

SDK_TARGET_ARGS = {
    "target_instance_family": "TargetDevice",
    "target_platform_os": "Os",
    "target_platform_arch": "Arch",
    "target_platform_accelerator": "Accelerator",
}
"""The SageMaker SDK's compile() arguments that name the target, and the API's members."""


def _loads(text: str, log: ImportLog) -> Any:
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


def parse(text: str, log: ImportLog) -> tuple[Any, str]:
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
    literal = python_literal(cleaned)
    if literal is not None:
        log.repair("Read Python-style quoting (single quotes) as JSON.")
        return literal, "doc-example"
    raise NeoConfigError(
        "This is not JSON, a Python dict, an AWS CLI command or a boto3/SDK snippet that "
        "this app can read."
    )


def python_literal(text: str) -> Any:
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
            for arg, api in SDK_TARGET_ARGS.items()
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
        input_config["DataInputConfig"] = (
            shape if isinstance(shape, str) else data_input_json(shape)
        )
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


def unwrap(value: dict[str, Any], source: str, log: ImportLog) -> tuple[dict[str, Any], str]:
    """Strips what a describe response or a CLI document adds around the request fields."""
    if set(value) == {"OutputConfig"} and isinstance(value["OutputConfig"], dict):
        log.repair(
            'Read the OutputConfig inside {"OutputConfig": ...} as an OutputConfig alone: '
            "the text has no other request fields."
        )
        return value["OutputConfig"], "output-config"
    if "CompilationJobStatus" in value or "CompilationJobArn" in value:
        kept = {k: value[k] for k in service.request_fields() if k in value}
        dropped = sorted(k for k in value if k not in service.request_fields())
        if dropped:
            log.repair(
                "Read a describe-compilation-job response; kept the request fields and "
                f"dropped {', '.join(dropped)}."
            )
        return kept, "describe-response"
    if "OutputConfig" in value or "InputConfig" in value:
        unknown = [k for k in value if k not in service.request_fields()]
        if unknown:
            log.repair(f"Dropped {', '.join(sorted(unknown))}: not CreateCompilationJob fields.")
            value = {k: v for k, v in value.items() if k in service.request_fields()}
        return value, source
    return value, ("output-config" if source == "request" else source)
