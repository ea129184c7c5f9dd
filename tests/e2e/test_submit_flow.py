"""Submission and monitoring in Chromium, on the embedded local endpoint (no AWS credentials)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.clients import sagemaker_client
from tests.e2e.conftest import Server, act
from tests.e2e.test_wizard_flow import fill, next_step, step_heading


def local_endpoint_url(page: Page) -> str:
    """The simulation's address, as the sidebar shows it to the user."""
    label = page.get_by_test_id("stSidebar").get_by_text("Local simulation (moto) at")
    expect(label).to_be_visible()
    match = re.search(r"http://127\.0\.0\.1:\d+", label.inner_text())
    assert match, label.inner_text()
    return match.group(0)


def fill_job(page: Page, preset: str) -> str:
    step_heading(page, "Model")
    fill(page, "Model artifact (S3 URI) *", "s3://my-bucket/model.tar.gz")
    example = page.get_by_role("button", name="Use the example shape")
    act(page, example.click, lambda: expect(example).to_have_count(0, timeout=5000))
    expect(page.get_by_text("DataInputConfig is required")).to_have_count(0)
    next_step(page, "Target")
    act(
        page,
        page.get_by_role("button", name=f"Use {preset}").click,
        lambda: expect(page.get_by_text("in use")).to_be_visible(timeout=5000),
    )
    next_step(page, "Compiler options")
    next_step(page, "Output and job")
    fill(page, "S3 output location *", "s3://my-bucket/compiled/")
    fill(page, "IAM role ARN *", "arn:aws:iam::123456789012:role/SageMakerRole")
    name = page.get_by_role("textbox", name="Job name *", exact=True).input_value()
    next_step(page, "Review")
    expect(page.get_by_text("This request is valid.")).to_be_visible()
    return name


def test_new_user_submits_a_preset_and_watches_it_complete(page: Page, app_server: Server):
    """No credentials: the simulation is labelled, the job is created once and completes."""
    page.goto(app_server.url)
    endpoint = local_endpoint_url(page)
    name = fill_job(page, "Raspberry Pi 3 Model B+")
    submit = page.get_by_role("button", name="Submit compilation job")
    submit.click()
    submit.click(force=True, no_wait_after=True)  # a hurried second click
    expect(page.get_by_text(f"Job {name} created")).to_be_visible()
    expect(submit).to_be_disabled()

    client = sagemaker_client(endpoint_url=endpoint)
    jobs = client.list_compilation_jobs(NameContains=name)["CompilationJobSummaries"]
    assert [job["CompilationJobName"] for job in jobs] == [name]

    page.get_by_role("link", name="Follow it on the Jobs page").click()
    expect(page.get_by_role("heading", name="Compilation jobs")).to_be_visible()
    local_endpoint_url(page)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("COMPLETED", timeout=30000)
    expect(page.get_by_text("Compiled model:")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"s3://my-bucket/compiled/model-linux-arm_eabihf"))
    ).to_be_visible()
    for title in ("Drafts", "Settings"):
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        local_endpoint_url(page)
