"""The Model step's model part: choose the model, read its inputs, fill from them, upload it.

A model is read from an upload, from a path on this machine (offered only while the server
listens on loopback: on a shared server a path box would expose its files) or from the draft's
S3 URI, where it lies. What was read is kept in the draft (`Draft.known_model`), so the request
is checked against it everywhere; the file itself stays on this server for this session
(`keys.MODEL_LOCAL`), for the upload to S3 and the local check.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from core.aws.connection import shared_client
from core.draft.model import Draft
from core.draft.model_ref import ModelRef, parse_sizes
from core.draft.option_values import whole_number_or_text
from core.errors import NeoConfigError, quote
from core.model import (
    ModelInfo,
    dynamic_questions,
    given_shapes,
    inspect_path,
    inspect_s3,
    written_index,
)
from ui import binding, connection, keys, state
from ui.configure import check_runner
from ui.configure.check_runner import LocalModel
from ui.configure.model_table import model_table
from ui.configure.model_upload import upload_panel
from ui.text import code, plain, plain_with_addresses
from ui.widgets import kept_widget

UPLOAD_MB = 200
"""The largest upload: Streamlit holds an upload in the server's memory (.streamlit/config.toml's
maxUploadSize must be at least this)."""
UPLOAD, PATH, S3 = "Upload a file", "A path on this machine", "The S3 URI below"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def on_loopback() -> bool:
    """Whether the server listens on this machine only (a path box is offered only then)."""
    return str(st.get_option("server.address") or "") in LOOPBACK


def _kept_as(draft_id: str) -> str:
    return check_runner.kept_as(keys.MODEL_LOCAL, draft_id)


def local_model() -> LocalModel | None:
    """The model file read in this tab, or, after a reload (a new session), the one read for
    this draft while the earlier session still holds it (it was lost, and Review said to
    choose a model the Model step showed as read)."""
    found: LocalModel | None = st.session_state.get(keys.MODEL_LOCAL)
    draft = state.current_draft()
    if found is None and draft.known_model is not None:
        found = check_runner.recall(_kept_as(draft.id), LocalModel)
        if found is not None:
            st.session_state[keys.MODEL_LOCAL] = found
    return found


def say(where: str, kind: str, text: str) -> None:
    """A sentence shown beside the part (`where`: read, fill, send) that produced it."""
    st.session_state[keys.MODEL_MESSAGE] = (where, kind, text)


def said(where: str) -> None:
    found = st.session_state.get(keys.MODEL_MESSAGE)
    if found and found[0] == where:
        _, kind, text = found
        show = {"success": st.success, "info": st.info}.get(kind, st.error)
        show(plain(text))


def model_panel(draft: Draft) -> None:
    with st.container(border=True):
        st.markdown("**Read the model** (its inputs, framework and version, from the file itself)")
        sources = [UPLOAD, *([PATH] if on_loopback() else []), S3]
        choice = st.radio(
            "Read it from", sources, horizontal=True, **kept_widget(keys.MODEL_SOURCE)
        )
        if choice == UPLOAD:
            _upload_box()
        elif choice == PATH:
            _path_box()
        else:
            _s3_box(draft)
        _run_read(draft)
        said(f"read:{choice}")  # a path's error is not said beside the S3 button
        model = draft.known_model
        local = local_model()
        if model is not None:
            model_table(model, held=local is not None)
            fill_panel(model)
        if local is not None:
            upload_panel(draft, local)


def _ask_read(kind: str) -> None:
    st.session_state[keys.MODEL_READ] = kind
    st.session_state.pop(keys.MODEL_MESSAGE, None)


def _upload_key() -> str:
    """The uploader's key, one a draft: the browser keeps an uploader's file, so a new key is
    the way another draft opens without this one's upload."""
    return f"{keys.MODEL_UPLOAD}@{state.current_draft().id}"


def _upload_box() -> None:
    larger = "its path on this machine or " if on_loopback() else ""
    st.file_uploader(
        f"Model file (up to {UPLOAD_MB} MB)",
        key=_upload_key(),
        max_upload_size=UPLOAD_MB,
        on_change=_ask_read,
        args=(UPLOAD,),
        help="A model file (.onnx, .tflite, .h5, .pt, .pb...) or a .tar.gz holding one.",
    )
    st.caption(
        f"An upload is held in this server's memory, so it is limited to {UPLOAD_MB} MB; for "
        f"a larger model give {larger}its S3 URI."
    )


def _path_box() -> None:
    st.text_input(
        "Path on this machine",
        **kept_widget(keys.MODEL_PATH),
        placeholder="/home/me/models/resnet50.onnx",
        help="A model file, a .tar.gz, or a folder (a SavedModel, an MXNet pair), read where "
        "it is. Offered because this app listens on this machine only.",
    )
    st.button("Read this path", on_click=_ask_read, args=(PATH,))


def _s3_box(draft: Draft) -> None:
    uri = draft.model_s3_uri.strip()
    if uri:
        st.caption(
            f"Reads {code(uri)} where it lies "
            f"({plain_with_addresses(connection.current().label)}), streamed: the weights are "
            "never downloaded whole."
        )
    else:
        st.caption("Type the model's S3 URI in the field below first.")
    st.button("Read from S3", on_click=_ask_read, args=(S3,), disabled=not uri)


def _copy_upload(upload: Any) -> LocalModel:
    """The upload written to a folder of its own on this server (removed with the LocalModel)."""
    holder = tempfile.TemporaryDirectory(prefix="neo-model-", ignore_cleanup_errors=True)
    name = Path(str(upload.name).replace("\\", "/")).name
    path = Path(holder.name) / (name if name not in ("", ".", "..") else "model")
    upload.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(upload, out, 1 << 20)
    return LocalModel(path, f"the upload {name}", holder)


def _read(kind: str, draft: Draft) -> tuple[ModelInfo, str, LocalModel | None, str]:
    """(what was read, its label, the file kept on this server, its S3 URI)."""
    framework = draft.framework or None
    if kind == UPLOAD:
        upload = st.session_state.get(_upload_key())
        if upload is None:
            raise NeoConfigError("Choose a file to upload first.")
        local = _copy_upload(upload)
        return inspect_path(local.path, framework), local.label, local, ""
    if kind == PATH:
        text = str(st.session_state.get(keys.MODEL_PATH) or "").strip()
        if not text:
            raise NeoConfigError("Type the path of the model first.")
        try:
            path = Path(text).expanduser()  # "~nobody/m.onnx": no such user's home
        except RuntimeError:
            raise NeoConfigError(f"No such file: {quote(text)} (no such user's home).") from None
        info = inspect_path(path, framework)
        local = LocalModel(path.resolve(), str(path))
        return info, f"{path.name} on this machine", local, ""  # the draft, shared, keeps no path
    uri = draft.model_s3_uri.strip()
    client = shared_client(connection.current(), "s3")
    return inspect_s3(client, uri, framework), uri, None, uri


def _run_read(draft: Draft) -> None:
    """The read a button asked for, under a status; the page is drawn again from its result."""
    kind = st.session_state.pop(keys.MODEL_READ, None)
    if kind is None or (kind == UPLOAD and st.session_state.get(_upload_key()) is None):
        return
    with st.status("Reading the model…") as status:
        try:
            info, label, local, uri = _read(kind, draft)
        except NeoConfigError as exc:
            status.update(label="The model could not be read.", state="error")
            earlier = draft.known_model
            kept = (
                f" The model below is still the one read before, from {earlier.origin}."
                if earlier is not None
                else ""
            )
            say(f"read:{kind}", "error", exc.message + kept)
            return
        status.update(label=f"Read {plain(label)}.", state="complete")
    st.session_state[keys.MODEL_LOCAL] = local
    if local is not None:
        check_runner.remember(_kept_as(draft.id), local)
    else:  # read from S3: a reload must not find an earlier file
        check_runner.forget(_kept_as(draft.id))
    read = ModelRef.of(info, label, uri).replacing(draft.known_model, draft.model_s3_uri)
    binding.update(known_model=read)
    count = len(info.inputs)
    say(
        f"read:{kind}",
        "success",
        f"Read {label}: {info.framework}, {count} input{'s' if count != 1 else ''}.",
    )
    st.rerun()


def _forget() -> None:
    check_runner.forget(_kept_as(state.current_draft().id))
    binding.update(known_model=None)
    st.session_state.pop(keys.MODEL_LOCAL, None)
    st.session_state.pop(keys.MODEL_MESSAGE, None)


def _dim_key(name: str, index: int) -> str:
    return f"{keys.MODEL_DIM}{name}:{index}"


def fill_panel(model: ModelRef) -> None:
    """A size for each dynamic dimension (batch 1 unless told), then one click fills."""
    info = model.info()
    questions = dynamic_questions(info)
    _seed_sizes(info, questions)
    if any(i.shape and 0 in i.dynamic_dims and len(i.shape) >= 2 for i in info.inputs):
        st.text_input(
            "Batch size (the dynamic first dimension)", placeholder="1", key=keys.MODEL_BATCH
        )
        _size_said(keys.MODEL_BATCH, "The batch size")
    for name, index, symbol in questions:
        if index < 0:
            st.text_input(
                f"Shape of {plain(name)} (the file does not store it)",
                key=_dim_key(name, index),
                placeholder="1, 3, 224, 224",
            )
        else:
            st.text_input(
                f"Size of {plain(name)} dimension {index} ({plain(symbol)})",
                placeholder="1",
                key=_dim_key(name, index),
            )
            _size_said(_dim_key(name, index), f"The size of {name!r} dimension {index}")
    st.button(  # a row of its own: beside another button, the label was cut off
        "Fill DataInputConfig and Framework from the model",
        on_click=_fill,
        type="primary",
        width="stretch",
        help="Writes DataInputConfig, Framework, and FrameworkVersion where the file states it.",
    )
    st.button("Forget this model", on_click=_forget, type="tertiary")
    said("fill")


def _size_said(key: str, label: str) -> None:
    """Under a size box, as soon as it is typed, why Fill would refuse it (it was said only
    after Fill, and under Forget this model)."""
    try:
        _size(st.session_state.get(key), label)
    except NeoConfigError as exc:
        st.error(plain(exc.message), icon=":material/error:")


def _seed_sizes(info: ModelInfo, questions: list[tuple[str, int, str]]) -> None:
    """Each size box left unset takes the size the draft's shapes already give (a reload or a
    reopened draft showed them empty, and Fill then wrote batch 1 over the shapes' 4)."""
    given = given_shapes(state.current_draft().input_shapes) or []
    written = {name: shape for name, shape, _ in given if name and isinstance(shape, list)}
    batched = [i.name for i in info.inputs if i.shape and 0 in i.dynamic_dims and len(i.shape) > 1]
    seeds = {keys.MODEL_BATCH: _size_at(written, batched[0], 0) if batched else None}
    inputs = {item.name: item for item in info.inputs}
    for name, index, _ in questions:
        sizes = written.get(name) or []
        if index >= 0:  # the model's place of the size, which a Keras image's shapes move
            at = written_index(inputs[name], info.framework, index) if name in inputs else index
            seeds[_dim_key(name, index)] = _size_at(written, name, at)
        elif sizes and all(_size_at(written, name, i) for i in range(len(sizes))):
            seeds[_dim_key(name, index)] = ", ".join(map(str, sizes))
    for key, seed in seeds.items():
        if seed is not None and key not in st.session_state:
            st.session_state[key] = seed


def _size_at(written: dict[str, list[Any]], name: str, index: int) -> str | None:
    sizes = written.get(name) or []
    size = sizes[index] if 0 <= index < len(sizes) else None
    return str(size) if isinstance(size, int) and not isinstance(size, bool) and size > 0 else None


def _size(typed: Any, label: str) -> int:
    """A size typed in a text field (1 when empty): a browser's number field made 5,000 nines
    or 1e3 into 1 without a word; here anything but a whole number from 1 is said."""
    value = whole_number_or_text(typed)
    if value is None:
        return 1
    if isinstance(value, int) and value >= 1:
        return value
    digits = str(typed).strip()
    if isinstance(value, str) and digits.isdecimal() and digits.isascii():  # past what int() reads
        raise NeoConfigError(f"{label} has {len(digits):,} digits, more than any size takes.")
    raise NeoConfigError(f"{label} takes a whole number from 1, not {quote(str(typed), 40)}.")


def _fill() -> None:
    draft = state.current_draft()
    model = draft.known_model
    if model is None:
        return
    dynamic: dict[str, list[int]] = {}
    try:
        for name, index, _ in dynamic_questions(model.info()):
            value = st.session_state.get(_dim_key(name, index))
            if index < 0:
                dynamic[name] = parse_sizes(str(value or ""), repr(name))
            else:
                label = f"The size of {name!r} dimension {index}"
                dynamic.setdefault(name, []).append(_size(value, label))
        batch = _size(st.session_state.get(keys.MODEL_BATCH), "The batch size")
        before = draft.input_shapes
        draft.fill_from_model(dynamic, batch)
    except NeoConfigError as exc:
        say("fill", "error", exc.message)
        return
    state.save()
    binding.refresh()
    shapes = (
        "unchanged" if draft.input_shapes == before else f"now {quote(draft.input_shapes, 300)}"
    )
    say(
        "fill",
        "success",
        f"Filled from the model: Framework {draft.framework}"
        + (f", FrameworkVersion {draft.framework_version}" if draft.framework_version else "")
        + f", DataInputConfig {shapes}.",
    )
