"""CompilerOptions of NVIDIA targets: a TargetPlatform with the NVIDIA accelerator, a named
Jetson device, and the JetPack form the developer guide shows for Jetson devices.

The API text lists gpu_code (its example writes gpu-code), trt-ver in x.y.z and cuda-ver in x.y
under "NVIDIA", and says CompilerOptions are required for NVIDIA accelerators.
"""

from __future__ import annotations

from typing import Any, ClassVar, get_args

from pydantic import Field, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from core.spec.base import fail
from core.spec.options_base import CompilerOptionsBase

TRT_VER = r"^[0-9]+\.[0-9]+\.[0-9]+$"
CUDA_VER = r"^[0-9]+\.[0-9]+$"
PATTERN_WORDS = {TRT_VER: "the form x.y.z, such as 6.0.1", CUDA_VER: "the form x.y, such as 10.0"}
"""The patterns in words, for the sentence a mismatch gets (`core.spec.problems`)."""


_KEYS: dict[str, tuple[str | None, str, str]] = {
    # alias: (pattern, description, example); gpu-code has no pattern: the examples' sm_NN
    # is no rule the reference states (rules.toml's options/gpu-code-form warns instead)
    "gpu-code": (
        None,
        "Targeted GPU architecture, sm_NN (for example sm_62 for Jetson TX2).",
        "sm_62",
    ),
    "trt-ver": (TRT_VER, "TensorRT version, in x.y.z format.", "6.0.1"),
    "cuda-ver": (CUDA_VER, "CUDA version, in x.y format.", "10.0"),
}


def _key(alias: str, required: bool = False) -> Any:
    """One of the three NVIDIA keys as a field: text in the API's form (an empty GPU code is
    sent, with rules.toml's options/empty-value warning: the reference is silent on it)."""
    pattern, description, example = _KEYS[alias]
    return Field(
        default=... if required else None,
        alias=alias,
        pattern=pattern,
        description=description,
        examples=[example],
    )


_GPU_CODE_KEYS = frozenset({"gpu-code", "gpu_code"})


def _details(exc: ValidationError) -> list[InitErrorDetails]:
    """exc's errors, to raise again beside another (pydantic's own kinds keep their context)."""
    return [
        InitErrorDetails(
            type=error["type"]
            if error["type"] in _PYDANTIC_KINDS
            else PydanticCustomError(error["type"], error["msg"]),
            loc=error["loc"],
            input=error["input"],
            ctx=error.get("ctx") or {},
        )
        for error in exc.errors()
    ]


_PYDANTIC_KINDS = frozenset(get_args(ErrorType))
"""Error kinds pydantic-core raises by name; any other was a PydanticCustomError."""


class NvidiaOptions(CompilerOptionsBase):
    """NVIDIA platforms: the API requires all three of gpu-code, trt-ver and cuda-ver. The API
    text names the first gpu_code ("gpu_code: Specifies the targeted architecture") and its
    example gpu-code: either is taken, as written (options/undocumented-key warns)."""

    family: ClassVar[str] = "nvidia"
    title: ClassVar[str] = "NVIDIA targets"
    required: ClassVar[bool] = True
    form_required: ClassVar[tuple[str, ...]] = ("gpu-code",)
    gpu_code: str | None = _key("gpu-code")
    trt_ver: str = _key("trt-ver", True)
    cuda_ver: str = _key("cuda-ver", True)

    @model_validator(mode="wrap")
    @classmethod
    def _every_missing_key_at_once(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """A field's error stops the after-check of the GPU code: with trt-ver and cuda-ver
        missing, gpu-code's absence went unsaid until they were given. It joins their errors."""
        try:
            return handler(data)
        except ValidationError as exc:
            if not isinstance(data, dict) or not _GPU_CODE_KEYS.isdisjoint(data):
                raise
            missing = InitErrorDetails(
                type=PydanticCustomError("missing", "gpu-code is required."),
                loc=("gpu-code",),
                input=data,
            )
            raise ValidationError.from_exception_data(
                exc.title, [*_details(exc), missing]
            ) from None

    @model_validator(mode="after")
    def _gpu_code_given(self) -> NvidiaOptions:
        """The GPU code is text in either spelling; gpu_code, kept as an extra key, is checked
        here as gpu-code is by its field."""
        extra = self.model_extra or {}
        if self.gpu_code is not None or isinstance(extra.get("gpu_code"), str):
            return self
        if "gpu_code" in extra:
            raise fail(
                ("gpu_code",),
                "gpu_code_text",
                "gpu_code must be text naming the GPU architecture, like 'sm_72'.",
            )
        raise fail(("gpu-code",), "missing", "gpu-code is required.")


class NvidiaDeviceOptions(CompilerOptionsBase):
    """A named Jetson device: the three NVIDIA keys are not refused when left out (the guide
    gives each board's values, devices.toml; options/nvidia-device-known-values warns)."""

    family: ClassVar[str] = "nvidia_device"
    title: ClassVar[str] = "NVIDIA Jetson devices"
    gpu_code: str | None = _key("gpu-code")
    trt_ver: str | None = _key("trt-ver")
    cuda_ver: str | None = _key("cuda-ver")


class NvidiaJetpackOptions(CompilerOptionsBase):
    """The JetPack form the developer guide shows for TensorFlow 2 on Jetson devices.

    The guide writes {'JETPACK_VERSION': '4.6', 'gpu_code': 'sm_72'}; the API's own spelling
    gpu-code is taken too (one of the two), and trt-ver/cuda-ver may stand beside them.
    """

    family: ClassVar[str] = "nvidia_jetpack"
    title: ClassVar[str] = "NVIDIA Jetson devices (JetPack form)"
    jetpack_version: str = Field(
        alias="JETPACK_VERSION",
        description="JetPack version installed on the device, for example 4.6.",
        examples=["4.6"],
    )
    gpu_code_guide: str | None = Field(
        default=None,
        alias="gpu_code",
        description="Targeted GPU architecture, sm_NN, as the guide's JetPack example spells it "
        "(give this or gpu-code).",
        examples=["sm_72"],
    )
    gpu_code: str | None = Field(
        default=None,
        alias="gpu-code",
        description="Targeted GPU architecture in the API's spelling (give this or gpu_code).",
    )
    trt_ver: str | None = _key("trt-ver")
    cuda_ver: str | None = _key("cuda-ver")
