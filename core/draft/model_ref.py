"""The model a draft is for, as read from its artifact: inputs and facts, never weights.

The Model step reads the artifact (`core.model`) and keeps what it found in the draft, so the
check against it survives a reload, an import and a visit to Fleet. It is small on purpose:
names, shapes, element types and where each fact came from, each text cut to a bounded length.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.errors import NeoConfigError, Problem
from core.model import ModelInfo, ModelInput, model_problems

MAX_TEXT = 300
"""Longest text kept from a model file (a name, a source line): enough to read, never a payload."""
MAX_FACTS = 24
"""Source lines and notes kept: a reader writes fewer than ten."""


def _cut(text: object) -> str:
    value = str(text)
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


class InputRef(BaseModel):
    """One input of the model's graph (see core.model.types.ModelInput)."""

    model_config = ConfigDict(extra="ignore")

    name: str
    shape: list[int | str | None] | None = None
    """A size, a symbol (dynamic) or None (unknown) a dimension; None: the file stores none."""
    dtype: str = ""
    layout: Literal["NCHW", "NHWC", ""] = ""
    aliases: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, item: ModelInput) -> InputRef:
        shape = None if item.shape is None else [_dim(d) for d in item.shape]
        return cls(
            name=_cut(item.name),
            shape=shape,
            dtype=_cut(item.dtype),
            layout=item.layout,
            aliases=[_cut(a) for a in item.aliases[:4]],
        )

    def to_input(self) -> ModelInput:
        shape = None if self.shape is None else tuple(self.shape)
        return ModelInput(self.name, shape, self.dtype, self.layout, tuple(self.aliases))


def _dim(dim: object) -> int | str | None:
    if isinstance(dim, bool) or dim is None:
        return None
    if isinstance(dim, int):
        return dim
    return _cut(dim)


class ModelRef(BaseModel):
    """What was read from the model's artifact, and where that artifact is."""

    model_config = ConfigDict(extra="ignore")

    framework: str
    framework_version: str = ""
    file: str = ""
    """The file that was read (inside an archive, its member)."""
    origin: str = ""
    """What was read, for people: "the upload model.onnx", a path, or an S3 URI."""
    s3_uri: str = ""
    """Where the artifact lies in S3, once read from there or uploaded there ("" until then)."""
    other_s3_uri: str = ""
    """An S3 URI that holds the model read before this one, which S3Uri still named when this
    one was read from a file: a job would compile that one, not this ("" when none)."""
    other_origin: str = ""
    inputs: list[InputRef] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, info: ModelInfo, origin: str, s3_uri: str = "") -> ModelRef:
        sources = dict(list(info.sources.items())[:MAX_FACTS])
        return cls(
            framework=info.framework,
            framework_version=_cut(info.framework_version),
            file=_cut(info.file),
            origin=_cut(origin),
            s3_uri=s3_uri,
            inputs=[InputRef.of(item) for item in info.inputs],
            sources={_cut(k): _cut(v) for k, v in sources.items()},
            notes=[_cut(n) for n in info.notes[:MAX_FACTS]],
        )

    def info(self) -> ModelInfo:
        """The core.model view of it, for the checks and for filling DataInputConfig."""
        return ModelInfo(
            framework=self.framework,
            inputs=tuple(item.to_input() for item in self.inputs),
            framework_version=self.framework_version,
            file=self.file,
            sources=dict(self.sources),
            notes=tuple(self.notes),
        )

    def names_other(self, s3_uri: str) -> bool:
        """Whether s3_uri is where the model read before this one lies (this one was read from
        a file, and no upload has put it there)."""
        return not self.s3_uri and bool(self.other_s3_uri) and s3_uri.strip() == self.other_s3_uri

    def replacing(self, earlier: ModelRef | None, s3_uri: str) -> ModelRef:
        """This model, read from a file while the draft's S3Uri named where earlier lies."""
        held = (earlier.s3_uri or earlier.other_s3_uri) if earlier is not None else ""
        if self.s3_uri or not held or held != s3_uri.strip() or earlier is None:
            return self
        origin = earlier.origin if earlier.s3_uri else earlier.other_origin
        return self.model_copy(update={"other_s3_uri": held, "other_origin": origin})

    def problems(self, s3_uri: str, data_input_config: str, framework: str) -> list[Problem]:
        """The request's InputConfig against this model; when S3Uri names another artifact
        than the one read, only a warning that says so: the model read is not the request's
        any more, and its framework and inputs no reason to refuse it."""
        given = s3_uri.strip()
        if self.names_other(given):
            return [
                Problem(
                    "InputConfig.S3Uri",
                    f"S3Uri names {given}, which holds the model read before ({self.other_origin})"
                    f"; a job compiles that one, not {self.origin} read now, unless they are the "
                    "same model: upload this one to S3 on the Model step, or read that one again.",
                    "warning",
                )
            ]
        if self.s3_uri and given and given != self.s3_uri:
            return [
                Problem(
                    "InputConfig.S3Uri",
                    f"The model's inputs were read from {self.s3_uri}, but S3Uri now names "
                    f"{given}; its checks wait: read that model on the Model step, or forget "
                    "the one read.",
                    "warning",
                )
            ]
        return model_problems(data_input_config, framework, self.info())


def parse_sizes(text: str, what: str) -> list[int]:
    """A shape typed by a person ("1, 3, 224, 224" or "[1,3,224,224]") as sizes; NeoConfigError
    with a sentence naming `what` when it is not whole numbers of at least 1."""
    parts = [p.strip() for p in text.strip().strip("[]()").split(",") if p.strip()]
    if not parts or not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise NeoConfigError(
            f"Give the shape of {what} as whole numbers separated by commas, like 1, 3, 224, 224.",
            "InputConfig.DataInputConfig",
        )
    return [int(p) for p in parts]


_S3_BUCKET = re.compile(r"^s3://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(/|$)")


def upload_target(output_s3: str, model_s3_uri: str, file_name: str) -> tuple[str, str]:
    """The bucket and key offered for uploading a local model: the output location's bucket (else
    the model URI's), and models/<name>.tar.gz (a file already packed keeps its name, with the
    .tar.gz a job's S3Uri must end in: the upload refuses any other key)."""
    bucket = ""
    for uri in (output_s3, model_s3_uri):
        match = _S3_BUCKET.match(uri.strip())
        if match:
            bucket = match.group(1)
            break
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    if _PACKED.search(name):
        return bucket, f"models/{as_tar_gz(name)}"
    stem = name.split(".")[0] or "model"
    return bucket, f"models/{stem}.tar.gz"


_PACKED = re.compile(r"(?i)\.(tar\.gz|tgz)$")


def as_tar_gz(key: str) -> str:
    """key ending in .tar.gz, the suffix a job's S3Uri needs: .TGZ or .TAR.GZ respelled, any
    other name given it ("cnn.onnx" -> "cnn.onnx.tar.gz"), a folder a file ("dir/" ->
    "dir/model.tar.gz")."""
    stem = _PACKED.sub("", key)
    return stem + ("model.tar.gz" if stem.endswith("/") or not stem else ".tar.gz")
