"""What every reader shares: size limits, bounded reads, spooling, layout and dtype spelling.

Model artifacts come from users and from S3, so every read here is bounded: a member is read
up to a cap or copied to a temporary file up to a cap, never trusted for its declared size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.errors import NeoConfigError
from core.model.types import Dim, Layout


class Readable(Protocol):
    """What the readers need of a stream: read(size) returning at most `size` bytes."""

    def read(self, size: int = -1, /) -> bytes: ...


MiB = 1 << 20
GiB = 1 << 30
CHUNK = MiB


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or oversized artifact from filling memory or disk."""

    max_artifact_bytes: int = 4 * GiB
    """Bytes read from the upload or S3 object itself (compressed)."""
    max_unpacked_bytes: int = 16 * GiB
    """Bytes an archive may expand to."""
    max_ratio: int = 200
    """Past `ratio_floor` unpacked bytes, more expansion than this is taken for a bomb."""
    ratio_floor: int = 256 * MiB
    max_member_bytes: int = 4 * GiB
    """One member copied to a temporary file (a .tflite, .h5 or TorchScript file)."""
    max_text_bytes: int = 32 * MiB
    """A small member read into memory: symbol JSON, cfg, TorchScript code, a protobuf skeleton."""
    max_members: int = 100_000


DEFAULT_LIMITS = Limits()


def size_text(count: int) -> str:
    """Bytes for a sentence: 5.0 GB, 12 MB, 300 bytes."""
    if count >= GiB:
        return f"{count / GiB:.1f} GB"
    if count >= MiB:
        return f"{count / MiB:.0f} MB"
    return f"{count} bytes"


def read_capped(stream: Readable, cap: int, what: str) -> bytes:
    """All of a stream when it holds at most `cap` bytes; a sentence when it holds more."""
    data = b""
    while len(data) <= cap and (chunk := stream.read(cap + 1 - len(data))):
        data += chunk  # a stream may return fewer bytes than asked before its end
    if len(data) > cap:
        raise NeoConfigError(f"{what} is over {size_text(cap)}, too large to be what it claims.")
    return data


def spool(stream: Readable, target: Path, cap: int, what: str) -> Path:
    """Copies a stream to a file in chunks (bounded memory), refusing past `cap` bytes."""
    written = 0
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if written > cap:
                raise NeoConfigError(f"{what} is over {size_text(cap)}; it cannot be inspected.")
            out.write(chunk)
    return target


class CountingReader:
    """A read-only stream that counts the bytes it passes and refuses past a cap.

    Wrapped around the raw upload it caps what is downloaded; wrapped around the decompressed
    side it caps how far an archive may expand, absolutely and relative to the raw side.
    """

    def __init__(
        self,
        raw: Readable,
        cap: int,
        message: str,
        *,
        relative_to: CountingReader | None = None,
        ratio: int = 0,
        floor: int = 0,
    ) -> None:
        self.raw = raw
        self.cap = cap
        self.message = message
        self.count = 0
        self.relative_to = relative_to
        self.ratio = ratio
        self.floor = floor

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while part := self.read(CHUNK):
                parts.append(part)
            return b"".join(parts)
        data = self.raw.read(size)
        self.count += len(data)
        if self.count > self.cap:
            raise NeoConfigError(self.message)
        base = self.relative_to
        if base is not None and self.count > self.floor and self.count > self.ratio * base.count:
            raise NeoConfigError(
                f"The archive expands more than {self.ratio} times its size "
                f"(past {size_text(self.floor)}); refusing it as a likely archive bomb."
            )
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        """The caller owns the wrapped stream."""


def infer_layout(shape: tuple[Dim, ...] | None) -> Layout:
    """NCHW or NHWC for a 4-D shape whose channels (1, 3 or 4) sit on one side only."""
    if shape is None or len(shape) != 4:
        return ""
    first, last = shape[1] in (1, 3, 4), shape[3] in (1, 3, 4)
    if first and not last:
        return "NCHW"
    if last and not first:
        return "NHWC"
    return ""


def dims_text(shape: tuple[Dim, ...] | list[Dim] | None) -> str:
    """A shape for a sentence: [N,3,224,224]; dynamic dims are their symbol, or N, or ?."""
    if shape is None:
        return "[unknown shape]"
    parts = []
    for index, dim in enumerate(shape):
        if isinstance(dim, int) and not isinstance(dim, bool) and dim >= 1:
            parts.append(str(dim))
        elif isinstance(dim, str) and dim:
            parts.append(dim)
        else:
            parts.append("N" if index == 0 else "?")
    return "[" + ",".join(parts) + "]"


class Peekable:
    """A stream whose first bytes can be looked at (for magic numbers) before it is read."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.buffer = b""

    def peek(self, count: int) -> bytes:
        while len(self.buffer) < count:
            data = self.raw.read(count - len(self.buffer))
            if not data:
                break
            self.buffer += data
        return self.buffer[:count]

    def read(self, size: int = -1) -> bytes:
        if self.buffer:
            if size is None or size < 0:
                data, self.buffer = self.buffer + self.raw.read(), b""
                return data
            data, self.buffer = self.buffer[:size], self.buffer[size:]
            if len(data) < size:  # the rest from the stream: a reader asking for n bytes once
                data += self.raw.read(size - len(data))  # took the peeked head for the file
            return data
        return self.raw.read(size)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        """The caller owns the wrapped stream."""
