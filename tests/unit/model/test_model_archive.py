"""Finding the model in an archive, streaming it, and refusing hostile or oversized artifacts."""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import model_builders as mb
import onnx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper

from core.errors import NeoConfigError
from core.model import Limits, inspect_bytes, inspect_path, inspect_stream

MB = 1 << 20

# ---- finding the model ---------------------------------------------------------------------------


def test_tar_gz_reports_the_member_it_read_and_skips_the_rest() -> None:
    """The .onnx among other files is read; the others are listed as skipped, unread."""
    archive = mb.tar_gz(
        {
            "model/README.md": b"docs",
            "model/model.onnx": mb.onnx_bytes(),
            "model/model.onnx.data": os.urandom(2048),
        }
    )
    info = inspect_bytes(archive, "model.tar.gz")
    assert info.file == "model/model.onnx"
    assert info.sources["file"] == "model.tar.gz: member model/model.onnx"
    assert info.sources["skipped"].startswith("2 other files")


def test_tflite_member_is_spooled_and_read() -> None:
    """A .tflite member (random access needed) is copied to a temporary file and read."""
    archive = mb.tar_gz({"./model.tflite": mb.tflite_bytes(weight_bytes=100_000)})
    info = inspect_bytes(archive, "model.tar.gz")
    assert (info.framework, info.file) == ("TFLITE", "model.tflite")


@pytest.mark.parametrize("mode", ["w", "w:bz2", "w:xz"])
def test_plain_bz2_and_xz_tars_are_read(mode: str) -> None:
    """A tar whatever its compression (by magic number) is streamed the same way."""
    archive = mb.tar_gz({"m.onnx": mb.onnx_bytes()}, mode=mode)
    assert inspect_bytes(archive, "artifact").framework == "ONNX"


def test_models_of_two_frameworks_need_the_framework() -> None:
    """An .onnx and a TorchScript file: ambiguous without Framework, settled with it."""
    archive = mb.tar_gz({"a.onnx": mb.onnx_bytes(), "b.pt": mb.torchscript_zip()})
    with pytest.raises(NeoConfigError, match="several frameworks"):
        inspect_bytes(archive, "m.tar.gz")
    assert inspect_bytes(archive, "m.tar.gz", framework="PYTORCH").framework == "PYTORCH"


def test_two_models_of_one_framework_are_refused() -> None:
    """Neo compiles one model: two .onnx files are named in the sentence."""
    archive = mb.tar_gz({"a.onnx": mb.onnx_bytes(), "b.onnx": mb.onnx_bytes()})
    with pytest.raises(NeoConfigError, match=r"2 ONNX models \('a\.onnx', 'b\.onnx'\)"):
        inspect_bytes(archive, "m.tar.gz")


def test_a_keras_savedmodels_metadata_is_named_as_the_second_pb() -> None:
    """Keras writes keras_metadata.pb beside saved_model.pb; Neo allows one .pb in a
    TensorFlow model (its troubleshooting page), so the sentence names that file and the
    page, not "2 TENSORFLOW models"."""
    archive = mb.tar_gz(
        {"m/saved_model.pb": mb.saved_model_pb(), "m/keras_metadata.pb": b"\x0a\x05hello"}
    )
    with pytest.raises(NeoConfigError) as refused:
        inspect_bytes(archive, "m.tar.gz")
    said = refused.value.message
    assert "2 .pb files" in said and "Exactly one .pb file is allowed" in said
    assert "'m/keras_metadata.pb' is written by Keras" in said and "leave it out" in said


def test_two_models_in_a_folder_say_folder(tmp_path: Path) -> None:
    """A folder read from a path is named as one ("keep one in the archive" misled)."""
    mb.write(tmp_path / "models" / "a.onnx", mb.onnx_bytes())
    mb.write(tmp_path / "models" / "b.onnx", mb.onnx_bytes())
    with pytest.raises(NeoConfigError, match=r"2 ONNX models .*keep one in the folder\.$"):
        inspect_path(tmp_path / "models")


def test_macos_appledouble_copies_are_ignored() -> None:
    """._model.onnx (tar's resource-fork copy on macOS) is not a second model."""
    archive = mb.tar_gz({"._model.onnx": b"\x00\x05\x16\x07", "model.onnx": mb.onnx_bytes()})
    assert inspect_bytes(archive, "m.tar.gz").file == "model.onnx"


def test_broken_cfg_beside_a_model_does_not_hide_it() -> None:
    """A setup.cfg that is no Darknet net is ignored when another model is readable."""
    archive = mb.tar_gz({"setup.cfg": b"[metadata]\nname=x\n", "m.onnx": mb.onnx_bytes()})
    assert inspect_bytes(archive, "m.tar.gz").framework == "ONNX"


def test_directories_saved_model_and_mxnet_pair(tmp_path: Path) -> None:
    """A SavedModel folder and an MXNet symbol/params folder are read from disk."""
    saved = tmp_path / "export" / "1"
    mb.write(saved / "saved_model.pb", mb.saved_model_pb())
    mb.write(saved / "variables" / "variables.data-00000-of-00001", bytes(4096))
    assert inspect_path(tmp_path / "export").inputs[0].name == "input_1"
    pair = tmp_path / "mx"
    mb.write(pair / "net-symbol.json", mb.mxnet_symbol())
    mb.write(pair / "net-0000.params", mb.mxnet_params(mb.MXNET_PARAM_NAMES))
    assert [i.name for i in inspect_path(pair).inputs] == ["data"]


def test_stream_read_forward_only() -> None:
    """inspect_stream reads a non-seekable stream (an S3 body) in one pass."""
    archive = mb.tar_gz({"m.onnx": mb.onnx_bytes(weight_bytes=500_000)})

    class Body:
        def __init__(self) -> None:
            self.inner = io.BytesIO(archive)

        def read(self, size: int = -1) -> bytes:
            return self.inner.read(min(size, 1000) if size and size > 0 else 1000)

    assert inspect_stream(Body(), "models/m.tar.gz").file == "m.onnx"


# ---- hostile archives ----------------------------------------------------------------------------


def _tar(*members: tarfile.TarInfo, data: bytes = b"") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for member in members:
            tar.addfile(member, io.BytesIO(data) if member.isfile() else None)
    return out.getvalue()


def _member(
    name: str, kind: bytes = tarfile.REGTYPE, link: str = "", size: int = 0
) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, size
    return info


@pytest.mark.parametrize(
    ("member", "pattern"),
    [
        (_member("../evil.onnx"), "climbs out"),
        (_member("model/../../evil.onnx"), "climbs out"),
        (_member("..\\evil.onnx"), "climbs out"),
        (_member("/etc/evil.onnx"), "absolute path"),
        (_member("C:/evil.onnx"), "absolute path"),
        (_member("model.onnx", tarfile.SYMTYPE, "/etc/passwd"), "link"),
        (_member("model.onnx", tarfile.LNKTYPE, "other.onnx"), "link"),
        (_member("dev", tarfile.CHRTYPE), "device or pipe"),
        (_member("pipe", tarfile.FIFOTYPE), "device or pipe"),
    ],
)
def test_hostile_members_are_refused(member: tarfile.TarInfo, pattern: str) -> None:
    """`..`, absolute paths, links and devices each give one sentence."""
    with pytest.raises(NeoConfigError, match=pattern) as caught:
        inspect_bytes(_tar(member), "model.tar.gz")
    assert "\n" not in str(caught.value)


def test_truncated_archive_is_one_sentence() -> None:
    """A .tar.gz cut in the middle is reported as truncated or corrupt."""
    archive = mb.tar_gz({"m.onnx": os.urandom(200_000)})
    with pytest.raises(NeoConfigError, match="truncated or corrupt"):
        inspect_bytes(archive[: len(archive) // 2], "model.tar.gz")


@pytest.mark.parametrize(
    ("data", "name", "pattern"),
    [
        (os.urandom(3000), "model.tar.gz", "not a tar archive"),
        (b"\x1f\x8b" + os.urandom(100), "model.tar.gz", "truncated or corrupt"),
        (mb.tar_gz({"notes.txt": b"hello"}), "model.tar.gz", "holds no model file"),
        (b"just some text", "weights.bin", "'weights.bin' is not a model file"),
        (b"", "model.onnx", "empty"),
    ],
)
def test_not_a_model_is_one_sentence(data: bytes, name: str, pattern: str) -> None:
    """Random bytes, a bad gzip, a tar without a model, an unknown file: one sentence each."""
    with pytest.raises(NeoConfigError, match=pattern):
        inspect_bytes(data, name)


def test_archive_bomb_is_stopped_by_the_expansion_ratio() -> None:
    """20 MB of zeros packed into a few KB trips the ratio cap before it is all unpacked."""
    bomb = mb.tar_gz({"zeros.bin": bytes(20 * MB), "m.onnx": mb.onnx_bytes()})
    assert len(bomb) < 100_000
    limits = Limits(ratio_floor=MB, max_ratio=50)
    with pytest.raises(NeoConfigError, match="archive bomb"):
        inspect_bytes(bomb, "model.tar.gz", limits=limits)


def test_unpacked_size_cap() -> None:
    """An archive expanding past max_unpacked_bytes is refused."""
    archive = mb.tar_gz({"w.bin": os.urandom(3 * MB)})
    with pytest.raises(NeoConfigError, match="unpacks to over"):
        inspect_bytes(archive, "model.tar.gz", limits=Limits(max_unpacked_bytes=MB))


def test_five_gigabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A 5 GB (sparse) file is over the cap by its size alone."""
    big = tmp_path / "huge.tar.gz"
    with big.open("wb") as handle:
        handle.truncate(5 * (1 << 30))
    with pytest.raises(NeoConfigError, match=r"5\.0 GB, over the 4\.0 GB"):
        inspect_path(big)


def test_endless_stream_is_cut_at_the_artifact_cap() -> None:
    """A stream without a size stops at max_artifact_bytes."""

    header = tarfile.TarInfo("weights.bin")
    header.size = 1 << 40

    class Endless:
        """A tar header for a 1 TB member, then zeros forever."""

        def __init__(self) -> None:
            self.head = header.tobuf()

        def read(self, size: int = -1) -> bytes:
            size = size if size > 0 else 65536
            data, self.head = self.head[:size], self.head[size:]
            return data + bytes(size - len(data))

    with pytest.raises(NeoConfigError, match="the most that is inspected"):
        inspect_stream(Endless(), "model.tar.gz", limits=Limits(max_artifact_bytes=MB))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """tempfile's folder pointed at an empty folder, and the working directory at another."""
    temp_root = tmp_path / "temp"
    temp_root.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    monkeypatch.chdir(work)
    yield temp_root


def test_nothing_is_left_on_disk(private_tmp: Path, tmp_path: Path) -> None:
    """Spooled members live in a temporary folder that is gone afterwards, even on failure."""
    h5 = mb.keras_h5(tmp_path / "m.h5").read_bytes()
    good = mb.tar_gz({"model.tflite": mb.tflite_bytes(), "m.h5": h5})
    with pytest.raises(NeoConfigError):
        inspect_bytes(good, "model.tar.gz")  # two frameworks, after both were spooled
    assert inspect_bytes(good, "model.tar.gz", framework="TFLITE").framework == "TFLITE"
    with pytest.raises(NeoConfigError):
        inspect_bytes(_tar(_member("../../x.onnx", size=4), data=b"abcd"), "m.tar.gz")
    assert list(private_tmp.iterdir()) == []
    assert list(Path.cwd().iterdir()) == []


# ---- bounded memory ------------------------------------------------------------------------------


def _peak(run: object) -> int:
    tracemalloc.start()
    try:
        run()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def heavy_artifacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A tar.gz with a 50 MB random weights member, and one whose .onnx embeds 50 MB.

    gzip level 0 (stored blocks) keeps building them fast; reading still goes through gzip.
    """
    folder = tmp_path_factory.mktemp("heavy")
    weights = os.urandom(50 * MB)
    separate = folder / "separate.tar.gz"
    with tarfile.open(separate, "w:gz", compresslevel=0) as tar:
        for name, data in (("model.onnx", mb.onnx_bytes()), ("weights.bin", weights)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    model = mb.onnx_model()
    model.graph.initializer[0].raw_data = weights
    model.graph.initializer[0].dims[:] = [len(weights) // 4]
    embedded = folder / "embedded.tar.gz"
    data = model.SerializeToString()
    with tarfile.open(embedded, "w:gz", compresslevel=0) as tar:
        info = tarfile.TarInfo("model.onnx")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return {"separate": separate, "embedded": embedded}


def test_weights_member_is_never_held_in_memory(heavy_artifacts: dict[str, Path]) -> None:
    """Inspecting past a 50 MB weights member peaks at a few MB of Python memory."""
    peak = _peak(lambda: inspect_path(heavy_artifacts["separate"]))
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB"


def test_onnx_with_embedded_weights_is_walked_not_loaded(heavy_artifacts: dict[str, Path]) -> None:
    """An .onnx holding 50 MB of raw_data is read by walking it: memory stays a few MB."""
    result = []
    peak = _peak(lambda: result.append(inspect_path(heavy_artifacts["embedded"])))
    assert result[0].inputs[0].name == "pixel_values"
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB"


def test_onnx_helper_graph_with_only_initializers() -> None:
    """A graph whose inputs are all initializers has no inputs and says so."""
    weight = helper.make_tensor("w", TensorProto.FLOAT, [1], [1.0])
    value = helper.make_tensor_value_info("w", TensorProto.FLOAT, [1])
    graph = helper.make_graph([], "g", [value], [value], initializer=[weight])
    info = inspect_bytes(onnx.helper.make_model(graph).SerializeToString(), "m.onnx")
    assert info.inputs == ()
    assert "no inputs" in info.notes[0]


_SEEDS = {
    "m.onnx": mb.onnx_bytes(weight_bytes=800),
    "m.tflite": mb.tflite_bytes(signature_keys=("x",), weight_bytes=200),
    "m-symbol.json": mb.mxnet_symbol(("mask",)),
    "m.pt": mb.torchscript_zip(weight_bytes=200),
    "saved_model.pb": mb.saved_model_pb(graph_bytes=200),
    "frozen.pb": mb.frozen_graph_pb(const_bytes=200),
    "y.cfg": mb.YOLO_CFG,
    "m.tar.gz": mb.tar_gz(
        {"m.onnx": mb.onnx_bytes(), "m-0.params": mb.mxnet_params(mb.MXNET_PARAM_NAMES)}
    ),
}


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(sorted(_SEEDS)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
)
def test_damaged_artifacts_only_ever_raise_sentences(
    name: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    """Cut or byte-flipped models of every format: a ModelInfo or a NeoConfigError, nothing else."""
    data = bytearray(_SEEDS[name])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    data = data[: max(1, int(cut * len(data)))] if cut < 0.5 else data
    try:
        info = inspect_bytes(bytes(data), name)
    except NeoConfigError as exc:
        assert "\n" not in str(exc)
    else:
        assert info.framework


def test_a_file_the_system_will_not_open_is_said_so_not_called_damaged() -> None:
    """A folder read whole (a user typed "/") meets a file the system refuses: the sentence
    names that file and the system's reason; it called the model damaged."""
    from core.model.inspect import _guarded

    def refused() -> None:
        raise PermissionError(13, "Permission denied", "/srv/models/secret.onnx")

    with pytest.raises(NeoConfigError) as raised:
        _guarded("models/", refused)
    assert raised.value.message == (
        "Cannot read models/ ('/srv/models/secret.onnx'): Permission denied."
    )


def test_random_bytes_named_onnx_are_said_to_be_no_protocol_buffer() -> None:
    """Bytes that are no protobuf at all: the sentence says so in words a user has, not in the
    wire format's terms ("wire type 4")."""
    data = bytes([0x0C, 0x00]) + b"\x00" * 30  # field 1 with wire type 4 (an end-group)
    with pytest.raises(NeoConfigError) as raised:
        inspect_bytes(data, "model.onnx")
    assert raised.value.message == (
        "model.onnx is not a readable ONNX model: its bytes are not protocol-buffer data, "
        "as this format is."
    )
