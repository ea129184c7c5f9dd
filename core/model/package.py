"""Packing a local model into the .tar.gz Neo reads from S3, laid out as the developer guide says.

One file (model.onnx, model.pth, model.h5, model.tflite...) goes at the archive's root; a
directory's files (an MXNet symbol and params pair, a Darknet cfg and weights) go at the root
too; a SavedModel directory (saved_model.pb inside) is kept as a directory. An artifact that
is already a .tar.gz is used as it is. Files are streamed into the archive, never read whole.
"""

from __future__ import annotations

import gzip
import shutil
import tarfile
from pathlib import Path

from core.errors import NeoConfigError, quote

GZIP_MAGIC = b"\x1f\x8b"
COMPRESS_LEVEL = 6
_SKIPPED = (".DS_Store", "Thumbs.db")


def is_packed(path: Path) -> bool:
    """A gzip file named like a tarball: sent as it is."""
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC and path.name.lower().endswith((".tar.gz", ".tgz"))


def package_model(path: str | Path, dest_dir: str | Path) -> Path:
    """The .tar.gz to upload for `path`: `path` itself when already packed, else a new one."""
    source, dest = Path(path), Path(dest_dir)
    if not source.exists():
        raise NeoConfigError(f"No such file or folder: {quote(str(source))}.")
    if source.is_file() and is_packed(source):
        return source
    stem = source.name.split(".")[0] or "model"
    target = dest / f"{stem}.tar.gz"
    if source.is_file() and _is_plain_tar(source):
        with source.open("rb") as raw, gzip.open(target, "wb", COMPRESS_LEVEL) as out:
            shutil.copyfileobj(raw, out, 1 << 20)
        return target
    with tarfile.open(target, "w:gz", compresslevel=COMPRESS_LEVEL) as tar:
        if source.is_file() or (source / "saved_model.pb").is_file():
            tar.add(source, arcname=source.name, filter=_clean)
        else:
            entries = sorted(p for p in source.iterdir() if p.name not in _SKIPPED)
            if not entries:
                raise NeoConfigError(f"{quote(source.name)} is an empty folder; nothing to pack.")
            for entry in entries:
                tar.add(entry, arcname=entry.name, filter=_clean)
    return target


def _is_plain_tar(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(262)[257:262] == b"ustar"


def _clean(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """Plain files and folders only, with no owner names from this machine."""
    name = info.name.rsplit("/", 1)[-1]
    if name in _SKIPPED or name.startswith("._"):
        return None
    if info.issym() or info.islnk():
        raise NeoConfigError(
            f"{quote(info.name)} is a link; copy the file it points to, since a model archive "
            "holds plain files only."
        )
    if not (info.isfile() or info.isdir()):
        raise NeoConfigError(f"{quote(info.name)} is not a plain file; it cannot be packed.")
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info
