"""Upload to S3: the local model packed the way Neo reads it, sent with a progress bar, and
InputConfig.S3Uri set to where it went.

boto3's managed transfer (core.model.upload) reports progress from its own threads, which cannot
draw on the page: the upload runs in a thread, and the page's own run draws the bar from what it
reported, until the upload ends.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import streamlit as st
from botocore.exceptions import BotoCoreError, ClientError

from core.aws.connection import Connection, shared_client
from core.draft.model import Draft
from core.draft.model_ref import as_tar_gz, upload_target
from core.errors import quote
from core.model.common import size_text
from core.model.s3 import s3_error
from core.model.upload import upload_model
from ui import binding, connection, keys, state
from ui.configure.check_runner import LocalModel
from ui.text import plain, plain_with_addresses
from ui.widgets import keep, kept_widget


def _say(kind: str, text: str) -> None:
    st.session_state[keys.MODEL_MESSAGE] = ("send", kind, text)


def upload_panel(draft: Draft, local: LocalModel) -> None:
    conn = connection.current()
    st.markdown("**Upload to S3**")
    made = " (the simulation creates the bucket if it does not exist)" if conn.local else ""
    st.caption(
        f"Sends {plain(local.label)} packed as a .tar.gz the way Neo reads it (a .tar.gz is "
        f"sent as it is) to {plain_with_addresses(conn.label)}{made}, then sets the S3 URI below "
        "to it."
    )
    _offer_target(draft, local)
    left, right = st.columns([1, 2])
    left.text_input("Bucket", placeholder="my-bucket", **kept_widget(keys.MODEL_BUCKET))
    right.text_input("Key", **kept_widget(keys.MODEL_KEY))
    st.button("Upload to S3", on_click=_ask, icon=":material/cloud_upload:")
    _run(local, conn)
    found = st.session_state.get(keys.MODEL_MESSAGE)
    sent_to = draft.known_model.s3_uri if draft.known_model else ""
    moved_on = found and found[1] == "success" and sent_to != draft.model_s3_uri.strip()
    if found and found[0] == "send" and not moved_on:  # "the S3 URI names it now", while so
        (st.success if found[1] == "success" else st.error)(plain(found[2]))


def _offer_target(draft: Draft, local: LocalModel) -> None:
    """Fills Bucket and Key; Key follows the file read (it kept the first upload's name, and a
    second model overwrote the first one's object) unless the user typed one."""
    bucket, key = upload_target(draft.output_s3, draft.model_s3_uri, local.path.name)
    for name, offer in ((keys.MODEL_BUCKET, bucket), (keys.MODEL_KEY, key)):
        kept_widget(name, offer)  # seeded: typed values outlive a visit to another step
    offered = st.session_state.get(keys.MODEL_KEY_OFFERED)
    if offered is None or offered[0] != local.path:
        typed = st.session_state.get(keys.MODEL_KEY)
        if offered is None or typed in (None, "", offered[1]):
            st.session_state[keys.MODEL_KEY] = key
            keep(keys.MODEL_KEY)
        st.session_state[keys.MODEL_KEY_OFFERED] = (local.path, key)


def _ask() -> None:
    st.session_state[keys.MODEL_SEND] = True
    st.session_state.pop(keys.MODEL_MESSAGE, None)


def _send(conn: Connection, path: Path, bucket: str, key: str, progress: Any) -> str:
    client = shared_client(conn, "s3")
    if conn.local:  # a bucket of the simulation costs nothing and holds only this user's files
        try:
            client.head_bucket(Bucket=bucket)
        except ClientError:
            try:
                client.create_bucket(Bucket=bucket)
            except (ClientError, BotoCoreError) as exc:
                raise s3_error(exc, f"s3://{bucket}/{key}", "PutObject") from None
    return upload_model(client, path, bucket, key, progress=progress)


def _run(local: LocalModel, conn: Connection) -> None:
    """The upload a click asked for, with its progress bar; then the page is drawn again."""
    if not st.session_state.pop(keys.MODEL_SEND, False):
        return
    bucket = str(st.session_state.get(keys.MODEL_BUCKET) or "").strip()
    key = str(st.session_state.get(keys.MODEL_KEY) or "").strip().lstrip("/")
    if not bucket or not key:
        _say("error", "Name the bucket and the key to upload to first.")
        return
    if not key.endswith(".tar.gz"):  # what is sent is a .tar.gz, and a job reads only one
        like = as_tar_gz(key)
        _say(
            "error",
            f"The key {quote(key)} does not end in .tar.gz: the upload is a .tar.gz archive, "
            f"and a job's model must be one (S3Uri). End the key in .tar.gz, like {quote(like)}.",
        )
        return
    sent = [0, 0]

    def progress(done: int, total: int) -> None:
        sent[0], sent[1] = done, total

    bar = st.progress(0.0, text=f"Packing {plain(local.path.name)}…")
    pool = ThreadPoolExecutor(1, thread_name_prefix="neo-upload")
    try:  # a rerun asked for meanwhile ends this loop; the upload then ends on its own
        future = pool.submit(_send, conn, local.path, bucket, key, progress)
        while True:
            try:
                error = future.exception(timeout=0.2)
                break
            except TimeoutError:
                done, total = sent
                if total:
                    bar.progress(
                        min(done / total, 1.0),
                        text=f"Uploading {size_text(done)} of {size_text(total)}…",
                    )
    finally:
        pool.shutdown(wait=False)
    bar.empty()
    if error is not None:
        message = getattr(error, "message", None) or f"The upload failed: {error}"
        _say("error", str(message))
        return
    uri = future.result()
    draft = state.current_draft()
    model = draft.known_model
    binding.update(
        model_s3_uri=uri,
        known_model=model.model_copy(update={"s3_uri": uri}) if model is not None else None,
    )
    binding.refresh()
    size = f" ({size_text(sent[1])})" if sent[1] else ""
    _say("success", f"Uploaded {local.path.name}{size} to {uri}; the S3 URI names it now.")
    st.rerun()
