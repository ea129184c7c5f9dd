"""CompilerOptions: one pydantic model per target family, keys exactly as the API wants them.

The API takes CompilerOptions as a JSON *string* whose keys depend on the target. Each model below
describes one family; `options_model(target)` says which applies, so the UI can generate its
form from the model and the request can validate what the user typed. Help texts follow the
OutputConfig API reference
(https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputConfig.html).

Over 400 lines because each target family is one small model and they read best side by side;
the form description lives apart, in `option_fields`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from core.errors import quote
from core.spec import service
from core.spec.base import StrictModel, api_json, fail
from core.spec.catalog import device
from core.spec.target import DeviceTarget, PlatformTarget

COMPILER_OPTIONS_LIMIT = "OutputConfig.CompilerOptions"


def compiler_options_json(value: Any) -> str:
    """The CompilerOptions string: spaced as usual, compact only when spacing breaks the limit."""
    return api_json(value, service.limit(COMPILER_OPTIONS_LIMIT).max)


class CompilerOptionsBase(StrictModel):
    """Shared behaviour: friendly unknown-key errors and serialisation to the API string."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    family: ClassVar[str] = "base"
    title: ClassVar[str] = "Compiler options"
    required: ClassVar[bool] = False
    """Whether the target needs CompilerOptions at all (NVIDIA platforms do)."""
    takes_string: ClassVar[bool] = False
    """Whether the API value is one JSON string (Neuron's flags) rather than an object."""

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict) or cls.model_config.get("extra") == "allow":
            return data
        offered = [field.alias or name for name, field in cls.model_fields.items()]
        for key in data:
            if key in offered:
                continue
            field = cls.model_fields.get(key)
            if field is not None and field.alias:  # the python name of an API key
                raise fail(
                    (key,),
                    "option_spelling",
                    "'{key}' is spelled '{alias}' in the API.",
                    key=key,
                    alias=field.alias,
                )
            raise fail(
                (key,),
                "unknown_option",
                "{key} is not a compiler option for {title}; {offered}.",
                key=quote(key),
                title=cls.title,
                offered=f"it offers {', '.join(offered)}" if offered else "it takes none",
            )
        return data

    def api_value(self) -> dict[str, Any] | str:
        """The JSON value the API string encodes."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")

    def to_api_string(self) -> str | None:
        """The CompilerOptions string sent (its length is what the API's limit applies to)."""
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


def _mattr_flags(value: list[str]) -> list[str]:
    for flag in value:
        if not flag or flag[0] not in "+-":
            raise PydanticCustomError(
                "mattr_flag",
                "mattr flags start with + or - (for example +neon); got {flag}.",
                {"flag": quote(flag)},
            )
    return value


MattrFlags = Annotated[list[str], BeforeValidator(mattr_list), AfterValidator(_mattr_flags)]
"""mattr for every ARM family: a list of +/- flags (a comma string is read as one)."""


def _non_empty_name(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError(
            "empty_name", "An output name is empty; give tensor names like 'output:0'."
        )
    return value


class NoOptions(CompilerOptionsBase):
    """Targets Neo documents no compiler options for."""

    family: ClassVar[str] = "none"
    title: ClassVar[str] = "this target"


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


class GenericOptions(CompilerOptionsBase):
    """A device botocore knows and our data does not: any JSON object, checked for length only."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)
    family: ClassVar[str] = "generic"
    title: ClassVar[str] = "a target this version does not describe"

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
        return data


class CpuOptions(CompilerOptionsBase):
    """CPU targets that are not ARM (x86)."""

    family: ClassVar[str] = "cpu"
    title: ClassVar[str] = "x86 CPU targets"
    mcpu: str | None = Field(
        default=None,
        min_length=1,
        description="CPU micro-architecture, for example skylake-avx512 or core-avx2.",
        examples=["skylake-avx512"],
    )


class ArmCpuOptions(CpuOptions):
    """ARM CPU targets, where mattr can switch on features such as NEON."""

    family: ClassVar[str] = "arm_cpu"
    title: ClassVar[str] = "ARM CPU targets"
    mattr: MattrFlags | None = Field(
        default=None,
        description="CPU flags, for example ['+neon'] for 32-bit ARM with NEON support.",
        examples=[["+neon"]],
    )


class AndroidOptions(CompilerOptionsBase):
    """Android on x86: the API level only."""

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


class AndroidArmOptions(AndroidOptions):
    """Android on ARM: API level, plus mattr for NEON on 32-bit ARM."""

    family: ClassVar[str] = "android_arm"
    title: ClassVar[str] = "Android ARM targets"
    mattr: MattrFlags | None = Field(
        default=None,
        description="CPU flags; add ['+neon'] when compiling for 32-bit ARM with NEON support.",
        examples=[["+neon"]],
    )


class NvidiaOptions(CompilerOptionsBase):
    """NVIDIA GPUs: the API requires all three of gpu-code, trt-ver and cuda-ver."""

    family: ClassVar[str] = "nvidia"
    title: ClassVar[str] = "NVIDIA targets"
    required: ClassVar[bool] = True
    gpu_code: str = Field(
        alias="gpu-code",
        pattern=r"^sm_[0-9]{2,3}$",
        description="Targeted GPU architecture, sm_NN (for example sm_62 for Jetson TX2).",
        examples=["sm_62"],
    )
    trt_ver: str = Field(
        alias="trt-ver",
        pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$",
        description="TensorRT version, in x.y.z format.",
        examples=["6.0.1"],
    )
    cuda_ver: str = Field(
        alias="cuda-ver",
        pattern=r"^[0-9]+\.[0-9]+$",
        description="CUDA version, in x.y format.",
        examples=["10.0"],
    )


class NvidiaJetpackOptions(CompilerOptionsBase):
    """The JetPack form the developer guide shows for TensorFlow 2 on Jetson devices."""

    family: ClassVar[str] = "nvidia_jetpack"
    title: ClassVar[str] = "NVIDIA Jetson targets (JetPack form)"
    jetpack_version: str = Field(
        alias="JETPACK_VERSION",
        pattern=r"^[0-9]+\.[0-9]+(\.[0-9]+)?$",
        description="JetPack version installed on the device, for example 4.6.",
        examples=["4.6"],
    )
    gpu_code: str = Field(
        alias="gpu_code",
        pattern=r"^sm_[0-9]{2,3}$",
        description="Targeted GPU architecture, sm_NN.",
        examples=["sm_72"],
    )


class MlInstanceOptions(CompilerOptionsBase):
    """ml_* cloud instances (not Inferentia): the input data type of PyTorch models."""

    family: ClassVar[str] = "ml"
    title: ClassVar[str] = "ml_* instances"
    dtype: Literal["float32", "float", "int64", "long"] | None = Field(
        default=None,
        description="Data type of the model's input, PyTorch only; float32 when not given.",
        examples=["float32"],
    )


class NeuronOptions(CompilerOptionsBase):
    """Inferentia/Trainium: a string of Neuron compiler flags, JSON-encoded as a string."""

    family: ClassVar[str] = "neuron"
    title: ClassVar[str] = "Inferentia and Trainium targets"
    takes_string: ClassVar[bool] = True
    flags: str = Field(
        min_length=1,
        description="Neuron compiler flags, for example --verbose 1 --num-neuroncores 2 -O2.",
        examples=["--verbose 1 --num-neuroncores 2 -O2"],
    )

    @field_validator("flags")
    @classmethod
    def _looks_like_flags(cls, value: str) -> str:
        if not value.strip().startswith("-"):
            raise PydanticCustomError(
                "neuron_flags", "Neuron compiler flags start with - (for example --verbose 1)."
            )
        return value.strip()

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
    class_labels: str | None = Field(
        default=None,
        min_length=1,
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
    signature_def_key: str | None = Field(
        default=None,
        min_length=1,
        description="Signature to use for SavedModel models; TensorFlow's default when not given.",
    )
    output_names: list[Annotated[str, AfterValidator(_non_empty_name)]] | None = Field(
        default=None,
        min_length=1,
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
        NvidiaJetpackOptions,
        MlInstanceOptions,
        NeuronOptions,
        CoreMLOptions,
        EiaOptions,
    )
}


def options_model(
    target: DeviceTarget | PlatformTarget, value: Any = None
) -> type[CompilerOptionsBase]:
    """Which CompilerOptions model a target offers (the JetPack form when value uses it)."""
    if isinstance(target, DeviceTarget):
        family = device(target.device).options
        if family == "nvidia" and isinstance(value, dict) and "JETPACK_VERSION" in value:
            family = "nvidia_jetpack"
        return FAMILIES[family]
    if target.accelerator == "NVIDIA":
        return NvidiaOptions
    if target.os == "ANDROID":
        return AndroidArmOptions if target.is_arm else AndroidOptions
    return ArmCpuOptions if target.is_arm else CpuOptions


def check_length(text: str, label: str = "CompilerOptions") -> None:
    """The service model's 3-1024 limit, applied to a CompilerOptions string."""
    message = service.limit(COMPILER_OPTIONS_LIMIT).check(text, label)
    if message:
        raise PydanticCustomError("api_limit", message)
