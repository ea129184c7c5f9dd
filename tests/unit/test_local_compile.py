"""The embedded local endpoint compiles for real with TVM (issue 14): the model from the local
S3, the artifact back into it, the real reason on failure, stop cancels the compiler, and
targets TVM cannot build keep the simulation and say so."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from moto.sagemaker.models import sagemaker_backends

from core import local
from core.local import objects
from core.local.backend_tvm import TvmRun, tvm_available
from core.local.lifecycle import SIMULATED, SIMULATED_PREFIX
from core.local.server import state
from tests.clients import local_clients
from tests.unit.compile.compile_models import CNN_SHAPE, onnx_cnn, request

needs_tvm = pytest.mark.skipif(not tvm_available(), reason="TVM cannot be imported here")
TERMINAL = ("COMPLETED", "FAILED", "STOPPED")


def model_tar(tmp_path: Path) -> bytes:
    """model.tar.gz holding the tests' small ONNX CNN, as a user uploads it."""
    model = onnx_cnn(tmp_path / "model.onnx")
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz") as archive:
        archive.add(model, "model.onnx")
    return packed.getvalue()


@pytest.fixture
def uploaded(local_url: str, tmp_path: Path) -> tuple[Any, Any, str]:
    """(sagemaker, s3, bucket) with the model at s3://bucket/models/model.tar.gz."""
    sagemaker, s3 = local_clients(local_url)
    bucket = f"models-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="models/model.tar.gz", Body=model_tar(tmp_path))
    return sagemaker, s3, bucket


def job(
    bucket: str, output: dict[str, Any], shapes: dict[str, Any] | None = None
) -> dict[str, Any]:
    api = request(output, shapes=shapes or {"data": CNN_SHAPE})
    api["CompilationJobName"] = f"tvm-{uuid.uuid4().hex[:10]}"
    api["InputConfig"]["S3Uri"] = f"s3://{bucket}/models/model.tar.gz"
    api["OutputConfig"]["S3OutputLocation"] = f"s3://{bucket}/compiled/"
    return api


def wait_for(sagemaker: Any, name: str, done: tuple[str, ...] = TERMINAL, limit: float = 240):
    """Describes the job until its status is in `done` (a deadline, no fixed sleep)."""
    deadline = time.monotonic() + limit
    seen = []
    while time.monotonic() < deadline:
        described = sagemaker.describe_compilation_job(CompilationJobName=name)
        if not seen or seen[-1] != described["CompilationJobStatus"]:
            seen.append(described["CompilationJobStatus"])
        if described["CompilationJobStatus"] in done:
            return described, seen
        time.sleep(0.1)
    raise AssertionError(f"{name} never reached {done}; went {seen}")


def failed(sagemaker: Any, api: dict[str, Any]) -> dict[str, Any]:
    """Creates the job and describes it at its end, which must be FAILED."""
    sagemaker.create_compilation_job(**api)
    described, _ = wait_for(sagemaker, api["CompilationJobName"])
    assert described["CompilationJobStatus"] == "FAILED"
    return described


def run_of(name: str) -> Any:
    return sagemaker_backends[local.ACCOUNT_ID][local.REGION].compilation_jobs[name]._run


@needs_tvm
def test_an_onnx_model_in_the_local_s3_compiles_to_a_real_artifact(uploaded):
    sagemaker, s3, bucket = uploaded
    api = job(bucket, {"TargetDevice": "rasp3b"})
    sagemaker.create_compilation_job(**api)
    assert isinstance(run_of(api["CompilationJobName"]), TvmRun)
    described, seen = wait_for(sagemaker, api["CompilationJobName"])
    assert described["CompilationJobStatus"] == "COMPLETED", described.get("FailureReason")
    assert "FailureReason" not in described
    assert set(seen) <= {"STARTING", "INPROGRESS", "COMPLETED"} and "INPROGRESS" in seen
    assert described["CompilationStartTime"] <= described["CompilationEndTime"]
    uri = described["ModelArtifacts"]["S3ModelArtifacts"]
    assert uri == f"s3://{bucket}/compiled/model-rasp3b.tar.gz"
    body = s3.get_object(Bucket=bucket, Key="compiled/model-rasp3b.tar.gz")["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert "manifest.json" in names and {"model.so", "model.tar"} & set(names)
    assert "aarch64" not in json.dumps(manifest) and "armv7" in json.dumps(manifest)
    # "a BLAKE2 hash value that identifies the compiled model artifacts" (it was SHA-256)
    assert described["ModelDigests"]["ArtifactDigest"] == hashlib.blake2b(body).hexdigest()
    if state().enabled:  # this process owns its endpoint folder: the artifact is kept there
        kept = json.loads((state().root / "objects.json").read_text())
        assert "compiled/model-rasp3b.tar.gz" in kept["buckets"][bucket]["keys"]


@needs_tvm
def test_a_wrong_input_name_fails_with_the_reason(uploaded):
    sagemaker, _, bucket = uploaded
    api = job(bucket, {"TargetDevice": "ml_c5"}, shapes={"input_1": CNN_SHAPE})
    described = failed(sagemaker, api)
    reason = described["FailureReason"]
    assert "input_1" in reason and "data" in reason and "Traceback" not in reason
    assert "ModelArtifacts" not in described


@needs_tvm
def test_python_quoted_shapes_are_read_as_the_guides_job_files_mean_them(uploaded):
    """The endpoint accepts the guide's Python-quoted DataInputConfig (it warns), so its
    compile reads it as JSON: the model's own check answers, not "not valid JSON"."""
    sagemaker, _, bucket = uploaded
    api = job(bucket, {"TargetDevice": "ml_c5"})
    api["InputConfig"]["DataInputConfig"] = f"{{'input_1': {json.dumps(CNN_SHAPE)}}}"
    reason = failed(sagemaker, api)["FailureReason"]
    assert "input_1" in reason and "JSON" not in reason


@needs_tvm
def test_a_model_missing_from_the_local_s3_fails_with_the_reason(uploaded):
    sagemaker, _, bucket = uploaded
    api = job(bucket, {"TargetDevice": "rasp3b"})
    api["InputConfig"]["S3Uri"] = f"s3://{bucket}/models/absent.tar.gz"
    reason = failed(sagemaker, api)["FailureReason"]
    assert "absent.tar.gz" in reason and "Upload the model there first" in reason


@needs_tvm
def test_stop_cancels_a_running_compile(uploaded):
    sagemaker, _, bucket = uploaded
    api = job(bucket, {"TargetDevice": "rasp3b"})
    name = api["CompilationJobName"]
    sagemaker.create_compilation_job(**api)
    wait_for(sagemaker, name, done=("INPROGRESS", *TERMINAL))
    run = run_of(name)
    assert run.handle is not None and run.handle.poll() is None  # the worker is compiling
    sagemaker.stop_compilation_job(CompilationJobName=name)
    described, _ = wait_for(sagemaker, name)
    assert described["CompilationJobStatus"] == "STOPPED"
    assert run.handle.process.poll() is not None  # the worker process is gone
    run.thread.join(30)
    assert (
        sagemaker.describe_compilation_job(CompilationJobName=name)["CompilationJobStatus"]
        == "STOPPED"
    )


@needs_tvm
def test_stop_while_waiting_to_start_never_starts_the_compiler(uploaded, monkeypatch):
    monkeypatch.setenv("NEO_LOCAL_COMPILE_HOLD_SECONDS", "600")
    sagemaker, _, bucket = uploaded
    api = job(bucket, {"TargetDevice": "rasp3b"})
    name = api["CompilationJobName"]
    sagemaker.create_compilation_job(**api)
    assert (
        sagemaker.describe_compilation_job(CompilationJobName=name)["CompilationJobStatus"]
        == "STARTING"
    )
    sagemaker.stop_compilation_job(CompilationJobName=name)
    run = run_of(name)
    run.thread.join(30)
    assert not run.thread.is_alive() and run.handle is None
    assert wait_for(sagemaker, name)[0]["CompilationJobStatus"] == "STOPPED"


@pytest.mark.parametrize("device", ["coreml", "ml_inf1"])
def test_a_target_tvm_cannot_build_keeps_the_simulation_and_says_so(uploaded, device):
    """Neo takes PyTorch for both; the note names the target, not the framework."""
    sagemaker, _, bucket = uploaded
    api = job(bucket, {"TargetDevice": device}, shapes={"input0": [1, 3, 224, 224]})
    api["InputConfig"]["Framework"] = "PYTORCH"
    if device == "ml_inf1":
        api["InputConfig"]["FrameworkVersion"] = "1.9"
    sagemaker.create_compilation_job(**api)
    first = sagemaker.describe_compilation_job(CompilationJobName=api["CompilationJobName"])
    assert first["FailureReason"].startswith(SIMULATED)
    described, _ = wait_for(sagemaker, api["CompilationJobName"])
    assert described["CompilationJobStatus"] == "COMPLETED"
    assert described["FailureReason"].startswith(SIMULATED)
    assert device in described["FailureReason"]


def test_a_framework_tvm_cannot_read_keeps_the_simulation_and_says_so(local_models, valid_request):
    sagemaker, _ = local_clients(local_models)
    valid_request["CompilationJobName"] = name = f"mxnet-{uuid.uuid4().hex[:8]}"
    sagemaker.create_compilation_job(**valid_request)
    reason = sagemaker.describe_compilation_job(CompilationJobName=name)["FailureReason"]
    assert reason.startswith(SIMULATED_PREFIX) and "no local compiler for MXNET" in reason


def test_writing_to_a_missing_bucket_says_so(local_url):
    """As on AWS, the artifact is not written to a bucket that does not exist."""
    with pytest.raises(objects.ObjectProblem) as refused:
        objects.write(f"s3://nobucket-{uuid.uuid4().hex[:8]}/out/model.tar.gz", b"x")
    assert "has no bucket" in str(refused.value)
