"""Every snippet on the Review step runs as copied, where the user is (issue 11): on the local
endpoint the boto3 code and the CLI command carry its URL, region and keys, and create the job."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.aws.client import NeoClient
from tests.app.helpers import fill_valid_request, go_to_review

ROOT = Path(__file__).resolve().parents[2]


def review(new_app) -> AppTest:
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    return app


def snippet(app: AppTest, language: str) -> str:
    return next(c.value for c in app.code if c.language == language and "sagemaker" in c.value)


def client_of(app: AppTest) -> NeoClient:
    return app.session_state["connection_client"].neo


def clean_env() -> dict[str, str]:
    """No AWS configuration of the machine: the snippet must carry all it needs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent")
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return env


def test_the_boto3_snippet_runs_as_copied_on_the_local_endpoint(new_app):
    """The boto3 code names the simulation's URL and region and creates exactly this job."""
    app = review(new_app)
    code = snippet(app, "python")
    url = client_of(app).endpoint_url
    assert f"endpoint_url={url!r}" in code and "region_name='us-east-1'" in code
    assert code.startswith("# Sends to this app's local simulation")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=60
    )
    assert result.returncode == 0, result.stderr
    name = app.session_state["draft"].job_name
    job = client_of(app).describe(name)
    assert job.request["OutputConfig"] == app.session_state["draft"].to_api()["OutputConfig"]


@pytest.mark.skipif(
    shutil.which("aws", path=str(Path(sys.executable).parent)) is None,
    reason="the AWS CLI (awscli, requirements.txt) is not installed",
)
def test_the_cli_command_runs_as_copied_on_the_local_endpoint(new_app):
    """The CLI command carries --region, --endpoint-url and the simulation's keys, and runs."""
    app = review(new_app)
    command = snippet(app, "bash")
    assert "--endpoint-url http://127.0.0.1:" in command and "--region us-east-1" in command
    env = clean_env()
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    name = app.session_state["draft"].job_name
    assert client_of(app).describe(name).name == name
