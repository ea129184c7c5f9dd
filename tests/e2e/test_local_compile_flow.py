"""The embedded endpoint compiles for real (issue 14) and keeps its jobs across a restart
(issues 12 and 14), in Chromium against `streamlit run` with no AWS credentials."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import boto3
from playwright.sync_api import Page, expect

from core import local
from core.aws.connection import client_config
from tests.e2e.helpers import (
    Server,
    act,
    choose,
    fill,
    local_endpoint_url,
    next_step,
    running_app,
    settle,
    step_heading,
)
from tests.unit.compile.compile_models import onnx_cnn

BUCKET = "e2e-models"


def put_model(endpoint: str, tmp_path: Path) -> str:
    """Puts a small ONNX CNN packed as model.tar.gz into the app's local S3 (the test shares
    the app's endpoint key, tests/e2e/conftest.py)."""
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=client_config(),
        **local.credentials(),
    )
    model = onnx_cnn(tmp_path / "model.onnx")
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz") as tar:
        tar.add(model, arcname="model.onnx")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="cnn/model.tar.gz", Body=packed.getvalue())
    return f"s3://{BUCKET}/cnn/model.tar.gz"


def submit_onnx_job(page: Page, model_uri: str) -> str:
    """The wizard, as a person fills it: ONNX model, Raspberry Pi 3 preset, output, role."""
    step_heading(page, "Model")
    fill(page, "Model artifact (S3 URI) *", model_uri)
    choose(page, "Framework *", "ONNX")
    shapes_tab = page.get_by_role("tab", name="JSON")
    act(
        page,
        shapes_tab.click,
        lambda: expect(page.get_by_label("DataInputConfig (JSON)")).to_be_visible(),
    )
    shapes = page.get_by_label("DataInputConfig (JSON)")
    shapes.fill('{"data": [1, 3, 32, 32]}')
    shapes.press("Control+Enter")
    settle(page)
    next_step(page, "Target")
    act(
        page,
        page.get_by_role("button", name="Use Raspberry Pi 3 Model B+").click,
        lambda: expect(page.get_by_text("in use")).to_be_visible(timeout=5000),
    )
    next_step(page, "Compiler options")
    next_step(page, "Output and job")
    fill(page, "S3 output location *", f"s3://{BUCKET}/compiled/")
    fill(page, "IAM role ARN *", "arn:aws:iam::123456789012:role/SageMakerRole")
    name = page.get_by_role("textbox", name="Job name *", exact=True).input_value()
    next_step(page, "Review")
    expect(page.get_by_text("This request is valid.")).to_be_visible()
    submit = page.get_by_role("button", name="Submit compilation job")
    act(page, submit.click, lambda: expect(page.get_by_text(f"Job {name} created")).to_be_visible())
    return name


def test_a_local_job_compiles_and_its_artifact_downloads(
    page: Page, app_server: Server, tmp_path: Path
):
    """ONNX for a Raspberry Pi 3 on the local endpoint: TVM builds it, the job completes, and
    the Jobs page hands over a real artifact (a .tar.gz with the library and its manifest)."""
    page.goto(app_server.url)
    endpoint = local_endpoint_url(page)
    name = submit_onnx_job(page, put_model(endpoint, tmp_path))
    page.get_by_role("link", name="Follow it on the Jobs page").click()
    expect(page.get_by_role("heading", name="Compilation jobs")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("COMPLETED", timeout=180_000)
    download = page.get_by_role("button", name=re.compile(r"Download the compiled model"))
    expect(download).to_be_visible()
    # the run that shows COMPLETED is followed by one that stops the page's timer: a click on
    # the first run's button asks for a file the second run replaced ("Deferred file not found")
    settle(page)
    with page.expect_download() as waiting:
        download.click()
    saved = tmp_path / "artifact.tar.gz"
    waiting.value.save_as(saved)
    with tarfile.open(saved, "r:gz") as tar:
        members = tar.getnames()
    assert any(m.endswith(".so") or m.endswith(".tar") for m in members), members
    assert any(m.endswith("manifest.json") for m in members), members
    assert name in page.get_by_role("heading", name=name).inner_text()


def test_after_a_restart_the_draft_and_the_jobs_page_agree(browser, tmp_path_factory):
    """A job submitted, the app stopped and started on the same data: the draft still says it
    was submitted, and the Jobs page still lists it, ended (never left running)."""
    folder = tmp_path_factory.mktemp("restart")
    with running_app(folder) as first:
        page = browser.new_page()
        page.goto(first.url)
        expect(page.get_by_role("heading", name="Model", exact=True)).to_be_visible(timeout=30_000)
        name = submit_onnx_job(page, put_model(local_endpoint_url(page), folder))
        address = page.url.replace(first.url, "")
        page.close()
    with running_app(folder) as second:
        page = browser.new_page()
        page.goto(second.url + address)
        review = page.get_by_role("heading", name="Review", exact=True)
        expect(review).to_be_visible(timeout=30_000)  # a fresh server's first page loads it all
        expect(page.get_by_text(f"Job {name} was submitted")).to_be_visible()
        page.get_by_role("link", name="Follow it on the Jobs page").click()
        expect(page.get_by_role("heading", name="Compilation jobs")).to_be_visible()
        status = page.get_by_test_id("stMetricValue").first
        expect(status).to_have_text(re.compile(r"COMPLETED|FAILED"), timeout=60_000)
        page.close()
