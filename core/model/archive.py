"""Streaming a (compressed) tar archive past the Collector, refusing anything hostile.

A `.tar.gz` is read front to back, never extracted: each member is checked (no `..`, no
absolute path, no link or device) and handed to `collect.Collector` as it streams past.
Decompression is counted against caps, so a bomb or an oversized upload stops with a sentence.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import tarfile
import zlib
from typing import Any, cast

from core.errors import NeoConfigError, quote
from core.model.collect import Collector
from core.model.common import CountingReader, Limits, Peekable, Readable, size_text

TAR_BUFFER = 256 << 10
"""Bytes the tar stream reads at a time (its default, 10 kB, costs a call per 10 kB)."""
_DRIVE = re.compile(r"^[A-Za-z]:")


def member_name(member: tarfile.TarInfo) -> str | None:
    """The member's safe relative path; None for a directory; a sentence for anything hostile."""
    raw = member.name
    if member.issym() or member.islnk():
        raise NeoConfigError(
            f"The archive holds a link ({quote(raw)} -> {quote(member.linkname)}); "
            "a model archive holds plain files only."
        )
    if member.ischr() or member.isblk() or member.isfifo():
        raise NeoConfigError(f"The archive holds a device or pipe ({quote(raw)}); refusing it.")
    text = raw.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        raise NeoConfigError(f"The archive holds an absolute path ({quote(raw)}); refusing it.")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise NeoConfigError(
            f"The archive holds a path that climbs out ({quote(raw)}); refusing it."
        )
    if not member.isfile() or not parts:
        return None
    return "/".join(parts)


def is_archive(name: str, head: bytes) -> bool:
    """A tar, compressed or not, by magic number or (when it is too short to tell) by name."""
    lower = name.lower()
    if head[:2] == b"\x1f\x8b" or head[:3] == b"BZh" or head[:6] == b"\xfd7zXZ\x00":
        return True
    if head[257:262] == b"ustar":
        return True
    return lower.endswith((".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz"))


def scan_tar(raw: Peekable, collector: Collector, limits: Limits) -> None:
    """Streams every member of a (compressed) tar past the collector, checking each."""
    counted = raw.raw if isinstance(raw.raw, CountingReader) else None
    head = raw.peek(6)
    compressed = cast(Any, raw)  # the stubs want IO[bytes]; read(size) is all they use
    unpacked: Readable = raw
    if head[:2] == b"\x1f\x8b":
        unpacked = gzip.GzipFile(fileobj=compressed, mode="rb")
    elif head[:3] == b"BZh":
        unpacked = bz2.BZ2File(compressed)
    elif head[:6] == b"\xfd7zXZ\x00":
        unpacked = lzma.LZMAFile(compressed)  # noqa: SIM115 - closed with the tar stream
    source = CountingReader(
        unpacked,
        limits.max_unpacked_bytes,
        f"{collector.origin} unpacks to over {size_text(limits.max_unpacked_bytes)}; refusing it.",
        relative_to=counted,
        ratio=limits.max_ratio,
        floor=limits.ratio_floor,
    )
    origin = collector.origin
    try:
        # typeshed's tarfile.open overloads do not list the streaming mode "r|" with bufsize
        with tarfile.open(fileobj=source, mode="r|", bufsize=TAR_BUFFER) as tar:  # type: ignore[call-overload]
            for count, member in enumerate(tar, 1):
                if count > limits.max_members:
                    raise NeoConfigError(f"{origin} holds over {limits.max_members} members.")
                name = member_name(member)
                if name is None:
                    continue
                handle = tar.extractfile(member)
                if handle is not None:
                    collector.add(name, member.size, handle)
    except NeoConfigError:
        raise
    except tarfile.ReadError as exc:
        if "empty" in str(exc) or "invalid header" in str(exc) or "bad checksum" in str(exc):
            raise NeoConfigError(
                f"{origin} is not a tar archive; Neo takes the model files in a .tar.gz."
            ) from None
        raise NeoConfigError(f"{origin} is truncated or corrupt ({exc}).") from None
    except (EOFError, zlib.error, lzma.LZMAError, OSError, tarfile.TarError) as exc:
        raise NeoConfigError(f"{origin} is truncated or corrupt ({_reason(exc)}).") from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "…"
