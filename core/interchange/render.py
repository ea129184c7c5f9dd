"""Renderers: one request as JSON, an AWS CLI command, a boto3 snippet and a SageMaker SDK snippet.

Every rendering reads back through `core.interchange.importer.import_text` to the same request
(tested), so what a user copies from the Review step is exactly what the app validated.
"""

from __future__ import annotations

import json
import pprint
import shlex
from collections.abc import Callable
from typing import Any

from core.knowledge.frameworks import sdk_frameworks
from core.spec import service


def to_json(api: dict[str, Any]) -> str:
    return json.dumps(api, indent=2, ensure_ascii=False)


def output_config_json(api: dict[str, Any]) -> str:
    return json.dumps(api.get("OutputConfig", api), indent=2, ensure_ascii=False)


def to_cli(api: dict[str, Any]) -> str:
    document = json.dumps(api, ensure_ascii=False, separators=(",", ":"))
    return f"aws sagemaker create-compilation-job --cli-input-json {shlex.quote(document)}"


def to_boto3(api: dict[str, Any]) -> str:
    body = pprint.pformat(api, indent=4, width=96, sort_dicts=False)
    return (
        "import boto3\n\n"
        f"request = {body}\n\n"
        'response = boto3.client("sagemaker").create_compilation_job(**request)\n'
        'print(response["CompilationJobArn"])\n'
    )


FULL_REQUEST_FORMATS = ("cli", "boto3", "sdk")
"""Renderings that are a create-compilation-job call, so they need a whole request."""


def is_full_request(api: dict[str, Any]) -> bool:
    """A request (it has OutputConfig) rather than an OutputConfig alone."""
    return isinstance(api.get("OutputConfig"), dict)


def unsupported_reason(fmt: str, api: dict[str, Any]) -> str | None:
    """Why api cannot be rendered as fmt (one line), or None when it can."""
    if fmt in FULL_REQUEST_FORMATS and not is_full_request(api):
        members = ", ".join(service.required_members())
        return (
            f"The {fmt} rendering is a create-compilation-job call, which needs a full request "
            f"({members}, and InputConfig or ModelPackageVersionArn); this is an OutputConfig "
            "alone: render it with --format json or outputconfig."
        )
    if fmt == "sdk":
        return sdk_unsupported_reason(api)
    return None


def sdk_unsupported_reason(api: dict[str, Any]) -> str | None:
    """Why the SDK's Model.compile cannot express this request, or None when it can."""
    if not is_full_request(api):
        return unsupported_reason("sdk", api)
    if "ModelPackageVersionArn" in api:
        return (
            "The SageMaker SDK's compile() compiles a Model's model_data (an InputConfig); "
            "it has no parameter for ModelPackageVersionArn."
        )
    inputs = api.get("InputConfig") or {}
    output = api.get("OutputConfig") or {}
    framework = str(inputs.get("Framework", "")).lower()
    if not framework:
        return "The SageMaker SDK's compile() needs a framework; InputConfig names none."
    if framework not in sdk_frameworks():
        return f"The SageMaker SDK's compile() does not accept the framework {framework.upper()}."
    missing = [
        name
        for name, present in (
            ("VpcConfig", "VpcConfig" in api),
            ("KmsKeyId", "KmsKeyId" in output),
            (
                "MaxPendingTimeInSeconds",
                "MaxPendingTimeInSeconds" in (api.get("StoppingCondition") or {}),
            ),
        )
        if present
    ]
    if missing:
        return f"The SageMaker SDK's compile() has no parameter for {', '.join(missing)}."
    return None


def to_sdk(api: dict[str, Any]) -> str | None:
    """A `sagemaker.model.Model(...).compile(...)` snippet, or None (see sdk_unsupported_reason)."""
    if sdk_unsupported_reason(api):
        return None
    inputs = api.get("InputConfig") or {}
    output = api.get("OutputConfig") or {}
    platform = output.get("TargetPlatform") or {}
    arguments: dict[str, Any] = {
        "target_instance_family": output.get("TargetDevice"),
        "input_shape": inputs.get("DataInputConfig"),
        "output_path": output.get("S3OutputLocation"),
        "role": api.get("RoleArn"),
        "job_name": api.get("CompilationJobName"),
        "compile_max_run": (api.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds"),
        "framework": str(inputs.get("Framework", "")).lower(),
        "framework_version": inputs.get("FrameworkVersion"),
        "target_platform_os": platform.get("Os"),
        "target_platform_arch": platform.get("Arch"),
        "target_platform_accelerator": platform.get("Accelerator"),
        "compiler_options": output.get("CompilerOptions"),
        "tags": api.get("Tags"),
    }
    always = ("target_instance_family", "input_shape")  # compile() takes both positionally
    lines = [
        f"    {key}={value!r},"
        for key, value in arguments.items()
        if value is not None or key in always
    ]
    return (
        "from sagemaker.model import Model\n\n"
        f"model = Model(image_uri=None, model_data={inputs.get('S3Uri')!r}, "
        f"role={api.get('RoleArn')!r})\n"
        "compiled = model.compile(\n" + "\n".join(lines) + "\n)\n"
    )


RENDERERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "json": to_json,
    "outputconfig": output_config_json,
    "cli": to_cli,
    "boto3": to_boto3,
    "sdk": to_sdk,
}
