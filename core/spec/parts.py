"""The request's smaller members: StoppingCondition, VpcConfig, Tag, and the KMS key check."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from core.errors import quote
from core.spec import service
from core.spec.base import StrictModel, api_limited

_KMS_FORMATS = tuple(
    re.compile(form, re.IGNORECASE)
    for form in (
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        r"mrk-[0-9a-f]{32}",
        r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+",
        r"alias/[a-zA-Z0-9/_-]+",
        r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:alias/[a-zA-Z0-9/_-]+",
    )
)
"""The OutputConfig reference's KmsKeyId formats ("can be any of the following formats": key
ID, key ARN, alias name, alias name ARN; and KMS's multi-Region key ID), in any letter case:
the reference is silent on case, so rules.toml's kms/key-form warns about it instead. An empty
value is not sent (`output_config_dict`)."""


def kms_key(value: str | None) -> str | None:
    if not value:  # None, or empty: botocore's pattern allows it, and it is not sent
        return value
    if not any(form.fullmatch(value) for form in _KMS_FORMATS):
        raise PydanticCustomError(
            "kms_format",
            "KmsKeyId {value} is not a key ID, key ARN, alias/Name or alias ARN.",
            {"value": quote(value)},
        )
    return value


def _not_a_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("bool_seconds", "A time in seconds is a number, not true/false.")
    return value


Seconds = Annotated[int, BeforeValidator(_not_a_bool)]
"""Whole seconds; JSON's true is not 1 second."""


class StoppingCondition(StrictModel):
    """How long the compilation may run (and wait)."""

    max_runtime: Annotated[Seconds, api_limited("StoppingCondition.MaxRuntimeInSeconds")] | None = (
        Field(default=None, alias="MaxRuntimeInSeconds")
    )
    max_wait: Annotated[Seconds, api_limited("StoppingCondition.MaxWaitTimeInSeconds")] | None = (
        Field(default=None, alias="MaxWaitTimeInSeconds")
    )
    max_pending: (
        Annotated[Seconds, api_limited("StoppingCondition.MaxPendingTimeInSeconds")] | None
    ) = Field(default=None, alias="MaxPendingTimeInSeconds")


def list_size(path: str, label: str, values: list[Any]) -> list[Any]:
    """The service model's item counts of a list field (botocore checks the minimum only)."""
    low, high = service.list_limit(path)
    count = len(values)
    if (low is not None and count < low) or (high is not None and count > high):
        raise PydanticCustomError(
            "list_size",
            "{label}: give at most {high} (got {count})."
            if not low
            else "{label}: give between {low} and {high} (got {count}).",
            {"label": label, "low": low, "high": high, "count": count},
        )
    return values


class VpcConfig(StrictModel):
    """Security groups and subnets for a compilation inside a VPC."""

    security_group_ids: list[Annotated[str, api_limited("VpcConfig.SecurityGroupIds")]] = Field(
        alias="SecurityGroupIds"
    )
    subnets: list[Annotated[str, api_limited("VpcConfig.Subnets")]] = Field(alias="Subnets")

    @field_validator("security_group_ids")
    @classmethod
    def _groups(cls, values: list[str]) -> list[str]:
        return list_size("VpcConfig.SecurityGroupIds", "Security groups", values)

    @field_validator("subnets")
    @classmethod
    def _subnets(cls, values: list[str]) -> list[str]:
        return list_size("VpcConfig.Subnets", "Subnets", values)


class Tag(StrictModel):
    key: Annotated[str, api_limited("Tags.Key")] = Field(alias="Key")
    value: Annotated[str, api_limited("Tags.Value")] = Field(alias="Value")
