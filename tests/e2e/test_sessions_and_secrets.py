"""Two people at once, and credentials that never reach the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server, running_app, settle
from tests.e2e.test_wizard_flow import fill, step_heading

FAKE_KEY_ID = "AKIAEXAMPLENOTREAL01"
FAKE_SECRET = "neoSecretValueThatMustNeverAppear/0123456789"
FAKE_TOKEN = "neoSessionTokenThatMustNeverAppear"


def test_two_browser_sessions_keep_their_own_drafts(browser: Browser, app_server: Server):
    """Two contexts edit at once; neither sees the other's draft, before or after a reload."""
    first, second = browser.new_context(), browser.new_context()
    try:
        pages = [first.new_page(), second.new_page()]
        for index, page in enumerate(pages):
            page.goto(app_server.url)
            step_heading(page, "Model")
            fill(page, "Model artifact (S3 URI) *", f"s3://bucket-{index}/model.tar.gz")
        for index, page in enumerate(pages):
            page.reload()
            step_heading(page, "Model")
            field = page.get_by_role("textbox", name="Model artifact (S3 URI) *", exact=True)
            expect(field).to_have_value(f"s3://bucket-{index}/model.tar.gz")
        assert pages[0].url != pages[1].url
    finally:
        first.close()
        second.close()


@pytest.fixture(scope="module")
def server_with_credentials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with (fake) AWS credentials in its environment, as on a developer's laptop."""
    tmp: Path = tmp_path_factory.mktemp("secrets")
    with running_app(
        tmp,
        AWS_ACCESS_KEY_ID=FAKE_KEY_ID,
        AWS_SECRET_ACCESS_KEY=FAKE_SECRET,
        AWS_SESSION_TOKEN=FAKE_TOKEN,
        AWS_DEFAULT_REGION="us-west-2",
    ) as server:
        yield server


def test_no_page_shows_the_secret_key(page: Page, server_with_credentials: Server):
    """With credentials in the environment, no page's HTML holds the secret or the token."""
    page.goto(server_with_credentials.url)
    expect(page.get_by_test_id("stSidebar").get_by_text("AWS us-west-2")).to_be_visible()
    for title in ("Configure", "Fleet", "Jobs", "Drafts", "Settings"):
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        settle(page)
        html = page.content()
        assert FAKE_SECRET not in html and FAKE_TOKEN not in html, title
    page.get_by_role("button", name="Test connection").click()
    settle(page)
    assert FAKE_SECRET not in page.content()
    assert FAKE_SECRET not in server_with_credentials.log.read_text()
