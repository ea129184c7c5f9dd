"""Renderers: the same request as JSON, an AWS CLI command, a boto3 snippet, an SDK snippet."""

from __future__ import annotations

import json
import pprint
import shlex
from typing import Any


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


def sdk_unsupported_reason(api: dict[str, Any]) -> str | None:
    return "The SageMaker SDK snippet is not available yet."


def to_sdk(api: dict[str, Any]) -> str | None:
    return None
