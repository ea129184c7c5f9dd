"""What botocore's SageMaker service model says: enums, limits, patterns, required members.

botocore's service model is the source of truth for every enum and limit, so a botocore upgrade
brings new devices into the app with no code change. Nothing is hard-coded here that the model
already has; `core.knowledge` adds what it cannot know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.session
from botocore.model import ListShape, OperationModel, ServiceModel, Shape, StructureShape

from core.errors import quote


@cache
def service_model() -> ServiceModel:
    """The SageMaker service model shipped with the installed botocore."""
    return botocore.session.get_session().get_service_model("sagemaker")


CREATE = "CreateCompilationJob"


@cache
def create_operation() -> OperationModel:
    return service_model().operation_model(CREATE)


def reload() -> None:
    """Forgets everything read from botocore, so the next call re-reads it (tests that change
    botocore's model use it; the app never needs to)."""
    for cached in (
        service_model,
        create_operation,
        enum_values,
        limit,
        list_limit,
        required_members,
        request_fields,
    ):
        cached.cache_clear()


@cache
def enum_values(shape_name: str) -> tuple[str, ...]:
    """The values of an enum shape of the service model, e.g. enum_values("TargetDevice")."""
    return tuple(service_model().shape_for(shape_name).enum)


def target_devices() -> tuple[str, ...]:
    return enum_values("TargetDevice")


def os_values() -> tuple[str, ...]:
    return enum_values("TargetPlatformOs")


def arch_values() -> tuple[str, ...]:
    return enum_values("TargetPlatformArch")


def accelerator_values() -> tuple[str, ...]:
    return enum_values("TargetPlatformAccelerator")


def frameworks() -> tuple[str, ...]:
    return enum_values("Framework")


def _enum_key(value: str) -> str:
    return re.sub(r"[\s._-]+", "", value).casefold()


def enum_match(value: str, allowed: tuple[str, ...]) -> str | None:
    """The one enum value that value means when case and separators (_ - . space) are ignored:
    'ML_C5', 'ml.c5' -> ml_c5, 'ARMEABIHF' -> ARM_EABIHF; None when no single value fits."""
    key = _enum_key(value)
    found = [item for item in allowed if _enum_key(item) == key]
    return found[0] if len(found) == 1 else None


def enum_problem(label: str, value: str, allowed: tuple[str, ...]) -> str | None:
    """Why value is not one of an enum's values (naming the one it likely means), or None."""
    if value in allowed:
        return None
    if not value.strip():  # an import that named none, or a field left empty
        return f"{label} is required; choose one of {', '.join(allowed)}."
    meant = enum_match(value, allowed)
    hint = f"the API writes it '{meant}'." if meant else f"choose one of {', '.join(allowed)}."
    return f"{label} {quote(value)} is not an API value; {hint}"


PATTERN_HINTS: dict[str, str] = {
    "EntityName": "use ASCII letters (a-z, A-Z), digits and hyphens only, starting and ending "
    "with a letter or digit (no underscores, dots, spaces or accented letters)",
    "RoleArn": "give the IAM role's ARN, not its name alone, like "
    "arn:aws:iam::123456789012:role/SageMakerRole",
    "S3Uri": "write an S3 location, like s3://my-bucket/models/model.tar.gz",
    "FrameworkVersion": "write a version, like 1.8 or 2.9",
    "KmsKeyId": "use a key ID, key ARN, alias/Name or alias ARN",
    "NeoVpcSecurityGroupId": "write a security group ID, like sg-0123456789abcdef0",
    "NeoVpcSubnetId": "write a subnet ID, like subnet-0123456789abcdef0",
    "TagKey": "use letters, digits, spaces and _ . : / = + - @ only",
    "TagValue": "use letters, digits, spaces and _ . : / = + - @ only",
    "ModelPackageArn": "give a model package version ARN, like "
    "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1",
}
"""A sentence per pattern, so people read a hint instead of a regular expression."""

ARN_HINTS: dict[str, str] = {
    "RoleArn": "an IAM role's ARN is arn:aws:iam::<12-digit account>:role/<name>, the name "
    "(and any path) of ASCII letters, digits and + = , . @ _ - /",
}
"""The hint for a value that is an ARN already, where PATTERN_HINTS would ask for one."""


@dataclass(frozen=True)
class Limit:
    """Length/value limits and the full-match pattern of one API field."""

    min: int | None
    max: int | None
    pattern: re.Pattern[str] | None
    shape: str
    type_max: bool = False
    """max is the field's type's (a 32-bit integer), not a limit the model states."""

    def check(self, value: str | int, label: str) -> str | None:
        """A one-line sentence saying what is wrong with value, or None when it fits."""
        if isinstance(value, int):
            if self.min is not None and value < self.min:
                return f"{label} must be at least {self.min} (got {quote(value)})."
            if self.max is not None and value > self.max and self.type_max:
                return (
                    f"{label} is past {self.max}, the largest number the API's integer fields "
                    f"hold (got {quote(value)})."
                )
            if self.max is not None and value > self.max:
                return f"{label} must be at most {self.max} (got {quote(value)})."
            return None
        if value == "" and (self.min or (self.pattern and not self.pattern.fullmatch(""))):
            return f"{label} is required."
        hint = PATTERN_HINTS.get(self.shape)
        if value[:4].lower() == "arn:":
            hint = ARN_HINTS.get(self.shape, hint)
        misfit = self.pattern is not None and not self.pattern.fullmatch(value)
        if self.max is not None and len(value) > self.max:
            return f"{label} must be at most {self.max} characters long (got {len(value)})."
        placeholder = _PLACEHOLDER.search(value) if misfit else None
        if placeholder:  # the documentation's <your-account>: the hint would miss the point
            return (
                f"{label} {quote(value)} is not valid: it holds the documentation's placeholder "
                f"{quote(placeholder[0])}; put your own value in its place."
            )
        if misfit and hint:  # "give an IAM role ARN" helps where "at least 20 characters" not
            return f"{label} {quote(value)} is not valid: {hint}."
        if self.min is not None and len(value) < self.min:
            return f"{label} must be at least {self.min} characters long (got {len(value)})."
        if self.pattern is not None and misfit:
            if hint is None and self.pattern.pattern not in _TRIVIAL_PATTERNS:
                hint = f"the API's form is {self.pattern.pattern}"
            return f"{label} {quote(value)} is not valid" + (f": {hint}." if hint else ".")
        return None


_PLACEHOLDER = re.compile(r"<[^<>\s]{1,40}>")
"""A placeholder the documentation's examples write, like <your-account> or <bucket>."""

_TRIVIAL_PATTERNS = {".*", ".+", r"[\S\s]*", r"[\S\s]+", r"[\s\S]*", r"[\s\S]+"}
"""Patterns that say nothing a person can act on: never shown as a hint."""

_CLASS_ESCAPES = {
    "d": "0-9",
    "D": "\\x00-\\x2f\\x3a-\\U0010ffff",
    "w": "a-zA-Z0-9_",
    "W": "\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\U0010ffff",
    "s": " \\t\\n\\x0b\\f\\r",
    "S": "\\x00-\\x08\\x0e-\\x1f\\x21-\\U0010ffff",
}
"""Java's (ASCII) digit, word and space escapes and their negations, as class contents."""
_UNICODE_CLASSES = {
    "L": "\\w",
    "N": "\\w",
    "Z": " \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000",
}


def _translate_pattern(pattern: str) -> str:
    """The service model's (Java/ECMA) pattern as a Python regex, in one place.

    \\d, \\w and \\s mean ASCII digits, word characters and spaces there, so they are spelled
    out as ASCII classes (Python's are Unicode: '٣' would pass as a RoleArn digit). The Unicode
    classes \\p{L} and \\p{N}, which Python's re lacks, are approximated with Unicode \\w and
    \\p{Z} is listed. Line breaks are matched by "." (see `limit`).
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            nxt = pattern[index + 1]
            end = pattern.find("}", index)
            if nxt in "pP" and pattern[index + 2 : index + 3] == "{" and end > 0:
                fragment = _UNICODE_CLASSES.get(pattern[index + 3 : index + 4], "\\w")
                if in_class:  # a class cannot hold a negated class: approximate \P{..} by \W
                    out.append(fragment if nxt == "p" else "\\W")
                else:
                    out.append(f"[{'^' if nxt == 'P' else ''}{fragment}]")
                index = end + 1
                continue
            if nxt in _CLASS_ESCAPES:
                fragment = _CLASS_ESCAPES[nxt]
                out.append(fragment if in_class else f"[{fragment}]")
                index += 2
                continue
            out.append(char + nxt)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            for lead in ("^", "]"):  # a leading ] is a literal, not the end of the class
                if pattern[index : index + 1] == lead:
                    out.append(lead)
                    index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def _member(shape: Shape, name: str) -> Shape:
    """A member of a structure shape (botocore types `members` on StructureShape only)."""
    if not isinstance(shape, StructureShape):
        raise KeyError(f"{shape.name} has no member {name}")
    return shape.members[name]


def _walk(path: str, operation: str = CREATE) -> Shape:
    """The shape at a dotted path of an operation's input, through lists' members."""
    shape: Shape = service_model().operation_model(operation).input_shape
    for part in path.split(".") if path else ():
        if isinstance(shape, ListShape):
            shape = shape.member
        shape = _member(shape, part)
    return shape


def _shape_at(path: str, operation: str) -> Shape:
    shape = _walk(path, operation)
    return shape.member if isinstance(shape, ListShape) else shape


@cache
def limit(path: str, operation: str = CREATE) -> Limit:
    """Limits of a field of CreateCompilationJob (or of another operation's input), e.g.
    limit("OutputConfig.CompilerOptions")."""
    shape = _shape_at(path, operation)
    meta = shape.metadata
    pattern = meta.get("pattern")
    compiled = None
    if pattern:
        try:
            # DOTALL: no page says whether the server's "." takes a line break, and a doubt
            # never refuses; the rule options/line-break warns where it matters.
            compiled = re.compile(_translate_pattern(pattern), re.DOTALL)
        except re.error:  # a pattern Python cannot read: fall back to lengths only
            compiled = None
    low, high = meta.get("min"), meta.get("max")
    bits = _WHOLE_NUMBER_BITS.get(shape.type_name) if high is None else None
    if bits:
        return Limit(low, 2 ** (bits - 1) - 1, compiled, shape.name, type_max=True)
    return Limit(low, high, compiled, shape.name)


_WHOLE_NUMBER_BITS = {"integer": 32, "long": 64}
"""The service model's whole-number types are signed 32- and 64-bit (Smithy's integer and long;
the model keeps the two apart): a larger number is one the server cannot read, though botocore
sends it."""


@cache
def list_limit(path: str) -> tuple[int | None, int | None]:
    """(min, max) number of items of a list field, e.g. "VpcConfig.Subnets"."""
    shape = _walk(path)
    return shape.metadata.get("min"), shape.metadata.get("max")


@cache
def required_members(path: str = "") -> tuple[str, ...]:
    shape = _walk(path)
    return tuple(shape.required_members) if isinstance(shape, StructureShape) else ()


@cache
def request_fields() -> tuple[str, ...]:
    """CreateCompilationJob's members in the service model's order."""
    return tuple(create_operation().input_shape.members)


def described_request(job: dict[str, Any]) -> dict[str, Any]:
    """The request a DescribeCompilationJob answer repeats. The answer requires an InputConfig,
    which a model package's job fills from the package; such a job's request gave the package
    alone (the API refuses both), so its InputConfig is left out."""
    request = {key: job[key] for key in request_fields() if key in job}
    if request.get("ModelPackageVersionArn"):
        request.pop("InputConfig", None)
    return request


def output_keys() -> tuple[str, ...]:
    """OutputConfig's members, by which an OutputConfig pasted alone is recognised."""
    shape = _walk("OutputConfig")
    return tuple(shape.members) if isinstance(shape, StructureShape) else ()
