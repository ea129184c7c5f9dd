"""The app pointed at AWS rather than the simulation: sidebar, detail view, console link.

"AWS" here is either moto's server reached through botocore's own endpoint variables (so the
chain, STS and endpoint resolution are real), or a Stubber-backed client injected into the
session the way the other AppTests inject one, for what moto cannot produce (a failed job).
AppTest (1.67) keeps the entry point's sidebar for a session's first run only, so sidebar
checks look at that run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from core import local
from core.aws.client import MAX_LISTED, PAGE_SIZE, NeoClient
from core.aws.connection import Connection
from core.jobs.store import Store
from tests.app.helpers import button, fill_valid_request, go_to_review
from tests.app.rendered import shown
from tests.clients import sagemaker_client
from tests.stubs import (
    described,
    stub_describe_compilation_job,
    stub_list_compilation_jobs,
    summary,
)
from ui.connection import KnownAccount, SessionClient

REGION = "us-west-2"
ACCOUNT = "111122223333"
WHEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def aws_env(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Credentials in the environment (the chain's first link), nothing else from the machine,
    and NEO_LOCAL unset: the app starts on "AWS"."""
    for key in list(os.environ):
        if key.startswith("AWS_") or key == "NEO_LOCAL":
            monkeypatch.delenv(key)
    home = tmp_path / "aws-home"
    home.mkdir()
    for name in ("config", "credentials"):
        (home / name).write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # moto's server (the local endpoint) plays AWS here: it answers only this process's key
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", local.credentials()["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", local.credentials()["aws_secret_access_key"])
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return home


def sidebar_text(app) -> str:
    elements = [*app.sidebar.info, *app.sidebar.warning, *app.sidebar.error]
    return " ".join(shown(e.value) for e in elements)


def test_sidebar_on_aws_names_region_account_profile_and_the_real_endpoint(
    aws_env, new_app, local_url, monkeypatch
):
    """On AWS the sidebar shows the region, the account from STS, the profile and the URL the
    client really uses (here AWS_ENDPOINT_URL, as botocore resolves it); STS is asked once."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", local_url)
    app = new_app()
    text = sidebar_text(app)
    assert "AWS us-east-1" in text and "account 123456789012" in text
    assert "profile default chain" in text and f"Endpoint: `{local_url}`" in text
    assert "Simulation" not in text and not app.exception
    connection = app.session_state["connection"]
    assert not connection.local
    app.session_state["connection_account"] = KnownAccount(connection, "999988887777", None)
    app.run()
    assert app.session_state["connection_account"].account_id == "999988887777"  # not asked again


def test_aws_endpoint_url_sagemaker_is_shown_and_used_for_a_submission(
    aws_env, new_app, local_url, monkeypatch
):
    """With AWS_ENDPOINT_URL_SAGEMAKER set, the sidebar names that URL and the job submitted
    from Review is created there; no console link, since that is not AWS's endpoint."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", local_url)
    app = new_app()
    assert f"Endpoint: `{local_url}`" in sidebar_text(app)
    fill_valid_request(app)
    go_to_review(app)
    button(app, "Submit compilation job").click().run()
    name = app.session_state["draft"].job_name
    assert any(f"Job {name} created" in shown(s.value) for s in app.main.success)
    direct = sagemaker_client(endpoint_url=local_url)
    assert direct.describe_compilation_job(CompilationJobName=name)["CompilationJobName"] == name
    app.switch_page("app_pages/jobs.py").run()
    assert app.session_state["jobs_selected"] == name
    assert not app.link_button


def test_a_failing_sts_call_is_a_sentence_in_the_sidebar(aws_env, new_app, local_url, monkeypatch):
    """When STS cannot answer, the sidebar says why in a sentence, and the app still runs."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")
    app = new_app()
    assert not app.exception
    warnings = " ".join(shown(w.value) for w in app.sidebar.warning)
    assert "http://127.0.0.1:9" in warnings and "cannot be reached" in warnings
    assert "account unknown" in sidebar_text(app)


@pytest.fixture
def stubbed_aws(new_app) -> Iterator[tuple[Any, Stubber, NeoClient]]:
    """A session on "AWS us-west-2" whose SageMaker client is a Stubber; teardown checks that
    no stubbed answer was left unused."""
    app = new_app()
    client = sagemaker_client(REGION)
    connection = Connection(None, REGION, None, False)
    neo = NeoClient(client)
    app.session_state["connection"] = connection
    app.session_state["connection_client"] = SessionClient(connection, neo)
    app.session_state["connection_account"] = KnownAccount(connection, ACCOUNT, None)
    with Stubber(client) as stubber:
        yield app, stubber, neo
        stubber.assert_no_pending_responses()


def open_job(app, stubber: Stubber, request: dict[str, Any], answer: dict[str, Any]) -> None:
    """Opens the Jobs page on one job: one list call and one describe, exactly."""
    name = request["CompilationJobName"]
    status = answer["CompilationJobStatus"]
    stub_list_compilation_jobs(stubber, [summary(name, status, CompilationTargetDevice="ml_c5")])
    stub_describe_compilation_job(stubber, name, answer)
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    assert not app.exception


def test_detail_of_a_completed_job_on_aws(stubbed_aws, valid_request):
    """Artifact, model digest, a console link (real AWS) and the request as this app sent it,
    tags included, which DescribeCompilationJob does not return."""
    app, stubber, neo = stubbed_aws
    valid_request["CompilationJobName"] = name = f"done-{uuid.uuid4().hex[:8]}"
    valid_request["Tags"] = [{"Key": "team", "Value": "edge"}]
    store = Store.default()
    store.record_submission(name, valid_request, neo.endpoint)
    store.mark_submitted(name, "arn", endpoint=neo.endpoint)
    answer = described(
        valid_request,
        "COMPLETED",
        ModelArtifacts={"S3ModelArtifacts": "s3://my-bucket/compiled/model-ml_c5.tar.gz"},
        ModelDigests={"ArtifactDigest": "sha256:0123abcd"},
    )
    open_job(app, stubber, valid_request, answer)
    text = " ".join(shown(m.value) for m in app.markdown)
    assert "s3://my-bucket/compiled/model-ml_c5.tar.gz" in text
    assert "**Model digest:** `sha256:0123abcd`" in text
    [link] = app.link_button
    assert link.proto.url == (
        f"https://{REGION}.console.aws.amazon.com/sagemaker/home?region={REGION}"
        f"#/compilation-jobs/{name}"
    )
    submitted = " ".join(c.value for c in app.code)
    assert '"team"' in submitted and '"edge"' in submitted
    assert not app.error


def test_detail_of_a_failed_job_shows_its_failure_reason(stubbed_aws, valid_request):
    """A failed job shows SageMaker's reason and where the logs are; the request falls back to
    the describe response when this app has no record of it."""
    app, stubber, _ = stubbed_aws
    valid_request["CompilationJobName"] = name = f"failed-{uuid.uuid4().hex[:8]}"
    reason = "ClientError: InputConfiguration: Framework cannot load PyTorch model."
    open_job(app, stubber, valid_request, described(valid_request, "FAILED", FailureReason=reason))
    assert any(reason in shown(e.value) for e in app.error)
    assert any(
        "/aws/sagemaker/CompilationJobs" in shown(c.value) and name in shown(c.value)
        for c in app.caption
    )
    submitted = " ".join(c.value for c in app.code)
    assert valid_request["RoleArn"] in submitted
    assert not app.get("progress")


def test_the_jobs_list_stops_at_its_cap_and_says_so(stubbed_aws):
    """Five pages of 100 and more to come: the page lists 500 and says it is capped."""
    app, stubber, _ = stubbed_aws
    token = None
    for page in range(MAX_LISTED // PAGE_SIZE):
        jobs = [summary(f"job-{page}-{i}") for i in range(PAGE_SIZE)]
        stub_list_compilation_jobs(stubber, jobs, token=token, next_token=f"t{page}")
        token = f"t{page}"
    app.switch_page("app_pages/jobs.py").run()
    assert not app.exception
    assert any(f"newest {MAX_LISTED} jobs only" in shown(c.value) for c in app.caption)
    assert len(app.dataframe[0].value) == MAX_LISTED
