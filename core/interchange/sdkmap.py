"""A compilation call found in Python code, turned into the request it sends: boto3's
`create_compilation_job(**kwargs)` as is; the SageMaker SDK's `Model.compile`,
`Estimator.compile_model` and `Session.compile_model` as the SDK v2 builds the request
(sdk_arguments.toml), each argument it cannot know kept as a hole that names its source."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from core.errors import quote
from core.interchange.holes import JsonText, Unresolved, has_holes
from core.interchange.log import ImportLog
from core.interchange.pyeval import SdkObject
from core.interchange.pywalk import FoundCall
from core.knowledge import sdk_arguments, sdk_compile
from core.knowledge.frameworks import sdk_frameworks

PLATFORM_ARGS = {
    "target_platform_os": "Os",
    "target_platform_arch": "Arch",
    "target_platform_accelerator": "Accelerator",
}


def request_from_call(call: FoundCall, log: ImportLog) -> tuple[dict[str, Any], str]:
    """The request a found call sends, and the kind of snippet it came from."""
    for note in call.notes:
        log.warn("", note)
    if call.method == "create_compilation_job":
        if call.args:
            log.warn(
                "", "create_compilation_job takes keyword arguments only; the others were left out."
            )
        return dict(call.kwargs), "boto3-snippet"
    if call.method == "session_compile_model":
        bound = _bind(call, "session_compile_model")
        fields = sdk_arguments.session_fields()
        return {
            fields[k]: v for k, v in bound.items() if k in fields and v is not None
        }, "sdk-snippet"
    return _compile(call, _bind(call, call.method), log), "sdk-snippet"


def _bind(call: FoundCall, method: str) -> dict[str, Any]:
    names = sdk_arguments.method_positional(method)
    return dict(zip(names, call.args, strict=False)) | call.kwargs


def _compile(call: FoundCall, args: dict[str, Any], log: ImportLog) -> dict[str, Any]:
    receiver = call.receiver
    owner = receiver if isinstance(receiver, SdkObject) else None
    estimator = call.method == "compile_model"
    who = call.receiver_text
    framework = args.get("framework") or (owner.cls.framework if owner else None)
    if framework is None:
        kind = "estimator" if estimator else "model"
        framework = Unresolved(
            who,
            f"{call.method}() is given no framework, and the {kind} {quote(who)} is not built in "
            "the snippet with a class that names one: fill it in.",
        )
    version = args.get("framework_version") or (
        owner.args.get("framework_version") if owner else None
    )
    inputs: dict[str, Any] = {"S3Uri": _model_data(owner, who, estimator)}
    shapes = args.get("input_shape")
    if shapes is not None:
        inputs["DataInputConfig"] = _json_arg(shapes)
    inputs["Framework"] = framework.upper() if isinstance(framework, str) else framework
    allowed = sdk_frameworks()  # compared as written: "MXNet" raises ValueError in compile()
    if isinstance(framework, str) and framework not in allowed:
        fix = (  # "darknet" for "darknet" was the advice: no spelling of it works there
            f"write {quote(framework.lower())}"
            if framework.lower() in allowed
            else "submit it from this app, boto3 or the AWS CLI, which take it"
        )
        log.warn(
            "InputConfig.Framework",
            f"The SageMaker SDK refuses framework {quote(framework)} before it sends anything "
            f"({call.method}() takes {', '.join(allowed)}, as written): {fix}. It was read as "
            f"{quote(framework.upper())}.",
        )
    output, device = _output(args, log)
    if version is not None:
        _framework_version(inputs, version, framework, device, log)
    runtime = args.get("compile_max_run")
    request: dict[str, Any] = {
        "CompilationJobName": _job_name(call, args, owner, log),
        "RoleArn": _role(call, args, owner, log),
        "InputConfig": inputs,
        "OutputConfig": output,
        "StoppingCondition": {
            "MaxRuntimeInSeconds": sdk_compile.default_max_run() if runtime is None else runtime
        },
    }
    if args.get("tags"):
        request["Tags"] = args["tags"]
    return request


def _json_arg(value: Any) -> Any:
    """input_shape / compiler_options: the SDK json.dumps a dict and passes anything else."""
    if isinstance(value, dict):
        return JsonText(value) if has_holes(value) else json.dumps(value)
    return value


def _model_data(owner: SdkObject | None, who: str, estimator: bool) -> Any:
    if estimator:
        return Unresolved(
            who,
            f"{{label}} comes from the training job of {quote(who)} (its model_data): fill it in.",
        )
    if owner is not None and "model_data" in owner.args:
        return owner.args["model_data"]
    return Unresolved(f"{who}.model_data")


def _output(args: dict[str, Any], log: ImportLog) -> tuple[dict[str, Any], Any]:
    output: dict[str, Any] = {"S3OutputLocation": args.get("output_path")}
    if output["S3OutputLocation"] is None:
        output["S3OutputLocation"] = Unresolved("", "The call gives no output_path: fill it in.")
    device = args.get("target_instance_family")
    platform = {api: args[arg] for arg, api in PLATFORM_ARGS.items() if args.get(arg) is not None}
    if device is not None:
        output["TargetDevice"] = device
        if platform:
            log.repair(
                "The SDK sends only TargetDevice when target_instance_family is given; the "
                f"target_platform_* arguments ({', '.join(platform.values())}) were left out, "
                "as it leaves them out."
            )
    elif platform:
        output["TargetPlatform"] = platform
    else:
        output["TargetDevice"] = Unresolved(
            "",
            "The call names no target (target_instance_family, or target_platform_os and "
            "target_platform_arch): fill one in.",
        )
    options = args.get("compiler_options")
    if options is not None:
        output["CompilerOptions"] = _json_arg(options)
    return output, device


def _framework_version(
    inputs: dict[str, Any], version: Any, framework: Any, device: Any, log: ImportLog
) -> None:
    """FrameworkVersion as compile() sends it: shortened to major.minor, and only where the SDK
    sends it at all (sdk_compile.toml); where v2 releases differ, kept with a warning."""
    if not isinstance(version, str) or not isinstance(framework, str):
        if isinstance(version, Unresolved):
            inputs["FrameworkVersion"] = version
        return
    short = sdk_compile.short_version(version)
    target = device if isinstance(device, str) else None
    verdicts = {
        r.name: r.sends_framework_version(framework, target) for r in sdk_compile.releases()
    }
    where = f"{framework.upper()} on " + (target or "a TargetPlatform")
    if not isinstance(device, Unresolved) and not any(verdicts.values()):
        log.repair(
            f"framework_version {quote(version)} is not sent: no SageMaker SDK v2 release sends "
            f"FrameworkVersion for {where}."
        )
        return
    inputs["FrameworkVersion"] = short
    if short != version:
        log.repair(
            f"framework_version {quote(version)} is sent as {quote(short)}, as the SDK shortens it."
        )
    if isinstance(device, Unresolved):
        log.warn(
            "InputConfig.FrameworkVersion",
            f"Whether the SDK sends FrameworkVersion depends on the target, which is not known "
            f"here; {quote(short)} was kept: leave it out if the target's SDK does not send it.",
        )
    elif not all(verdicts.values()):
        # a release's name is "<which releases>: <where they send it>"
        sending = " and ".join(name.split(":")[0] for name, sends in verdicts.items() if sends)
        silent = "; ".join(
            name.replace(":", ", which send it", 1) for name, sends in verdicts.items() if not sends
        )
        log.warn(
            "InputConfig.FrameworkVersion",
            f"SageMaker SDK releases differ for {where}: FrameworkVersion is sent by "
            f"{sending}, not by {silent}. {quote(short)} was kept: leave it out if your SDK is "
            "one that does not send it.",
        )


def _role(call: FoundCall, args: dict[str, Any], owner: SdkObject | None, log: ImportLog) -> Any:
    who = call.receiver_text
    if call.method == "compile_model":
        role = owner.args.get("role") if owner else None
        if role is None:
            return Unresolved(f"{who}.role")
    else:
        role = args.get("role")
        given = owner.args.get("role") if owner else None
        if role is None and given is not None:
            if has_holes(given) or not log.decide(
                "RoleArn",
                None,
                given,
                "compile() is given no role, and the SDK does not take the one given to the "
                f"model ({quote(who)}); it needs compile(role=...) or the SageMaker config. "
                "Use the model's role for the compilation job?",
            ):
                return Unresolved("", "compile() is given no role (role=...): fill it in.")
            role = given
        if role is None:
            return Unresolved("", "compile() is given no role (role=...): fill it in.")
    if isinstance(role, str) and not role.startswith("arn:") and "/" not in role:
        return Unresolved(
            role,
            f"The SDK turns the role name {quote(role)} into its ARN by asking IAM: fill in "
            "the ARN.",
        )
    return role


def _job_name(
    call: FoundCall, args: dict[str, Any], owner: SdkObject | None, log: ImportLog
) -> Any:
    if call.method == "compile":
        name = args.get("job_name")
        if name is None:
            return Unresolved(
                "",
                'compile() is given no job_name, which the SDK refuses ("You must provide a '
                'compilation job name"): the draft keeps a job name of its own, shown on the '
                "Output and job step.",
            )
        return name
    base = owner.args.get("base_job_name") if owner else None
    guessed = False
    if not isinstance(base, str):
        image = owner.args.get("image_uri") if owner else None
        base = owner.cls.image_base if owner else "estimator"
        guessed = owner is None or (owner.cls.name == "Estimator" and not isinstance(image, str))
        if isinstance(image, str):
            found = re.match(r"^(.+/)?([^:/]+)(:[^:]+)?$", image)
            base = found.group(2) if found else base
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H-%M-%S-%f")[:-3]
    name = f"{('compilation-' + base)[: 63 - len(stamp) - 1]}-{stamp}"
    how = (
        "made as the SDK makes it, though the SDK names it after the training image, which the "
        "snippet does not show"
        if guessed
        else "made the way the SDK makes it"
    )
    log.warn(
        "CompilationJobName",
        f"compile_model() names the job itself; {quote(name)} was {how}: change it if you like.",
    )
    return name
