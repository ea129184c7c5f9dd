"""The local endpoint's jobs and objects survive a restart of the app (issue 12: after a restart
the draft's "submitted" note and the Jobs page agree); a job the stop interrupted is FAILED,
never left INPROGRESS. Each run of the app is a real process here, the first one killed."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from core.local.persist import INTERRUPTED, LocalState
from tests.conftest import VALID_REQUEST
from tests.unit.compile.compile_models import CNN_SHAPE, onnx_cnn

ROOT = Path(__file__).resolve().parents[2]

FIRST_RUN = """
import io, json, sys, tarfile, time
import boto3
from core.local import credentials
from core.local.server import local_endpoint
url = local_endpoint()
make = lambda s: boto3.client(s, endpoint_url=url, region_name="us-east-1", **credentials())
sm, s3 = make("sagemaker"), make("s3")
s3.create_bucket(Bucket="restart-models")
packed = io.BytesIO()
with tarfile.open(fileobj=packed, mode="w:gz") as archive:
    archive.add(sys.argv[1], "model.onnx")
s3.put_object(Bucket="restart-models", Key="models/model.tar.gz", Body=packed.getvalue())
jobs = json.loads(sys.argv[2])
for api in jobs.values():
    sm.create_compilation_job(**api)
sm.stop_compilation_job(CompilationJobName=jobs["stopped"]["CompilationJobName"])
print(json.dumps({k: sm.describe_compilation_job(CompilationJobName=a["CompilationJobName"])
                  ["CompilationJobStatus"] for k, a in jobs.items()}), flush=True)
time.sleep(600)
"""

SECOND_RUN = """
import json, sys
import boto3
from core.local import credentials
from core.local.server import local_endpoint
url = local_endpoint()
make = lambda s: boto3.client(s, endpoint_url=url, region_name="us-east-1", **credentials())
sm, s3 = make("sagemaker"), make("s3")
names = json.loads(sys.argv[1])
out = {k: sm.describe_compilation_job(CompilationJobName=n) for k, n in names.items()}
listed = sm.list_compilation_jobs()["CompilationJobSummaries"]
out["listed"] = [j["CompilationJobName"] for j in listed]
out["model"] = len(s3.get_object(Bucket="restart-models", Key="models/model.tar.gz")["Body"].read())
print(json.dumps(out, default=str), flush=True)
"""


def app_process(script: str, data: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "NEO_CONFIGURATOR_DATA": str(data), "PYTHONPATH": str(ROOT), **env}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args], stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, env=environment, cwd=str(ROOT),
        start_new_session=True,
    )  # fmt: skip


def request(name: str, **changes: Any) -> dict[str, Any]:
    api = json.loads(json.dumps(VALID_REQUEST))
    api["CompilationJobName"] = name
    for field, value in changes.items():
        api[field].update(value)
    return api


def test_jobs_and_objects_survive_a_kill_and_in_flight_jobs_are_interrupted(tmp_path):
    data = tmp_path / "data"
    model = onnx_cnn(tmp_path / "model.onnx")
    jobs = {
        "stopped": request("kept-stopped"),
        "simulated": request("cut-simulated"),
        "compiling": request(
            "cut-compiling",
            InputConfig={
                "S3Uri": "s3://restart-models/models/model.tar.gz",
                "Framework": "ONNX",
                "DataInputConfig": json.dumps({"data": CNN_SHAPE}),
            },
            OutputConfig={"TargetDevice": "rasp3b", "S3OutputLocation": "s3://restart-models/c/"},
        ),
    }
    first = app_process(
        FIRST_RUN, data, str(model), json.dumps(jobs),
        NEO_SANDBOX_COMPILE_SECONDS="600", NEO_LOCAL_COMPILE_HOLD_SECONDS="600",
    )  # fmt: skip
    try:
        assert first.stdout is not None
        line = first.stdout.readline()  # the first run is up, its jobs created
        assert json.loads(line) == {
            "stopped": "STOPPING", "simulated": "STARTING", "compiling": "STARTING",
        }, line  # fmt: skip
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # no atexit, no goodbye: kill -9
        first.wait(30)

    second = app_process(SECOND_RUN, data, json.dumps({k: a["CompilationJobName"]
                                                       for k, a in jobs.items()}))  # fmt: skip
    out, _ = second.communicate(timeout=120)
    after = json.loads(out)
    assert after["stopped"]["CompilationJobStatus"] == "STOPPED"
    for key in ("simulated", "compiling"):
        assert after[key]["CompilationJobStatus"] == "FAILED"
        assert after[key]["FailureReason"] == INTERRUPTED
        assert after[key]["CompilationEndTime"]
    assert after["compiling"]["InputConfig"] == jobs["compiling"]["InputConfig"]
    assert sorted(after["listed"]) == sorted(a["CompilationJobName"] for a in jobs.values())
    assert after["model"] > 0

    kept = data / "local-endpoint"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    for path in [kept / "jobs.json", kept / "objects.json", *(kept / "objects").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_second_process_on_the_same_folder_keeps_nothing_rather_than_clobber(tmp_path):
    owner, other = LocalState(tmp_path), LocalState(tmp_path)
    assert owner.open()
    assert not other.open() and "another app process" in str(other.problem)
    assert other.load() == 0
    owner.close()
    assert other.open()
    other.close()


def test_a_damaged_record_is_kept_aside_not_overwritten(tmp_path):
    kept = tmp_path / "local-endpoint"
    kept.mkdir()
    (kept / "jobs.json").write_text("{ not json")
    state = LocalState(tmp_path)
    assert state.open()
    try:
        assert state.load() == 0
        assert (kept / "jobs.json.damaged").read_text() == "{ not json"
        assert json.loads((kept / "jobs.json").read_text())["jobs"] is not None
    finally:
        state.close()
