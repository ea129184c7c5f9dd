"""What every CompilerOptions model shares: the base model, its JSON string and the helpers.

The API takes CompilerOptions as a JSON *string* whose keys depend on the target; the models of
each target family live in `core.spec.options`, which re-exports everything here.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any, ClassVar, get_args

from pydantic import (
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    PrivateAttr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from core.errors import quote
from core.jsontext import finite
from core.knowledge.aliases import option_key_aliases
from core.spec import service
from core.spec.base import StrictModel, api_json, fail

COMPILER_OPTIONS_LIMIT = "OutputConfig.CompilerOptions"


def compiler_options_json(value: Any) -> str:
    """The CompilerOptions string: spaced as usual, compact only when spacing breaks the limit."""
    return api_json(value, service.limit(COMPILER_OPTIONS_LIMIT).max)


class CompilerOptionsBase(StrictModel):
    """Shared behaviour: the documented keys as fields, serialisation to the API string.

    Keys the documentation does not give for the target are kept and sent, not refused: the
    reference lists keys per target but never says others are refused ("where the
    documentation is silent, warn"), so rules.toml's options/undocumented-key warns about them.
    """

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    family: ClassVar[str] = "base"
    title: ClassVar[str] = "Compiler options"
    required: ClassVar[bool] = False
    """Whether the target needs CompilerOptions at all (NVIDIA platforms do)."""
    takes_string: ClassVar[bool] = False
    """Whether the API value is one JSON string (Neuron's flags) rather than an object."""
    form_required: ClassVar[tuple[str, ...]] = ()
    """Keys a form marks required beyond the model's required fields (one the model takes in
    either of two spellings is optional to pydantic, required to the user)."""
    documents_keys: ClassVar[bool] = True
    """Whether the fields are the documented keys (False for a target we do not describe)."""
    _duplicate_keys: tuple[str, ...] = PrivateAttr(default=())
    _written_numbers: dict[str, int | float] = PrivateAttr(default_factory=dict)
    _given_order: tuple[str, ...] = PrivateAttr(default=())
    """The keys in the order the request gave them: sent in that order, so what is sent is
    what the preview and the exports show (Submit compared the two, and a reorder read as
    another request)."""
    _as_written: str | None = PrivateAttr(default=None)
    """The string as the request wrote it, sent instead of the app's form of it when only the
    written one is within the API's 1024 characters (1E2 is 100.0 once read, a bare mattr a
    list): the app's rewrite must not be what refuses a request."""

    def send_as_written(self, written: str) -> None:
        self._as_written = written

    @property
    def written_numbers(self) -> tuple[str, ...]:
        """Keys the reference's examples give as text that were written as numbers."""
        return tuple(self._written_numbers)

    @model_validator(mode="wrap")
    @classmethod
    def _numbers_where_text_goes(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """A number where the examples write text ("cuda-ver": 10.0): the reference never
        states a type, so it is checked as its JSON text (10.0 is in cuda-ver's x.y form),
        warned about (rules.toml's options/number-as-text) and sent as a number."""
        if not isinstance(data, dict):  # a model already made (a field holding one) keeps its own
            return handler(data)
        text = cls.text_keys()
        aliases = option_key_aliases()  # gpu_code, the API text's own spelling, is text too
        numbers = {  # NaN and infinities are refused as such (`_not_too_deep`)
            k: v
            for k, v in data.items()
            if (k in text or aliases.get(k) in text) and type(v) in (int, float) and finite(v)
        }
        model = handler({**data, **{key: json.dumps(value) for key, value in numbers.items()}})
        model._written_numbers = numbers
        model._given_order = tuple(data)
        return model

    @classmethod
    @cache  # asked on every validation of the options
    def text_keys(cls) -> frozenset[str]:
        """The documented keys whose values are text, as the API spells them."""
        return frozenset(
            field.alias or name
            for name, field in cls.model_fields.items()
            if field.annotation is str or str in get_args(field.annotation)
        )

    @property
    def duplicate_keys(self) -> tuple[str, ...]:
        """Keys the CompilerOptions string named twice (the last value was read and is sent)."""
        return self._duplicate_keys

    @duplicate_keys.setter
    def duplicate_keys(self, keys: tuple[str, ...]) -> None:
        self._duplicate_keys = keys

    @model_validator(mode="before")
    @classmethod
    def _not_too_deep(cls, data: Any) -> Any:
        if nesting_depth(data) > MAX_OPTION_DEPTH:
            raise PydanticCustomError(
                "options_depth",
                "CompilerOptions nest lists or objects more than {limit} levels deep; no target's "
                "options do.",
                {"limit": MAX_OPTION_DEPTH},
            )
        if not finite(data):  # Python's JSON reader takes NaN and 1e999; JSON has no such value
            raise PydanticCustomError(
                "options_finite",
                f"CompilerOptions {PAST_FLOAT}",
            )
        return data

    @model_validator(mode="before")
    @classmethod
    def _required_key_spelled_otherwise(cls, data: Any) -> Any:
        """A required key given only the Python way (gpu_code) is missing to the API: say so
        in those words rather than a bare "required"."""
        if not isinstance(data, dict):
            return data
        for name, field in cls.model_fields.items():
            alias = field.alias
            if field.is_required() and alias and alias not in data and name in data:
                raise fail(
                    (alias,),
                    "option_spelling",
                    "{alias} is required and this request writes it {name}; the reference spells "
                    "it {alias} in every example, so write {alias}.",
                    alias=alias,
                    name=quote(name),
                )
        return data

    @classmethod
    def offered_keys(cls) -> tuple[str, ...]:
        """The documented keys, as the API spells them."""
        return tuple(field.alias or name for name, field in cls.model_fields.items())

    def undocumented_keys(self) -> tuple[tuple[str, str | None], ...]:
        """The keys given that the documentation does not give for the target, each with the
        API's spelling when it is one of the target's keys written otherwise: the Python way
        (gpu_code: gpu-code) or as the reference's text loses it (ANDROIDPLATFORM, aliases.toml)."""
        if not self.documents_keys:
            return ()
        return tuple((key, self.api_spelling(key)) for key in self.model_extra or {})

    @classmethod
    def api_spelling(cls, key: str) -> str | None:
        """The target's own key that key writes otherwise (gpu_code: gpu-code), or None."""
        if key in cls.model_fields:
            return cls.model_fields[key].alias
        return _offered(option_key_aliases().get(key), set(cls.offered_keys()))

    def api_value(self) -> dict[str, Any] | str:
        """The JSON value the API string encodes: the documented keys that are set, and every
        other key as it was written (null too: it was given)."""
        # fields picked by name, not extras left out by key: an extra key may be a field's
        # name (gpu_code beside gpu-code), and leaving it out would drop the field
        fields = set(type(self).model_fields)
        documented = self.model_dump(by_alias=True, exclude_none=True, mode="json", include=fields)
        # a number checked as text is sent as written, an extra key's (gpu_code) too
        value = {**documented, **(self.model_extra or {}), **self._written_numbers}
        place = {key: index for index, key in enumerate(self._given_order)}
        return dict(sorted(value.items(), key=lambda item: place.get(item[0], len(place))))

    def to_api_string(self) -> str | None:
        """The CompilerOptions string sent (its length is what the API's limit applies to)."""
        if self._as_written is not None:
            return self._as_written
        value = self.api_value()
        if not value:
            return None
        return compiler_options_json(value)

    @classmethod
    def from_api_value(cls, value: Any) -> CompilerOptionsBase:
        return cls.model_validate(value)

    @classmethod
    def form_values(cls, value: Any) -> dict[str, Any] | None:
        """The form's view of an API value (an object of fields), or None when it has none."""
        return value if isinstance(value, dict) else None

    @classmethod
    def api_string_of(cls, values: dict[str, Any]) -> str | None:
        """The CompilerOptions string of the form's values, unchecked (drafts may be invalid)."""
        return compiler_options_json(values) if values else None

    @classmethod
    def starter_values(cls) -> dict[str, Any]:
        """Values a target is given when nothing else is known (a fleet's device without an
        example): none, except where the API requires a value to be there at all."""
        return {}


def mattr_list(value: Any) -> Any:
    """mattr is a list; some SDK docs show a bare string, so accept "+neon,+vfpv4" too."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


MattrFlags = Annotated[list[str], BeforeValidator(mattr_list)]
"""mattr for every CPU family: a list of flags like +neon (a comma string is read as one). A
flag without + or - (options/mattr-unsigned) and an empty one (options/empty-value) are sent
with a warning: the reference is silent on both."""


PAST_FLOAT = (
    "hold NaN, Infinity or a number past what a 64-bit float holds (like 1e400): JSON has no "
    "NaN or Infinity, and this app would read, and send, 1e400 as Infinity; write a finite "
    "number within 1.8e308."
)
"""For values already read (Python's reader takes all three and cannot tell them apart)."""

MAX_OPTION_DEPTH = 32
"""Nesting no target's options come near; deeper cannot be written back (pydantic stops at 254)."""


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in value (iterative: any depth is safe to measure)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            stack.extend((child, level + 1) for child in item)
    return deepest


def check_length(text: str, label: str = "CompilerOptions") -> None:
    """The service model's 3-1024 limit, applied to a CompilerOptions string."""
    message = service.limit(COMPILER_OPTIONS_LIMIT).check(text, label)
    if message:
        raise PydanticCustomError("api_limit", message)


def _offered(key: str | None, offered: set[str]) -> str | None:
    return key if key in offered else None
