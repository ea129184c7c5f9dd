"""Reading a model artifact wherever it is: a path, bytes, a stream, an S3 object.

Each entry point dispatches by magic number and extension: a (compressed) tar goes through
`archive.scan_tar`, a single model file straight to its reader. Work files live in a
temporary folder removed on return. Whatever goes wrong leaves as one NeoConfigError sentence.
"""

from __future__ import annotations

import dataclasses
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from core.errors import NeoConfigError, quote
from core.model.common import DEFAULT_LIMITS, CountingReader, Limits, Peekable, size_text
from core.model.types import ModelInfo

T = TypeVar("T")
_HEAD = 512


def inspect_path(
    path: str | Path, framework: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ModelInfo:
    """A model file, a .tar.gz, or a directory (a SavedModel, an MXNet pair) on disk."""
    path = Path(path)
    try:
        found = path.exists()
    except OSError as exc:  # a name past the system's limit, a loop of links
        raise NeoConfigError(f"{quote(str(path))} cannot be read: {exc.strerror or exc}.") from None
    if not found:
        raise NeoConfigError(f"No such file: {quote(str(path))}.")
    if path.is_dir():
        return _guarded(path.name or str(path), lambda: _inspect_dir(path, framework, limits))
    if not path.is_file():
        raise NeoConfigError(f"{quote(str(path))} is not a regular file.")
    try:
        size = path.stat().st_size
        _check_size(path.name, size, limits)
        with path.open("rb") as handle:
            return _inspect_open(path, handle, size, framework, limits)
    except OSError as exc:
        raise NeoConfigError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None


def _inspect_open(
    path: Path, handle: Any, size: int, framework: str | None, limits: Limits
) -> ModelInfo:
    """A file already open: streamed when it is an archive, read in place when it is a model."""
    head = handle.read(_HEAD)
    handle.seek(0)
    if _is_archive(path.name, head):
        return inspect_stream(handle, path.name, framework, limits)

    def single(tmp: Path) -> ModelInfo:
        from core.model.collect import Collector

        collector = Collector(tmp, limits, path.name)
        collector.add(path.name, size, handle, path=path, head=head)
        return _finish(collector, framework, path.name)

    return _guarded(path.name, lambda: _in_tmp(single))


def inspect_bytes(
    data: bytes, filename: str, framework: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ModelInfo:
    """An uploaded file's bytes (the wizard's uploader) named as the user named it."""
    _check_size(filename, len(data), limits)
    return inspect_stream(io.BytesIO(data), filename, framework, limits, size=len(data))


def inspect_stream(
    fileobj: Any,
    filename: str,
    framework: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    size: int = -1,
) -> ModelInfo:
    """A stream read once, front to back (an S3 Body, stdin, an open file): never read whole."""
    name = Path(filename.replace("\\", "/")).name or "model"
    counted = CountingReader(
        fileobj,
        limits.max_artifact_bytes,
        f"{name} is over {size_text(limits.max_artifact_bytes)}, the most that is inspected.",
    )
    stream = Peekable(counted)

    def run(tmp: Path) -> ModelInfo:
        from core.model.archive import scan_tar
        from core.model.collect import Collector

        collector = Collector(tmp, limits, name)
        head = stream.peek(_HEAD)
        if not head:
            raise NeoConfigError(f"{name} is empty.")
        if _is_archive(name, head):
            scan_tar(stream, collector, limits)
        else:
            collector.add(name, size, stream, head=head)
        return _finish(collector, framework, name)

    return _guarded(name, lambda: _in_tmp(run))


def inspect_s3(
    s3_client: Any, uri: str, framework: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ModelInfo:
    """An S3 object, streamed from get_object's Body (a model is never downloaded whole)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from core.model.s3 import parse_s3_uri, s3_error

    bucket, key = parse_s3_uri(uri)
    try:
        response = s3_client.get_object(Bucket=bucket, Key=key)
    except (ClientError, BotoCoreError) as exc:
        raise s3_error(exc, uri, "GetObject") from None
    body = response["Body"]
    try:
        length = int(response.get("ContentLength", -1))
        _check_size(uri, length, limits)
        return inspect_stream(body, key, framework, limits)
    except (BotoCoreError, ClientError) as exc:
        raise s3_error(exc, uri, "GetObject") from None
    finally:
        body.close()


# ---- helpers -------------------------------------------------------------------------------------


def _inspect_dir(path: Path, framework: str | None, limits: Limits) -> ModelInfo:
    from core.model.collect import Collector

    def run(tmp: Path) -> ModelInfo:
        label = (path.name or str(path)).rstrip("/") + "/"
        collector = Collector(tmp, limits, label)
        files: list[Path] = []
        for found in path.rglob("*"):  # counted as found: "/" must not be walked whole first
            if found.is_file() and not found.is_symlink():
                files.append(found)
                if len(files) > limits.max_members:
                    raise NeoConfigError(f"{label} holds over {limits.max_members} files.")
        for file in sorted(files):
            name = file.relative_to(path).as_posix()
            with file.open("rb") as handle:
                collector.add(name, file.stat().st_size, handle, path=file)
        return _finish(collector, framework, label)

    return _in_tmp(run)


def _is_archive(name: str, head: bytes) -> bool:
    from core.model.archive import is_archive

    return is_archive(name, head)


def _finish(collector: Any, framework: str | None, origin: str) -> ModelInfo:
    info: ModelInfo = collector.result(framework)
    sources = dict(info.sources)
    if info.file and info.file != origin:
        sources["file"] = f"{origin}: member {info.file}"
    if collector.skipped:
        shown = ", ".join(collector.skipped[:3]) + (" ..." if len(collector.skipped) > 3 else "")
        sources["skipped"] = f"{len(collector.skipped)} other files, unread ({shown})"
    return dataclasses.replace(info, sources=sources)


def _check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_artifact_bytes:
        raise NeoConfigError(
            f"{name} is {size_text(size)}, over the {size_text(limits.max_artifact_bytes)} "
            "that is inspected."
        )


def _in_tmp(run: Callable[[Path], T]) -> T:
    """Runs with a private work folder (0700), removed on return."""
    with tempfile.TemporaryDirectory(prefix="neo-inspect-") as tmp:
        os.chmod(tmp, 0o700)
        return run(Path(tmp))


def _guarded(name: str, run: Callable[[], T]) -> T:
    """Runs a read; any failure a hostile file can cause becomes one sentence."""
    try:
        return run()
    except NeoConfigError:
        raise
    except MemoryError:
        raise NeoConfigError(f"{name} needs more memory to read than is available.") from None
    except RecursionError:
        raise NeoConfigError(f"{name} is nested too deeply to be a model.") from None
    except Exception as exc:  # the boundary: a damaged file can raise anything
        if type(exc).__module__.startswith(("botocore", "urllib3")):
            raise NeoConfigError(
                f"Reading {name} failed midway ({type(exc).__name__}); try again."
            ) from None
        if isinstance(exc, OSError) and exc.strerror:  # the file system said no, not the file
            where = f" ({quote(str(exc.filename), 80)})" if exc.filename else ""
            raise NeoConfigError(f"Cannot read {name}{where}: {exc.strerror}.") from None
        raise NeoConfigError(
            f"{name} could not be read ({type(exc).__name__}): it is damaged or not a model file."
        ) from None
