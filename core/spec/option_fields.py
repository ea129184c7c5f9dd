"""What a form needs to draw each CompilerOptions field, generated from the options models."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from core.spec.options import CompilerOptionsBase


@dataclass(frozen=True)
class OptionField:
    """What a form needs to draw one option: generated from the model, never written by hand."""

    key: str
    name: str
    kind: Literal["text", "int", "choice", "list"]
    required: bool
    help: str
    example: Any
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


def option_fields(model: type[CompilerOptionsBase]) -> list[OptionField]:
    """The fields of an options model, in order, described for a form."""
    return list(_fields(model))


@cache
def _fields(model: type[CompilerOptionsBase]) -> tuple[OptionField, ...]:
    """Made once per model: its JSON schema costs most of a millisecond, and the options step
    asks on every rerun."""
    schema = model.model_json_schema(by_alias=True)
    required = {*schema.get("required", []), *model.form_required}
    if model.takes_string:  # the one field is the whole CompilerOptions: left empty, none is sent
        required = set()
    fields: list[OptionField] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        prop = schema["properties"][key]
        variants = prop.get("anyOf", [prop])
        concrete = next((v for v in variants if v.get("type") != "null"), prop)
        kind: Literal["text", "int", "choice", "list"] = "text"
        choices: tuple[str, ...] = ()
        enum = concrete.get("enum") or prop.get("enum")  # a Literal's, or text's known values
        if enum:
            kind, choices = "choice", tuple(enum)
        elif concrete.get("type") == "integer":
            kind = "int"
        elif concrete.get("type") == "array":
            kind = "list"
        fields.append(
            OptionField(
                key=key,
                name=name,
                kind=kind,
                required=key in required,
                help=field.description or "",
                example=(field.examples or [None])[0],
                choices=choices,
                minimum=concrete.get("minimum"),
                maximum=concrete.get("maximum"),
            )
        )
    return tuple(fields)
