"""Two people at once, and credentials that never reach the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    FIRST_PAGE_MS,
    PAGE_TITLES,
    Server,
    act,
    fill,
    fill_job,
    go_to,
    running_app,
    settle,
    step_heading,
)

FAKE_KEY_ID = "NEOTESTKEYIDNOTREAL1"  # not shaped like a real key id
FAKE_SECRET = "neoSecretValueThatMustNeverAppear/0123456789"
FAKE_TOKEN = "neoSessionTokenThatMustNeverAppear"
SECRETS = {"secret key": FAKE_SECRET, "session token": FAKE_TOKEN}


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


def test_two_browser_sessions_submit_their_own_jobs_and_see_only_their_own(
    browser: Browser, app_server: Server
):
    """Each context submits its own job on the local endpoint; neither session's Review step
    or Jobs detail shows the other's submission result or draft, before or after a reload."""
    contexts = [browser.new_context(), browser.new_context()]
    try:
        pages = [context.new_page() for context in contexts]
        names: list[str] = []
        for page, preset in zip(pages, ("Raspberry Pi 3 Model B+", "RK3399"), strict=True):
            page.goto(app_server.url)
            names.append(fill_job(page, preset))
        review_urls = [page.url for page in pages]
        assert names[0] != names[1] and review_urls[0] != review_urls[1]

        for index, page in enumerate(pages):
            own, other = names[index], names[1 - index]
            settle(page)
            assert other not in page.content()
            submit = page.get_by_role("button", name="Submit compilation job")
            expect(submit).to_be_enabled()  # the other's submission did not mark this draft
            submit.click()
            expect(page.get_by_text(f"Job {own} created")).to_be_visible()

        for index, page in enumerate(pages):
            own, other = names[index], names[1 - index]
            expect(page.get_by_text(f"Job {other} created")).to_have_count(0)
            page.get_by_role("link", name="Follow it on the Jobs page").click()
            # .first: while the refresh timer swaps the detail, the old heading can linger
            expect(page.get_by_role("heading", name=own, exact=True).first).to_be_visible()
            expect(page.get_by_role("heading", name=other, exact=True)).to_have_count(0)

        for index, page in enumerate(pages):
            own, other = names[index], names[1 - index]
            page.goto(review_urls[index])  # a fresh session on this browser's own draft
            step_heading(page, "Review")
            expect(page.get_by_text(f"Job {own} was submitted.")).to_be_visible()
            assert other not in page.content()
    finally:
        for context in contexts:
            context.close()


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


def assert_no_secret(page: Page, server: Server, where: str) -> None:
    html = page.content()
    log = server.log.read_text()
    for what, secret in SECRETS.items():
        assert secret not in html, f"the {what} is in the HTML of {where}"
        assert secret not in log, f"the {what} is in the server log after {where}"


def test_no_page_shows_the_secret_key(page: Page, server_with_credentials: Server):
    """With credentials in the environment, no page's HTML (the Review step's export snippets
    and Test connection's answer included) nor the server log holds the secret or the token."""
    server = server_with_credentials
    page.goto(server.url)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("AWS us-west-2")).to_be_visible(timeout=FIRST_PAGE_MS)
    for entry in PAGE_TITLES:
        go_to(page, entry)
        assert_no_secret(page, server, f"the {entry} page")

    go_to(page, "Configure")
    fill_job(page, "Raspberry Pi 3 Model B+")  # ends on the Review step
    for name in ("Request JSON", "AWS CLI", "boto3", "SageMaker SDK"):
        tab = page.get_by_role("tab", name=name, exact=True)
        act(page, tab.click, lambda t=tab: expect(t).to_have_attribute("aria-selected", "true"))
        expect(page.get_by_role("tabpanel", name=name)).to_be_visible()
        assert_no_secret(page, server, f"the Review step's {name} snippet")

    go_to(page, "Settings")
    answer = page.get_by_test_id("stMain").get_by_test_id("stAlert")
    test = page.get_by_role("button", name="Test connection")
    act(page, test.click, lambda: expect(answer.first).to_be_visible(timeout=60000))
    settle(page)
    assert_no_secret(page, server, "Test connection")
