"""The model inspector: read a model artifact to fill and check DataInputConfig.

`inspect_*` read an artifact (a path, bytes, a stream, an S3 object) into a `ModelInfo`;
`model_problems` checks a request's InputConfig against it; `fill_data_input_config` writes
DataInputConfig from it. The format readers are imported only when an artifact is read.
"""

from core.model.check import (
    dynamic_questions,
    fill_data_input_config,
    given_shapes,
    model_problems,
    written_index,
)
from core.model.common import DEFAULT_LIMITS, Limits
from core.model.inspect import inspect_bytes, inspect_path, inspect_s3, inspect_stream
from core.model.types import Dim, Layout, ModelInfo, ModelInput

__all__ = [
    "DEFAULT_LIMITS",
    "Dim",
    "Layout",
    "Limits",
    "ModelInfo",
    "ModelInput",
    "dynamic_questions",
    "fill_data_input_config",
    "given_shapes",
    "inspect_bytes",
    "inspect_path",
    "inspect_s3",
    "inspect_stream",
    "model_problems",
    "written_index",
]
