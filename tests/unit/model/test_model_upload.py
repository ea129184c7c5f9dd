"""Packing and uploading a model to S3 (a real moto server), and reading one back from S3."""

from __future__ import annotations

import io
import os
import socket
import tarfile
from pathlib import Path
from typing import Any

import model_builders as mb
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.stub import Stubber

from core.errors import NeoConfigError
from core.model import Limits, inspect_s3
from core.model.package import package_model
from core.model.s3 import absent_object
from core.model.upload import upload_model

MB = 1 << 20
SMALL_PARTS = TransferConfig(multipart_threshold=5 * MB, multipart_chunksize=5 * MB)


# ---- upload --------------------------------------------------------------------------------------


def test_upload_packs_a_model_multipart_with_progress(s3: Any, tmp_path: Path) -> None:
    """A 12 MB .onnx is packed, uploaded in parts, reported done/total, and reads back as ONNX."""
    model = mb.onnx_model()
    model.graph.initializer[0].raw_data = os.urandom(12 * MB)
    model.graph.initializer[0].dims[:] = [3 * MB]
    path = mb.write(tmp_path / "resnet.onnx", model.SerializeToString())
    calls: list[tuple[int, int]] = []
    uri = upload_model(
        s3, path, "models", "neo/resnet.tar.gz", lambda d, t: calls.append((d, t)), SMALL_PARTS
    )
    assert uri == "s3://models/neo/resnet.tar.gz"
    total = calls[-1][1]
    assert len(calls) > 2 and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    response = s3.get_object(Bucket="models", Key="neo/resnet.tar.gz")
    assert response["ETag"].strip('"').endswith("-3")  # three 5 MB parts: a multipart upload
    body = response["Body"].read()
    assert len(body) == total
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as tar:
        assert tar.getnames() == ["resnet.onnx"]
    info = inspect_s3(s3, uri)
    assert (info.framework, info.file) == ("ONNX", "resnet.onnx")


def test_packed_archive_is_uploaded_as_is(s3: Any, tmp_path: Path) -> None:
    """An existing .tar.gz goes up byte for byte."""
    archive = mb.tar_gz({"model.tflite": mb.tflite_bytes()})
    path = mb.write(tmp_path / "model.tar.gz", archive)
    upload_model(s3, path, "models", "as-is.tar.gz")
    assert s3.get_object(Bucket="models", Key="as-is.tar.gz")["Body"].read() == archive


def test_upload_to_a_missing_bucket_is_one_sentence(s3: Any, tmp_path: Path) -> None:
    """NoSuchBucket from S3 becomes a sentence naming the bucket."""
    path = mb.write(tmp_path / "m.onnx", mb.onnx_bytes())
    with pytest.raises(NeoConfigError, match="the bucket nowhere-bucket does not exist") as caught:
        upload_model(s3, path, "nowhere-bucket", "m.tar.gz")
    assert "\n" not in str(caught.value)


def test_access_denied_is_one_sentence(tmp_path: Path) -> None:
    """A stubbed AccessDenied on PutObject says which permission is missing."""
    client = mb.s3_client(None)
    path = mb.write(tmp_path / "m.onnx", mb.onnx_bytes())
    with Stubber(client) as stub:
        stub.add_client_error("put_object", service_error_code="AccessDenied", http_status_code=403)
        with pytest.raises(NeoConfigError, match=r"access to s3://models/m\.tar\.gz is denied"):
            upload_model(client, path, "models", "m.tar.gz")
        stub.assert_no_pending_responses()


def test_no_network_is_one_sentence(tmp_path: Path) -> None:
    """An endpoint nothing listens on gives 'cannot be reached', not a traceback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = mb.s3_client(
        f"http://127.0.0.1:{port}", retries={"max_attempts": 1}, connect_timeout=1
    )
    path = mb.write(tmp_path / "m.onnx", mb.onnx_bytes())
    with pytest.raises(NeoConfigError, match="cannot be reached"):
        upload_model(client, path, "models", "m.tar.gz")


def test_bad_destination_is_refused_before_packing(tmp_path: Path) -> None:
    """A key ending in / is no object address."""
    path = mb.write(tmp_path / "m.onnx", mb.onnx_bytes())
    with pytest.raises(NeoConfigError, match="not an S3 object address"):
        upload_model(mb.s3_client(None), path, "models", "folder/")


# ---- reading from S3 -----------------------------------------------------------------------------


def test_inspect_s3_streams_an_archive_and_reports_missing_keys(s3: Any) -> None:
    """get_object's Body is streamed; a missing key or a bad URI is a sentence."""
    s3.put_object(Bucket="models", Key="k.tar.gz", Body=mb.tar_gz({"m.onnx": mb.onnx_bytes()}))
    assert inspect_s3(s3, "s3://models/k.tar.gz").inputs[0].name == "pixel_values"
    with pytest.raises(NeoConfigError, match=r"there is no object at s3://models/nope\.tar\.gz"):
        inspect_s3(s3, "s3://models/nope.tar.gz")
    with pytest.raises(NeoConfigError, match="not an S3 object address"):
        inspect_s3(s3, "https://models/k.tar.gz")


def test_absent_object_names_a_missing_model_and_is_quiet_when_it_cannot_tell(s3: Any) -> None:
    """A model there: None; a missing key or bucket (moto's real 404s): a sentence; a 403 or
    an address that is no object: None, since S3 did not say the model is missing."""
    s3.put_object(Bucket="models", Key="there.tar.gz", Body=b"x")
    assert absent_object(s3, "s3://models/there.tar.gz") is None
    for uri in ("s3://models/nope.tar.gz", "s3://no-such-bucket-here/m.tar.gz"):
        assert absent_object(s3, uri) == f"Reading {uri} failed: there is no object at {uri}."
    assert absent_object(s3, "https://models/there.tar.gz") is None
    client = mb.s3_client(None)
    with Stubber(client) as stub:
        stub.add_client_error("head_object", service_error_code="403", http_status_code=403)
        assert absent_object(client, "s3://models/secret.tar.gz") is None
        stub.assert_no_pending_responses()


def test_inspect_s3_refuses_an_object_over_the_cap_by_its_length(s3: Any) -> None:
    """ContentLength over the cap stops before the body is read."""
    s3.put_object(Bucket="models", Key="big.tar.gz", Body=bytes(2 * MB))
    with pytest.raises(NeoConfigError, match="over the 1 MB"):
        inspect_s3(s3, "s3://models/big.tar.gz", limits=Limits(max_artifact_bytes=MB))


# ---- packing -------------------------------------------------------------------------------------


def _names(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return sorted(tar.getnames())


def test_package_layouts(tmp_path: Path) -> None:
    """A file at the root, a pair folder's files at the root, a SavedModel folder kept."""
    out = tmp_path / "out"
    out.mkdir()
    single = package_model(mb.write(tmp_path / "m.tflite", mb.tflite_bytes()), out)
    assert _names(single) == ["m.tflite"]
    pair = tmp_path / "mx"
    mb.write(pair / "net-symbol.json", mb.mxnet_symbol())
    mb.write(pair / "net-0000.params", mb.mxnet_params(mb.MXNET_PARAM_NAMES))
    mb.write(pair / ".DS_Store", b"junk")
    assert _names(package_model(pair, out)) == ["net-0000.params", "net-symbol.json"]
    saved = tmp_path / "saved"
    mb.write(saved / "saved_model.pb", mb.saved_model_pb())
    mb.write(saved / "variables" / "variables.index", b"i")
    assert _names(package_model(saved, out)) == [
        "saved",
        "saved/saved_model.pb",
        "saved/variables",
        "saved/variables/variables.index",
    ]


def test_package_refuses_links_and_recompresses_plain_tar(tmp_path: Path) -> None:
    """A symlink in the folder is refused; a plain .tar becomes a .tar.gz of the same members."""
    folder = tmp_path / "m"
    mb.write(folder / "model.onnx", mb.onnx_bytes())
    (folder / "link.onnx").symlink_to(folder / "model.onnx")
    with pytest.raises(NeoConfigError, match="is a link"):
        package_model(folder, tmp_path)
    plain = mb.write(tmp_path / "model.tar", mb.tar_gz({"m.onnx": mb.onnx_bytes()}, mode="w"))
    assert _names(package_model(plain, tmp_path)) == ["m.onnx"]
