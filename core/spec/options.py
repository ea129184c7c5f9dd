"""CompilerOptions: one pydantic model per target family, keys exactly as the API wants them.

Each model below describes one family; `options_model(target)` says which applies, so the UI can
generate its form from the model and the request can validate what the user typed. Which keys a
family offers follows the OutputConfig API reference's CompilerOptions text
(https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputConfig.html): `mcpu` and
`mattr` are listed under "CPU", so every CPU target takes both; NVIDIA's three keys
(`core.spec.options_nvidia`) are required for a TargetPlatform whose Accelerator is NVIDIA, and
left to a warning for a named Jetson device (devices.toml holds its known values).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import Field, JsonValue, field_validator, model_validator
from pydantic_core import PydanticCustomError

from core.errors import quote
from core.jsontext import TOO_LONG_NUMBER, loads_last, without_whitespace
from core.spec import service
from core.spec.catalog import device
from core.spec.options_base import (
    COMPILER_OPTIONS_LIMIT,
    MAX_OPTION_DEPTH,
    PAST_FLOAT,
    CompilerOptionsBase,
    MattrFlags,
    check_length,
    compiler_options_json,
    nesting_depth,
)
from core.spec.options_nvidia import NvidiaDeviceOptions, NvidiaJetpackOptions, NvidiaOptions
from core.spec.target import DeviceTarget, PlatformTarget

__all__ = [
    "COMPILER_OPTIONS_LIMIT",
    "FAMILIES",
    "MAX_OPTION_DEPTH",
    "PAST_FLOAT",
    "AndroidArmOptions",
    "AndroidOptions",
    "ArmCpuOptions",
    "CompilerOptionsBase",
    "CoreMLOptions",
    "CpuOptions",
    "EiaOptions",
    "GenericOptions",
    "MlInstanceOptions",
    "NeuronOptions",
    "NoOptions",
    "NvidiaDeviceOptions",
    "NvidiaJetpackOptions",
    "NvidiaOptions",
    "check_length",
    "compiler_options_json",
    "nesting_depth",
    "options_model",
    "parse_options",
]


class NoOptions(CompilerOptionsBase):
    """Targets Neo documents no compiler options for."""

    family: ClassVar[str] = "none"
    title: ClassVar[str] = "this target"


class GenericOptions(CompilerOptionsBase):
    """A device botocore knows and our data does not: any JSON object, checked for length only."""

    family: ClassVar[str] = "generic"
    title: ClassVar[str] = "a target this version does not describe"
    documents_keys: ClassVar[bool] = False


def _no_bool(value: Any) -> Any:
    """true is no API level: pydantic would read it as 1 and say "at least 21"."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "int_type",
            "ANDROID_PLATFORM is an Android API level from 21 to 29, not {value}.",
            {"value": "true" if value else "false"},
        )
    return value


def _mcpu(arm: bool = False) -> Any:
    """Text, empty included: the reference is silent on an empty value, so rules.toml's
    options/empty-value warns (the wizard's form sends none). The reference's examples are x86
    CPUs: an ARM target's form offers none (skylake-avx512 was its placeholder on a Pi)."""
    if arm:
        return Field(
            default=None,
            description="CPU micro-architecture, as LLVM names the core; the reference shows "
            "x86 ones only (skylake-avx512), none for ARM.",
        )
    return Field(
        default=None,
        description="CPU micro-architecture, for example skylake-avx512 or core-avx2.",
        examples=["skylake-avx512"],
    )


def _mattr(example: list[str]) -> Any:
    return Field(
        default=None,
        description="CPU flags, + to turn one on and - off; for example ['+neon'] for 32-bit ARM "
        "with NEON support.",
        examples=[example],
    )


class CpuOptions(CompilerOptionsBase):
    """x86 CPU targets: the API's "CPU" options, mcpu and mattr."""

    family: ClassVar[str] = "cpu"
    title: ClassVar[str] = "x86 CPU targets"
    mcpu: str | None = _mcpu()
    mattr: MattrFlags | None = _mattr(["+avx2"])


class ArmCpuOptions(CpuOptions):
    """ARM CPU targets, where mattr switches on features such as NEON."""

    family: ClassVar[str] = "arm_cpu"
    title: ClassVar[str] = "ARM CPU targets"
    mcpu: str | None = _mcpu(arm=True)
    mattr: MattrFlags | None = _mattr(["+neon"])


class AndroidOptions(CompilerOptionsBase):
    """Android on x86: the API level, and the CPU options."""

    family: ClassVar[str] = "android"
    title: ClassVar[str] = "Android x86 targets"
    android_platform: int | None = Field(
        default=None,
        alias="ANDROID_PLATFORM",
        ge=21,
        le=29,
        description="Android API level, from 21 to 29.",
        examples=[28],
    )
    mcpu: str | None = _mcpu()
    mattr: MattrFlags | None = _mattr(["+avx2"])
    _level_not_bool = field_validator("android_platform", mode="before")(_no_bool)


class AndroidArmOptions(AndroidOptions):
    """Android on ARM: API level, plus mattr for NEON on 32-bit ARM."""

    family: ClassVar[str] = "android_arm"
    title: ClassVar[str] = "Android ARM targets"
    mcpu: str | None = _mcpu(arm=True)
    mattr: MattrFlags | None = _mattr(["+neon"])


PYTORCH_DTYPES = ("float32", "float", "int64", "long")
"""The reference's dtype values, given for PyTorch: the form's choices."""


class MlInstanceOptions(CompilerOptionsBase):
    """ml_* cloud instances (not Inferentia): PyTorch's input dtype, and the CPU options."""

    family: ClassVar[str] = "ml"
    title: ClassVar[str] = "ml_* instances"
    dtype: str | JsonValue | None = Field(  # PyTorch's values: rules.toml's options/dtype-values
        # refuses any other, text or not; for another framework the reference is silent on
        # dtype, so any value is sent with options/dtype-pytorch-only's warning
        default=None,
        description="Data type of the model's input, PyTorch only; float32 when not given.",
        examples=["float32"],
        json_schema_extra={"enum": list(PYTORCH_DTYPES)},
    )
    mcpu: str | None = _mcpu()
    mattr: MattrFlags | None = _mattr(["+avx2"])


class NeuronOptions(CompilerOptionsBase):
    """Inferentia/Trainium: a string of Neuron compiler flags, JSON-encoded as a string."""

    family: ClassVar[str] = "neuron"
    title: ClassVar[str] = "Inferentia and Trainium targets"
    takes_string: ClassVar[bool] = True
    flags: str = Field(
        description="Neuron compiler flags, for example --verbose 1 --num-neuroncores 2 -O2.",
        examples=["--verbose 1 --num-neuroncores 2 -O2"],
    )

    @field_validator("flags")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        """Flags are sent trimmed; blank ones as written (empty-value warns; the API's 3
        characters refuse \"\"), and flags that do not start with - with rules.toml's
        options/neuron-flags warning: the reference gives an example, no form."""
        return value.strip() or value

    def api_value(self) -> str:
        return self.flags

    @classmethod
    def from_api_value(cls, value: Any) -> NeuronOptions:
        """The API value is the flag string itself; an object (even {"flags": ...}) is not."""
        if not isinstance(value, str):
            raise PydanticCustomError(
                "neuron_string",
                "Neuron compiler options are one JSON-encoded string of flags, like "
                '"\\"--verbose 1 -O2\\"", not {kind}.',
                {"kind": "an object" if isinstance(value, dict) else quote(value)},
            )
        return cls(flags=value)

    @classmethod
    def form_values(cls, value: Any) -> dict[str, Any] | None:
        """The flag string is the form's one field, `flags`; an object is the form itself."""
        if isinstance(value, str):
            return {"flags": value}
        return value if isinstance(value, dict) else None

    @classmethod
    def api_string_of(cls, values: dict[str, Any]) -> str | None:
        if "flags" in values:
            return compiler_options_json(values["flags"])
        return super().api_string_of(values)

    @classmethod
    def starter_values(cls) -> dict[str, Any]:
        return {"flags": "--verbose 1"}


class CoreMLOptions(CompilerOptionsBase):
    """Core ML: the class labels file inside the model tar.gz."""

    family: ClassVar[str] = "coreml"
    title: ClassVar[str] = "Core ML"
    class_labels: str | None = Field(  # an empty one: rules.toml's options/empty-value warns
        default=None,
        description="File name of the class labels inside the model tar.gz, one label a line.",
        examples=["imagenet_labels_1000.txt"],
    )


class EiaOptions(CompilerOptionsBase):
    """Elastic Inference: precision, and the signature or the output names (at most one)."""

    family: ClassVar[str] = "eia"
    title: ClassVar[str] = "Elastic Inference"
    precision_mode: Literal["FP16", "FP32"] | None = Field(
        default=None, description="Precision of the compiled artifacts; FP32 when not given."
    )
    signature_def_key: str | None = Field(  # an empty one: options/empty-value warns
        default=None,
        description="Signature to use for SavedModel models; TensorFlow's default when not given.",
    )
    output_names: list[str] | None = Field(  # an empty one: options/empty-value warns
        default=None,
        description="Output tensor names for FrozenGraph models, for example ['output:0'].",
    )

    @model_validator(mode="after")
    def _one_of_signature_or_outputs(self) -> EiaOptions:
        if self.signature_def_key is not None and self.output_names is not None:
            raise PydanticCustomError(
                "eia_exclusive",
                "Set at most one of signature_def_key and output_names, not both.",
            )
        return self


FAMILIES: dict[str, type[CompilerOptionsBase]] = {
    model.family: model
    for model in (
        NoOptions,
        GenericOptions,
        CpuOptions,
        ArmCpuOptions,
        AndroidOptions,
        AndroidArmOptions,
        NvidiaOptions,
        NvidiaDeviceOptions,
        NvidiaJetpackOptions,
        MlInstanceOptions,
        NeuronOptions,
        CoreMLOptions,
        EiaOptions,
    )
}

_JETSON_FAMILIES = ("nvidia", "nvidia_device")


def stale_options(
    keys: Iterable[str], before: type[CompilerOptionsBase], now: type[CompilerOptionsBase]
) -> list[str]:
    """Keys left from the target before: those it documented and `now` does not (after one
    taking any keys, such as an Os changed before its Arch: those any target documents)."""
    if not now.documents_keys or now.takes_string:
        return []  # a target taking any keys keeps them all; the user's own keys always stay
    if before.documents_keys and not before.takes_string:
        earlier = set(before.offered_keys())
    else:
        earlier = {key for model in FAMILIES.values() for key in model.offered_keys()}
    stale = earlier - set(now.offered_keys())
    return [key for key in keys if key in stale]


def options_model(
    target: DeviceTarget | PlatformTarget, value: Any = None
) -> type[CompilerOptionsBase]:
    """Which CompilerOptions model a target offers (value may pick the device's other form)."""
    if isinstance(target, DeviceTarget):
        entry = device(target.device)
        family = entry.options
        if family in _JETSON_FAMILIES and _jetpack_form(value):
            family = "nvidia_jetpack"
        elif isinstance(value, dict) and set(value) - set(FAMILIES[family].offered_keys()):
            family = entry.object_options or family  # keys beyond a string form's own
        return FAMILIES[family]
    if target.accelerator == "NVIDIA":  # the JetPack form too, for options/jetpack-platform
        return NvidiaJetpackOptions if _jetpack_form(value) else NvidiaOptions
    if target.os == "ANDROID":
        return AndroidArmOptions if target.is_arm else AndroidOptions
    return ArmCpuOptions if target.is_arm else CpuOptions


def _jetpack_form(value: Any) -> bool:
    """Whether options take the guide's JetPack form ({'JETPACK_VERSION': '4.6', ...})."""
    return isinstance(value, dict) and "JETPACK_VERSION" in value


def parse_options(target: DeviceTarget | PlatformTarget, raw: Any) -> CompilerOptionsBase:
    """CompilerOptions is a JSON *string* in the API; parse it with the target's model."""
    if isinstance(raw, CompilerOptionsBase):
        return raw
    if not isinstance(raw, str):
        raise PydanticCustomError(
            "options_not_string",
            "CompilerOptions must be a JSON string, not {kind}; encode it with json.dumps.",
            {"kind": "an object" if isinstance(raw, dict) else type(raw).__name__},
        )
    try:
        value, twice = loads_last(raw)
    except RecursionError:
        raise PydanticCustomError(
            "options_json", "CompilerOptions is nested too deeply to be options."
        ) from None
    except json.JSONDecodeError as exc:
        raise PydanticCustomError(
            "options_json",
            "CompilerOptions is not valid JSON ({msg} at line {line}, column {column}); keys "
            'and strings take double quotes, like {"mcpu": "skylake-avx512"}.',
            {"msg": exc.msg, "line": exc.lineno, "column": exc.colno},
        ) from None
    except ValueError:  # Python's limit on the digits of an integer, whose advice is no help
        raise PydanticCustomError("options_json", f"CompilerOptions {TOO_LONG_NUMBER}") from None
    model = options_model(target, value)
    if not isinstance(value, dict) and model.family != "neuron":
        raise PydanticCustomError(
            "options_object",
            "CompilerOptions must encode a JSON object of options for {title}.",
            {"title": model.title},
        )
    parsed = model.from_api_value(value)
    parsed.duplicate_keys = twice  # options/duplicate-key warns; the last value is sent
    sent = parsed.to_api_string()
    if sent is None:  # nothing will be sent; what was written must still be a valid string
        check_length(raw)
    elif len(sent) > (limit := service.limit(COMPILER_OPTIONS_LIMIT).max or 0):
        written = without_whitespace(raw)  # one line: the pattern's "." may not match a break
        if len(written) > limit:
            check_length(sent, "CompilerOptions as sent (compact JSON)")  # its shortest form
        parsed.send_as_written(written)  # within the limit as written: sent so, not the rewrite
    return parsed
