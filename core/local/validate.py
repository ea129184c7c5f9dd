"""What SageMaker refuses in CreateCompilationJob, refused by the local endpoint the same way.

moto checks nothing: a request without S3OutputLocation crashed it (HTTP 500) and any value
passed. Two layers, in AWS's order: the service model's constraints (required members, types,
enums, patterns, lengths, list sizes), worded as AWS words them (`1 validation error detected:
Value '...' at 'outputConfig.targetDevice' failed to satisfy constraint: ...`); then the app's
own checks of what SageMaker refuses beyond the model (`core.spec.request.check_request`: JSON of
CompilerOptions and DataInputConfig, S3 URI schemes, ARNs, KMS formats, platform combinations,
tag count), each a plain sentence. Warnings never refuse: SageMaker accepts those requests.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.model import Shape

from core.spec import service
from core.spec.request import check_request
from core.spec.strict import json_form


class Refusal(Exception):
    """The request is refused; `code` is the AWS error code, the message AWS's wording."""

    def __init__(self, message: str, code: str = "ValidationException") -> None:
        super().__init__(message)
        self.message, self.code = message, code


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, separators=(", ", "="))


def _fail(value: Any, where: str, constraint: str) -> str:
    shown = "null" if value is None else f"'{_shown(value)}'"
    return f"Value {shown} at '{where}' failed to satisfy constraint: Member must {constraint}"


class _Walk:
    """Collects AWS-worded constraint failures over an operation's input shape."""

    def __init__(self, operation: str) -> None:
        self.operation = operation
        self.errors: list[str] = []
        self.wrong_type: str | None = None

    def value(self, shape: Shape, value: Any, where: str, path: str) -> None:
        kind = shape.type_name
        if kind == "structure":
            self.structure(shape, value, where, path)
        elif kind == "list":
            self.list(shape, value, where, path)
        elif kind == "string":
            self.string(shape, value, where, path)
        elif kind in ("integer", "long"):
            if not isinstance(value, int) or isinstance(value, bool):
                self.wrong_type = f"{where} must be a number"
                return
            low, high = shape.metadata.get("min"), shape.metadata.get("max")
            self.bounds(value, value, low, high, where, "value")

    def bounds(
        self, value: Any, size: int, low: int | None, high: int | None, where: str, what: str
    ) -> None:
        """AWS's wording for a number (what="value") or a length out of [low, high]."""
        if low is not None and size < low:
            self.errors.append(_fail(value, where, f"have {what} greater than or equal to {low}"))
        if high is not None and size > high:
            self.errors.append(_fail(value, where, f"have {what} less than or equal to {high}"))

    def structure(self, shape: Any, value: Any, where: str, path: str) -> None:
        if not isinstance(value, dict):
            self.wrong_type = f"{where or 'the request'} must be an object"
            return
        for name, member in shape.members.items():
            inner = f"{where}.{_camel(name)}" if where else _camel(name)
            if value.get(name) is None:
                if name in shape.required_members:
                    self.errors.append(_fail(None, inner, "not be null"))
                continue
            self.value(member, value[name], inner, f"{path}.{name}" if path else name)

    def list(self, shape: Any, value: Any, where: str, path: str) -> None:
        if not isinstance(value, list):
            self.wrong_type = f"{where} must be a list"
            return
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        self.bounds(value, len(value), low, high, where, "length")
        for index, item in enumerate(value, start=1):  # AWS counts members from 1
            self.value(shape.member, item, f"{where}.{index}.member", path)

    def string(self, shape: Any, value: Any, where: str, path: str) -> None:
        if not isinstance(value, str):
            self.wrong_type = f"{where} must be a string"
            return
        enum = shape.enum
        if enum:
            if value not in enum:
                self.errors.append(
                    _fail(value, where, f"satisfy enum value set: [{', '.join(enum)}]")
                )
            return
        limit = service.limit(path, self.operation)
        self.bounds(value, len(value), limit.min, limit.max, where, "length")
        pattern = shape.metadata.get("pattern")
        if pattern and limit.pattern is not None and not limit.pattern.fullmatch(value):
            self.errors.append(
                _fail(value, where, f"satisfy regular expression pattern: {pattern}")
            )


def constraint_errors(params: dict[str, Any], operation: str = service.CREATE) -> list[str]:
    """The service model's constraints that params break, worded as AWS words them."""
    walk = _Walk(operation)
    walk.structure(service.service_model().operation_model(operation).input_shape, params, "", "")
    if walk.wrong_type:
        raise Refusal(f"Start of structure or value of the wrong type: {walk.wrong_type}.",
                      "SerializationException")  # fmt: skip
    return walk.errors


def check_constraints(params: dict[str, Any], operation: str) -> None:
    """Raises Refusal when params break the operation's constraints, which the server alone
    checks (botocore's validator checks types and minimums only): a job name filter with '_'
    or a status in the wrong case was an empty list here and a ValidationException on AWS."""
    errors = constraint_errors(params, operation)
    if errors:
        count = len(errors)
        head = f"{count} validation error{'s' if count > 1 else ''} detected: "
        raise Refusal(head + "; ".join(errors))


def check_create(params: dict[str, Any]) -> None:
    """Raises Refusal for what SageMaker would refuse in this CreateCompilationJob."""
    check_constraints(params, service.CREATE)
    output = params.get("OutputConfig") or {}
    device, platform = output.get("TargetDevice"), output.get("TargetPlatform")
    if device and platform:
        raise Refusal("OutputConfig: TargetDevice and TargetPlatform are mutually exclusive.")
    if not device and not platform:
        raise Refusal("OutputConfig: one of TargetDevice or TargetPlatform is required.")
    if params.get("InputConfig") and params.get("ModelPackageVersionArn"):
        raise Refusal(
            "InputConfig and ModelPackageVersionArn cannot be specified at the same time."
        )
    if not params.get("InputConfig") and not params.get("ModelPackageVersionArn"):
        raise Refusal("Either InputConfig or ModelPackageVersionArn must be specified.")
    _, problems = check_request(json_form(params)[0])  # Python-style quotes warn (strict.py)
    refusals = [str(p) for p in problems if p.severity == "error"]
    if refusals:
        raise Refusal(" ".join(refusals))
