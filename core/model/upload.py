"""Uploading a model to S3 with boto3's managed transfer (multipart, concurrent, retried).

The file is packed first when it is not a .tar.gz yet (core.model.package). Parts and their
retries are boto3's (s3transfer, with the client's retry configuration); this module adds the
progress callback's (done, total) form and turns every failure into one sentence.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import BotoCoreError, ClientError

from core.errors import AwsError, NeoConfigError, one_line
from core.model.package import package_model
from core.model.s3 import parse_s3_uri, s3_error

MiB = 1 << 20
TRANSFER = TransferConfig(
    multipart_threshold=64 * MiB,
    multipart_chunksize=64 * MiB,
    max_concurrency=4,
    use_threads=True,
)
"""64 MB parts: a 1 GB model in 16 parts, 4 at a time; S3 allows 10,000 parts."""

Progress = Callable[[int, int], None]


class _Counter:
    """boto3 calls back with each chunk's byte count, from several threads; this sums them."""

    def __init__(self, total: int, progress: Progress) -> None:
        self.total, self.progress = total, progress
        self.done = 0
        self.lock = threading.Lock()

    def __call__(self, count: int) -> None:
        with self.lock:
            self.done += count
            done = min(self.done, self.total)
        self.progress(done, self.total)


def upload_model(
    s3_client: Any,
    path: str | Path,
    bucket: str,
    key: str,
    progress: Progress | None = None,
    config: TransferConfig | None = None,
) -> str:
    """Packs (when needed) and uploads a model; returns its s3:// URI for InputConfig.S3Uri."""
    uri = f"s3://{bucket}/{key}"
    parse_s3_uri(uri)
    with tempfile.TemporaryDirectory(prefix="neo-upload-") as tmp:
        artifact = package_model(path, tmp)
        total = artifact.stat().st_size
        counter = _Counter(total, progress) if progress else None
        try:
            s3_client.upload_file(
                str(artifact), bucket, key, Config=config or TRANSFER, Callback=counter
            )
        except S3UploadFailedError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, (ClientError, BotoCoreError)):
                raise s3_error(cause, uri, "PutObject") from None
            raise AwsError(
                "S3UploadFailed", f"Uploading to {uri} failed: {one_line(str(exc))}."
            ) from None
        except (ClientError, BotoCoreError) as exc:
            raise s3_error(exc, uri, "PutObject") from None
        except OSError as exc:
            raise NeoConfigError(
                f"Reading {artifact.name} failed: {exc.strerror or exc}."
            ) from None
        if counter is not None and counter.done < total:  # end at 100% whatever boto3 reported
            counter.progress(total, total)
    return uri
