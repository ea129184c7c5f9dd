"""A forward-only walker over protobuf's wire format, for models too large to parse whole.

An ONNX file or a TensorFlow graph carries its weights inside the same protobuf message as
its inputs. Parsing the message whole costs memory the size of the file; walking its fields
and skipping the large ones (read and dropped, or seeked over) costs a few buffers. The
walker returns the fields a reader keeps re-encoded as a small "skeleton" message that the
library's own parser then reads (https://protobuf.dev/programming-guides/encoding/).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from google.protobuf.message import DecodeError  # type: ignore[import-untyped]  # no hints

from core.errors import NeoConfigError
from core.model.common import CHUNK, Readable

VARINT, I64, LEN, I32 = 0, 1, 2, 5


class ProtoError(NeoConfigError):
    """The bytes are not the protobuf message they should be (truncated or another format)."""


class Reader:
    """Reads a stream front to back, knowing its position; skips by seeking when it can."""

    def __init__(self, stream: Readable, size: int = -1) -> None:
        self.stream: Any = cast(Any, stream)
        self.pos = 0
        self.size = size
        self.pending = b""
        try:
            self.can_seek = size >= 0 and bool(self.stream.seekable())
            self.start = self.stream.tell() if self.can_seek else 0
        except (AttributeError, OSError, ValueError):
            self.can_seek = False

    def read(self, count: int) -> bytes:
        data, self.pending = self.pending[:count], self.pending[count:]
        if len(data) < count:
            data += self.stream.read(count - len(data))
        if len(data) != count:
            raise ProtoError("it ends in the middle of a field (truncated, or not this format)")
        self.pos += count
        return data

    def skip(self, count: int) -> None:
        if self.can_seek:
            if self.pos + count > self.size:
                raise ProtoError("a field runs past the end of the file (truncated?)")
            self.stream.seek(self.start + self.pos + count)
            self.pos += count
            return
        left = count - len(self.pending[:count])
        self.pending = self.pending[count:]
        while left:
            data = self.stream.read(min(left, CHUNK))
            if not data:
                raise ProtoError("it ends in the middle of a field (truncated, or not this format)")
            left -= len(data)
        self.pos += count

    def at_end(self) -> bool:
        """True at the end of the stream (the top-level message has no length of its own)."""
        if self.size >= 0:
            return self.pos >= self.size
        if not self.pending:
            self.pending = self.stream.read(1)
        return not self.pending

    def varint(self) -> int:
        result = shift = 0
        while True:
            byte = self.read(1)[0]
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
            if shift > 63:
                raise ProtoError("a number in it is malformed (not this format)")


def walk(reader: Reader, end: int | None) -> Iterator[tuple[int, int, int]]:
    """(field number, wire type, value) for each field up to `end` (None: the stream's end).

    The value is the varint for VARINT fields and the byte length for LEN fields, whose bytes
    the caller may read, walk or leave: what it leaves is skipped when it asks for the next.
    """
    while (reader.pos < end) if end is not None else not reader.at_end():
        key = reader.varint()
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtoError("it holds a field numbered 0 (not this format)")
        if wire == VARINT:
            yield number, wire, reader.varint()
        elif wire == LEN:
            length = reader.varint()
            stop = reader.pos + length
            if reader.size >= 0 and stop > reader.size:  # said before its bytes are walked
                raise ProtoError("a field runs past the end of the file (truncated?)")
            if end is not None and stop > end:
                raise ProtoError("a field runs past the message holding it (not this format)")
            yield number, wire, length
            if reader.pos < stop:
                reader.skip(stop - reader.pos)
            elif reader.pos > stop:
                raise ProtoError("a field was read past its end")
        elif wire in (I64, I32):
            reader.skip(8 if wire == I64 else 4)
            yield number, wire, 0
        else:
            raise ProtoError("its bytes are not protocol-buffer data, as this format is")
    if end is not None and reader.pos != end:
        raise ProtoError("a message ends in the middle of a field (not this format)")


def varint_bytes(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number: int, value: int) -> bytes:
    return varint_bytes(number << 3 | VARINT) + varint_bytes(value)


def field_bytes(number: int, payload: bytes) -> bytes:
    return varint_bytes(number << 3 | LEN) + varint_bytes(len(payload)) + payload


def read_field(reader: Reader, length: int, cap: int, what: str) -> bytes:
    """The bytes of a field the caller keeps, refusing one past `cap` (a hostile length)."""
    if length > cap:
        raise NeoConfigError(f"{what} is over {cap} bytes; that is not a real model's.")
    return reader.read(length)


@contextmanager
def readable_as(file: str, what: str) -> Iterator[None]:
    """Walking or parsing `file` as `what`: a truncated or foreign file becomes one sentence."""
    try:
        yield
    except ProtoError as exc:
        raise NeoConfigError(f"{file} is not a readable {what}: {exc.message}.") from None
    except DecodeError:
        raise NeoConfigError(f"{file} is not a readable {what} (protobuf error).") from None
