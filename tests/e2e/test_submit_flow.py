"""Submission and monitoring in Chromium, on the embedded local endpoint (no AWS credentials)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.clients import put_local_object, sagemaker_client
from tests.e2e.helpers import Server, fill_job, local_endpoint_url


def test_new_user_submits_a_preset_and_watches_it_complete(page: Page, app_server: Server):
    """No credentials: the simulation is labelled, the job is created once and completes (its
    model is in the local S3: a job whose model is missing fails, as on SageMaker)."""
    page.goto(app_server.url)
    endpoint = local_endpoint_url(page)
    put_local_object(endpoint, "s3://my-bucket/model.tar.gz")
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
        page.get_by_text(re.compile(r"^s3://my-bucket/compiled/model-linux-arm_eabihf"))
    ).to_be_visible()
    expect(
        page.get_by_text("This job was simulated: no compiled model was written")
    ).to_be_visible()
    for title in ("Drafts", "Settings"):
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        local_endpoint_url(page)
