"""Renderers: one request as JSON, an AWS CLI command, a boto3 snippet and a SageMaker SDK snippet.

Every rendering sends the request it was made from: the boto3 snippet and the CLI command are run
against the local endpoint in the tests, which compare what it received with the request; the SDK
snippet is exported only when the SDK's compile() sends exactly that request
(`sdk_unsupported_reason` says why not otherwise, and the UI offers the boto3 snippet instead).
"""

from __future__ import annotations

import json
import shlex
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pydantic_core

from core.jsontext import ContentMemo
from core.knowledge import sdk_compile
from core.knowledge.frameworks import sdk_frameworks
from core.spec import service

_HIDDEN = frozenset({"Cf", "Zl", "Zp"})
"""Unicode categories escaped in JSON shown to a person: format characters and the line and
paragraph separators."""


class _FormatEscapes(dict[int, str]):
    """Format characters (Unicode's Cf, in every plane) and the line breaks JSON leaves raw
    (U+0085, U+2028, U+2029) as JSON escapes, for str.translate; every other character maps to
    itself. Filled as characters are met: the first look-up of a
    character asks unicodedata, the next ones are a dict's."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        hidden = unicodedata.category(char) in _HIDDEN or char == "\x85"
        self[code] = json.dumps(char)[1:-1] if hidden else char
        return self[code]


_INVISIBLE_ESCAPES = _FormatEscapes()
"""Shown raw, a bidirectional control (U+202E) reorders the rest of its line, so the JSON reads
otherwise than it is, and a zero-width one (U+200B) makes "in\u200bput0" read as input0, a name
no model has. In JSON they can only stand inside strings, where the escape means the same
character."""


def invisible_escaped(text: str) -> str:
    """text with format characters as JSON escapes (for JSON text only)."""
    return text.translate(_INVISIBLE_ESCAPES) if not text.isascii() else text


def to_json(api: dict[str, Any]) -> str:
    """api as indented JSON. pydantic-core's serializer writes what `json.dumps(indent=2,
    ensure_ascii=False)` writes (a float may be spelled another way, 1e-05 as 0.00001) a tenth
    of the time: json's indenting encoder is pure Python, and the preview renders on every
    change. Text it cannot encode as UTF-8 (a lone surrogate) goes through json."""
    try:
        text = pydantic_core.to_json(api, indent=2).decode()
    except pydantic_core.PydanticSerializationError:
        text = json.dumps(api, indent=2, ensure_ascii=False)
    return invisible_escaped(text)


def output_config_json(api: dict[str, Any]) -> str:
    return to_json(api.get("OutputConfig", api))


@dataclass(frozen=True)
class Where:
    """Where a copied snippet sends its call, so it runs where the user is: AWS's region, or
    an endpoint that is not AWS's (the local simulation, with the keys it takes)."""

    region: str | None = None
    endpoint_url: str | None = None
    access_key_id: str | None = None
    """Only for the local simulation, whose keys are not AWS credentials."""
    secret_access_key: str | None = None
    note: str = ""
    """A comment line for the snippet, e.g. that it talks to the app's local simulation."""

    @property
    def comment(self) -> str:
        """The note as the snippet's first line, or nothing."""
        return f"# {self.note}\n" if self.note else ""

    def python_arguments(self, *, endpoint: bool) -> list[str]:
        """The keyword arguments (name=value) that point a boto3 client or session here;
        endpoint_url only for a client (a session takes none)."""
        pairs = (
            ("region_name", self.region),
            ("endpoint_url", self.endpoint_url if endpoint else None),
            ("aws_access_key_id", self.access_key_id),
            ("aws_secret_access_key", self.secret_access_key),
        )
        return [f"{name}={value!r}" for name, value in pairs if value]


NOWHERE = Where()
"""No region or endpoint: the snippet uses the caller's own AWS configuration."""


def to_cli(api: dict[str, Any], where: Where = NOWHERE) -> str:
    document = invisible_escaped(json.dumps(api, ensure_ascii=False, separators=(",", ":")))
    keys = ""
    if where.access_key_id and where.secret_access_key:
        keys = (
            f"AWS_ACCESS_KEY_ID={shlex.quote(where.access_key_id)} "
            f"AWS_SECRET_ACCESS_KEY={shlex.quote(where.secret_access_key)} "
        )
    flags = "".join(
        f" --{flag} {shlex.quote(value)}"
        for flag, value in (("region", where.region), ("endpoint-url", where.endpoint_url))
        if value
    )
    return (
        f"{where.comment}{keys}aws sagemaker create-compilation-job{flags} "
        f"--cli-input-json {shlex.quote(document)}"
    )


def python_text(value: Any, indent: int = 0) -> str:
    """A JSON value as a Python literal, one member a line as black writes it; strings in
    double quotes unless they hold one (a CompilerOptions JSON string reads better in single
    quotes than escaped). A quarter of pprint's time: every rerun of Review renders it."""
    if isinstance(value, dict) and value:
        inner = " " * (indent + 4)
        members = "".join(
            f"{inner}{_python_str(key)}: {python_text(item, indent + 4)},\n"
            for key, item in value.items()
        )
        return "{\n" + members + " " * indent + "}"
    if isinstance(value, list) and value:
        inner = " " * (indent + 4)
        items = "".join(f"{inner}{python_text(item, indent + 4)},\n" for item in value)
        return "[\n" + items + " " * indent + "]"
    if isinstance(value, str):
        return _python_str(value)
    return repr(value)  # {}, [], numbers, True, False, None


def _python_str(text: str) -> str:
    """repr(text) (it escapes what is not printable), in double quotes when text holds none."""
    literal = repr(text)
    if '"' in text or literal.startswith('"'):
        return literal
    # inside repr's single quotes every ' is escaped as \' and nothing else ends in a quote
    return '"' + literal[1:-1].replace("\\'", "'") + '"'


def to_boto3(api: dict[str, Any], where: Where = NOWHERE) -> str:
    body = python_text(api)
    arguments = "".join(f", {argument}" for argument in where.python_arguments(endpoint=True))
    return (
        f"{where.comment}import boto3\n\n"
        f"request = {body}\n\n"
        f'client = boto3.client("sagemaker"{arguments})\n'
        "response = client.create_compilation_job(**request)\n"
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


def _member(api: dict[str, Any], path: str) -> Any:
    node: Any = api
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _framework_version_reason(api: dict[str, Any]) -> str | None:
    """Why compile() would not send this FrameworkVersion exactly (sdk_compile.toml)."""
    inputs = api.get("InputConfig") or {}
    version = inputs.get("FrameworkVersion")
    if version is None:
        return None
    framework = str(inputs.get("Framework", "")).lower()
    device = (api.get("OutputConfig") or {}).get("TargetDevice")
    if device is None:
        return "the SDK never sends FrameworkVersion for a TargetPlatform"
    short = sdk_compile.short_version(version)
    if short != version:
        return f"the SDK shortens FrameworkVersion {version!r} to {short!r}"
    sent = [r.sends_framework_version(framework, device) for r in sdk_compile.releases()]
    if not any(sent):
        return f"the SDK does not send FrameworkVersion for {framework.upper()} on {device}"
    if not all(sent):
        return (
            f"SDK v2 releases differ on sending FrameworkVersion for {framework.upper()} on "
            f"{device} (Model._compilation_job_config)"
        )
    return None


def sdk_unsupported_reason(api: dict[str, Any]) -> str | None:
    """Why the SDK's Model.compile cannot send exactly this request, or None when it can.

    compile() (SageMaker Python SDK v2, sdk_compile.toml) always sends DataInputConfig and
    MaxRuntimeInSeconds, sends FrameworkVersion only on some framework/device pairs and shortened
    to major.minor, and has no parameter for VPC, KMS, pending or wait times. A snippet that would
    send another request is never exported: the reason says why, and boto3 sends it exactly.
    """
    if not is_full_request(api):
        return unsupported_reason("sdk", api)
    if "ModelPackageVersionArn" in api:
        return (
            "The SageMaker SDK's compile() compiles a Model's model_data (an InputConfig); "
            "it has no parameter for ModelPackageVersionArn."
        )
    inputs = api.get("InputConfig") or {}
    framework = str(inputs.get("Framework", "")).lower()
    if not framework:
        return "The SageMaker SDK's compile() needs a framework; InputConfig names none."
    if framework not in sdk_frameworks():
        return f"The SageMaker SDK's compile() does not accept the framework {framework.upper()}."
    missing = [path.rsplit(".", 1)[-1] for path in sdk_compile.no_parameter() if _member(api, path)]
    if missing:
        return (
            f"The SageMaker SDK's compile() has no parameter for {', '.join(missing)}; "
            "the boto3 snippet sends it."
        )
    reasons = []
    if inputs.get("DataInputConfig") is None:
        reasons.append(
            "compile() always sends DataInputConfig (input_shape), and this request has none"
        )
    if _member(api, "StoppingCondition.MaxRuntimeInSeconds") is None:
        reasons.append(
            "compile() always sends MaxRuntimeInSeconds "
            f"({sdk_compile.default_max_run()} seconds unless compile_max_run is given)"
        )
    version = _framework_version_reason(api)
    if version:
        reasons.append(version)
    if reasons:
        said = "; ".join(reasons)
        return (
            f"The SageMaker SDK cannot send this request exactly: {said}; the boto3 snippet does."
        )
    return None


def _sdk_session(where: Where) -> tuple[str, str, str]:
    """(imports, the lines making a SageMaker Session for where, Model's argument naming it);
    all empty for NOWHERE: the SDK's default session, from the caller's configuration."""
    if not where.python_arguments(endpoint=True):
        return "", "", ""
    arguments = ", ".join(where.python_arguments(endpoint=False))
    endpoint = f", endpoint_url={where.endpoint_url!r}" if where.endpoint_url else ""
    return (
        "import boto3\n",
        "from sagemaker.session import Session\n\n"
        f"boto_session = boto3.Session({arguments})\n"
        "session = Session(\n    boto_session=boto_session,\n"
        f'    sagemaker_client=boto_session.client("sagemaker"{endpoint}),\n)\n',
        ", sagemaker_session=session",
    )


def to_sdk(api: dict[str, Any], where: Where = NOWHERE) -> str | None:
    """A `sagemaker.model.Model(...).compile(...)` snippet that sends exactly this request, or
    None (see sdk_unsupported_reason). Shapes and options are passed as the JSON strings the API
    takes, which compile() sends unchanged; a session names where's region and endpoint."""
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
    imports, session, session_argument = _sdk_session(where)
    return (
        f"{where.comment}"
        f"# SageMaker Python SDK v2 (pip install '{sdk_compile.package()}'): sagemaker.model is\n"
        "# gone in 3.x. Shapes and options are the API's JSON strings, which compile() sends as\n"
        "# they are. In SageMaker Studio or with a SageMaker config file, the SDK may add tags.\n"
        f"{imports}from sagemaker.model import Model\n{session}\n"
        f"model = Model(image_uri=None, model_data={inputs.get('S3Uri')!r}, "
        f"role={api.get('RoleArn')!r}{session_argument})\n"
        "compiled = model.compile(\n" + "\n".join(lines) + "\n)\n"
    )


RENDERERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "json": to_json,
    "outputconfig": output_config_json,
    "cli": to_cli,
    "boto3": to_boto3,
    "sdk": to_sdk,
}


@dataclass(frozen=True)
class Renderings:
    """One request in every format (RENDERERS' names), the CLI and boto3 ones for a Where."""

    json: str
    outputconfig: str
    cli: str
    boto3: str
    sdk: str | None


_RENDERED: ContentMemo[Renderings] = ContentMemo()


def renderings(api: dict[str, Any], where: Where = NOWHERE) -> Renderings:
    """Every rendering of api, reused while api's content and where are the same (Review
    renders them all on every rerun)."""
    return _RENDERED.reuse(
        api,
        lambda: Renderings(
            json=to_json(api),
            outputconfig=output_config_json(api),
            cli=to_cli(api, where),
            boto3=to_boto3(api, where),
            sdk=to_sdk(api, where),
        ),
        where,
    )
