"""What reading a model artifact yields: its inputs, its framework, and where each fact came from.

These types are the contract between the format readers (one module a format in this package),
the request checks, the wizard's Model step and the local compiler (`core.compile`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Dim = int | str | None
"""A dimension: a fixed size, a symbolic name (dynamic, e.g. "batch") or None (unknown)."""

Layout = Literal["NCHW", "NHWC", ""]


@dataclass(frozen=True)
class ModelInput:
    """One input of the model's graph, as the artifact declares it."""

    name: str
    shape: tuple[Dim, ...] | None
    """None when the format stores no shape (TorchScript): the user must give it."""
    dtype: str = ""
    """Element type in numpy's spelling (float32, int64, uint8...), or "" when unknown."""
    layout: Layout = ""
    """Inferred from the shape (channels of 1 or 3 first or last), "" when it cannot be told."""
    aliases: tuple[str, ...] = ()
    """Other names the same input answers to: a TensorFlow signature input's tensor name
    ("serving_default_x:0", and without ":0"), a TFLite signature key's tensor name."""

    @property
    def dynamic_dims(self) -> tuple[int, ...]:
        """Positions of the dimensions that are not fixed sizes."""
        if self.shape is None:
            return ()
        return tuple(i for i, d in enumerate(self.shape) if not isinstance(d, int) or d < 1)


STATED = frozenset(
    {"opset", "ir_version", "producer", "tags", "schema_version", "backend", "module"}
)
"""Keys of ModelInfo.sources whose text is the fact itself, not where it was read: the readers
name the fact and the file states it."""


@dataclass(frozen=True)
class ModelInfo:
    """Everything read from one artifact, with the source of each fact for the UI's table."""

    framework: str
    """The API's Framework value (ONNX, TFLITE, KERAS, MXNET, DARKNET, PYTORCH, TENSORFLOW,
    XGBOOST)."""
    inputs: tuple[ModelInput, ...]
    framework_version: str = ""
    """What the file says of the framework's version (Keras' keras_version), or ""."""
    file: str = ""
    """The file that was read (inside an archive: its member path)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Fact -> where it came from, e.g. {"inputs": "graph.input minus graph.initializer"}; for
    the facts in STATED, the value the file states (ONNX's opset, "ai.onnx 13")."""
    notes: tuple[str, ...] = ()
    """Sentences for the user: what could not be read, and why."""
    labels: tuple[str, ...] = ()
    """Inputs the graph declares for training only (MXNet's softmax_label): neither asked nor
    filled, and taken when DataInputConfig gives them (the guide's examples do both)."""
