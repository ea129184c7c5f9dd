"""The Jobs page's download of a completed job's compiled model, read from S3 on the current
connection (AWS, or the local endpoint's S3) only when the button is clicked."""

from __future__ import annotations

from typing import Any

import streamlit as st
from botocore.exceptions import BotoCoreError, ClientError

from core.aws.connection import shared_client
from core.errors import NeoConfigError
from core.model.common import size_text
from core.model.s3 import parse_s3_uri, s3_error
from ui import connection, keys
from ui.text import plain

MAX_DOWNLOAD = 200 << 20
"""A download passes through this server's memory: larger artifacts are left to the AWS CLI."""
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


def _read(client: Any, bucket: str, key: str) -> bytes:
    body = client.get_object(Bucket=bucket, Key=key)["Body"]
    try:
        data: bytes = body.read(MAX_DOWNLOAD + 1)
        return data
    finally:
        body.close()


def artifact_download(uri: str) -> None:
    """A download button for the artifact at uri, or a sentence saying why there is none."""
    try:
        bucket, key = parse_s3_uri(uri)
        client = shared_client(connection.current(), "s3")
        head = client.head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code", "")) in _MISSING:
            st.info(plain(f"No artifact object at {uri}."), icon=":material/info:")
        else:
            st.warning(plain(s3_error(exc, uri, "GetObject").message), icon=":material/warning:")
        return
    except BotoCoreError as exc:
        st.warning(plain(s3_error(exc, uri, "GetObject").message), icon=":material/warning:")
        return
    except NeoConfigError as exc:
        st.warning(plain(exc.message), icon=":material/warning:")
        return
    size = int(head.get("ContentLength", 0))
    if size > MAX_DOWNLOAD:
        st.caption(
            plain(
                f"The compiled model is {size_text(size)}, more than this app passes through its "
                f"memory; download it with: aws s3 cp {uri} ."
            )
        )
        return
    st.download_button(
        f"Download the compiled model ({size_text(size)})",
        data=lambda: _read(client, bucket, key),
        file_name=key.rsplit("/", 1)[-1],
        mime="application/gzip",
        key=keys.JOBS_ARTIFACT,
        on_click="ignore",
        icon=":material/download:",
    )
