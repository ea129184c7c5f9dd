"""The draft follows the user across pages and reloads, Review keeps Submit in view, and no
planted value becomes markup (issues 11 and 12), in Chromium against `streamlit run`."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from playwright.sync_api import Page, expect

from core.draft.model import Draft
from core.draft.share import to_token
from tests.e2e.helpers import (
    FIRST_PAGE_MS,
    Server,
    act,
    fill,
    fill_job,
    go_to,
    running_app,
    settle,
    step_heading,
)


def draft_id_in_url(page: Page) -> str:
    """The draft's address in the page's URL (the app puts it there once the draft is saved)."""
    expect(page).to_have_url(re.compile(r"[?&]draft=[0-9a-fs]+"))
    match = re.search(r"[?&]draft=([0-9a-fs]+)", page.url)
    assert match, page.url
    return match.group(1)


def test_the_preview_goes_below_the_step_where_the_window_is_narrow(page: Page, app_server: Server):
    """Beside the step on a wide window; below it, as wide, on an 800 px one with the sidebar
    open (it was a 150 px column there, a word a line, and the step's buttons were cut)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    settle(page)
    columns = page.get_by_test_id("stColumn")
    preview = columns.filter(has=page.get_by_text("Live preview", exact=False)).last
    step = columns.filter(has=page.get_by_role("heading", name="Model", exact=True)).last

    def boxes() -> tuple[dict[str, float], dict[str, float]]:
        step_box, preview_box = step.bounding_box(), preview.bounding_box()
        assert step_box is not None and preview_box is not None
        return step_box, preview_box

    step_box, preview_box = boxes()
    assert preview_box["x"] >= step_box["x"] + step_box["width"], (step_box, preview_box)
    page.set_viewport_size({"width": 800, "height": 900})
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    page.wait_for_function(
        "() => { const c = [...document.querySelectorAll('[data-testid=stColumn]')]"
        ".filter(e => e.textContent.includes('Live preview')).pop();"
        " return c && c.getBoundingClientRect().width > 400; }"
    )
    step_box, preview_box = boxes()
    assert preview_box["y"] >= step_box["y"] + step_box["height"] - 1, (step_box, preview_box)
    assert abs(preview_box["width"] - step_box["width"]) < 2, (step_box, preview_box)


def test_submit_is_in_view_on_a_1000px_window(page: Page, app_server: Server):
    """On Review, the verdict and the Submit button show without scrolling."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(app_server.url)
    fill_job(page, "Raspberry Pi 3 Model B+")
    settle(page)
    page.evaluate(
        "() => { window.scrollTo(0, 0);"
        " document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
        ".forEach(e => e.scrollTo(0, 0)); }"
    )
    submit = page.get_by_role("button", name="Submit compilation job")
    expect(submit).to_be_visible()
    box = submit.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 1000, box
    share = page.get_by_role("button", name="Share this draft")
    expect(share).to_be_visible()
    expect(page.get_by_text("?d=")).to_have_count(0)  # the link waits behind its button


def test_clone_opens_the_wizard_and_a_reload_keeps_the_clone(page: Page, app_server: Server):
    """Jobs -> Clone lands on the wizard with the clone open; its address survives a reload."""
    page.goto(app_server.url)
    name = fill_job(page, "Raspberry Pi 3 Model B+")
    submit = page.get_by_role("button", name="Submit compilation job")
    act(page, submit.click, lambda: expect(page.get_by_text(f"Job {name} created")).to_be_visible())
    page.get_by_role("link", name="Follow it on the Jobs page").click()
    expect(page.get_by_role("heading", name="Compilation jobs")).to_be_visible()
    clone = page.get_by_role("button", name="Clone into a new draft")
    wizard = page.get_by_role("heading", name="Configure a compilation job")
    act(page, clone.click, lambda: expect(wizard).to_be_visible(timeout=10000))
    step_heading(page, "Review")
    clone_id = draft_id_in_url(page)
    request = page.get_by_test_id("stCode").filter(has_text='"CompilationJobName"', visible=True)
    expect(request.first).to_have_text(re.compile(r"^\s*\{"))  # the Request JSON tab, shown
    job_name = json.loads(request.first.inner_text())["CompilationJobName"]
    assert job_name.startswith("neo-") and name not in job_name  # the clone is a new job
    page.reload()
    step_heading(page, "Review")
    assert draft_id_in_url(page) == clone_id
    expect(page.get_by_test_id("stSidebar").get_by_role("textbox")).to_have_value(f"Copy of {name}")


def test_a_typed_field_outlives_a_page_switch_made_with_a_paste_pending(
    page: Page, app_server: Server
):
    """The paste box sends its text as it loses focus, so a click on Jobs sends it after the
    page switch, under Configure: the S3 URI typed before came back blank (4 of 14 walks,
    and the next edit saved it blank). It is a race: each walk gives it a chance."""
    for walk in range(3):
        page.goto(app_server.url)
        step_heading(page, "Model", timeout=FIRST_PAGE_MS)
        uri = f"s3://keep-me/model-{walk}.tar.gz"
        fill(page, "Model artifact (S3 URI) *", uri)
        page.get_by_text("Import a config").click()
        page.get_by_label("Paste here").fill('{"TargetDevice": "ml_c4"}')  # not imported
        go_to(page, "Jobs")
        go_to(page, "Configure")
        step_heading(page, "Model")
        field = page.get_by_role("textbox", name="Model artifact (S3 URI) *", exact=True)
        expect(field).to_have_value(uri)


def test_text_typed_and_left_uncommitted_by_a_page_switch_is_kept(page: Page, app_server: Server):
    """The field sends its text as the click on Jobs takes the focus, after the switch: it
    must still reach the draft (forgetting the left page's widgets on every page entered
    lost it 8 of 8 times). It is Streamlit's race, which loses one at times on a loaded
    machine (noted), so one walk in four must keep it. The page shown may be drawn blank then
    (noted too): Configure is opened from the sidebar, which stays."""
    kept = []
    for walk in range(4):
        page.goto(app_server.url)
        step_heading(page, "Model", timeout=FIRST_PAGE_MS)
        uri = f"s3://typed-{walk}/model.tar.gz"
        field = page.get_by_role("textbox", name="Model artifact (S3 URI) *", exact=True)
        field.click()
        page.keyboard.type(uri)  # no Enter
        page.get_by_test_id("stSidebarNav").get_by_text("Jobs", exact=True).click()
        settle(page)
        go_to(page, "Configure")
        step_heading(page, "Model")
        settle(page)
        kept.append(field.input_value() == uri)
    assert any(kept), kept


def test_keeping_a_copy_after_another_tabs_save_names_the_copy_in_the_sidebar(
    page: Page, app_server: Server
):
    """The banner's buttons sit in the wizard, a fragment: after "Keep this copy as a new
    draft" the sidebar went on showing the old draft's name until a page switch."""
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    fill(page, "Model artifact (S3 URI) *", "s3://bucket/seven.tar.gz")
    other = page.context.new_page()
    other.goto(f"{app_server.url}/?draft={draft_id_in_url(page)}")
    step_heading(other, "Model", timeout=FIRST_PAGE_MS)
    fill(other, "Model artifact (S3 URI) *", "s3://bucket/other.tar.gz")
    fill(page, "Model artifact (S3 URI) *", "s3://bucket/mine.tar.gz")
    keep = page.get_by_role("button", name="Keep this copy as a new draft")
    name = page.get_by_test_id("stSidebar").get_by_role("textbox")
    act(page, keep.click, lambda: expect(name).to_have_value(re.compile(r"\(copy\)$")))
    other.close()


def test_a_draft_opened_from_drafts_survives_a_reload(page: Page, app_server: Server):
    """Drafts -> Open keeps `?draft=` in the address, so a reload opens the same draft."""
    page.goto(app_server.url)
    step_heading(page, "Model")
    fill(page, "Model artifact (S3 URI) *", "s3://bucket/first-model.tar.gz")
    first = draft_id_in_url(page)
    go_to(page, "Drafts")
    new = page.get_by_role("button", name="New draft")
    wizard = page.get_by_role("heading", name="Configure a compilation job")
    act(page, new.click, lambda: expect(wizard).to_be_visible(timeout=10000))  # opens there
    fill(page, "Model artifact (S3 URI) *", "s3://bucket/second-model.tar.gz")
    go_to(page, "Drafts")
    # off Configure, the sidebar calls the unnamed draft by its title, as the list does
    name = page.get_by_role("textbox", name="Draft name")
    expect(name).to_have_attribute("placeholder", "ml_c5 · second-model.tar.gz")
    row = (  # the innermost block holding both the draft's caption and its Open button
        page.get_by_test_id("stVerticalBlock")
        .filter(has_text="first-model.tar.gz")
        .filter(has=page.get_by_role("button", name="Open"))
        .last
    )
    act(
        page,
        row.get_by_role("button", name="Open").click,
        lambda: expect(wizard).to_be_visible(timeout=10000),
    )
    assert draft_id_in_url(page) == first
    page.reload()
    field = page.get_by_role("textbox", name="Model artifact (S3 URI) *", exact=True)
    expect(field).to_have_value("s3://bucket/first-model.tar.gz")


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        return


@pytest.fixture
def planted_host() -> Iterator[str]:
    """A server on loopback that counts every request the browser sends it."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_planted_markup_in_a_shared_draft_fetches_nothing(
    page: Page, app_server: Server, planted_host: str
):
    """Images and links planted in a draft's values (name, model, device, output) show as
    text: the browser sends nothing to the planted address, on any step."""
    image = f"![x]({planted_host}/x.png)"
    link = f"[Click to fix your AWS login]({planted_host}/login)"
    draft = Draft(
        name=image,
        model_s3_uri=f"s3://b/{image}",
        framework=image,
        device=image,
        output_s3=link,
        role_arn=link,
        job_name=image,
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{app_server.url}/?d={to_token(draft)}")
    step_heading(page, "Model")
    for _ in range(4):
        next_button = page.get_by_role("button", name="Next", exact=True)
        act(page, next_button.click, lambda: settle(page))
    step_heading(page, "Review")
    expect(page.get_by_text("Click to fix your AWS login").first).to_be_visible()
    expect(page.locator(f'a[href^="{planted_host}"]')).to_have_count(0)
    expect(page.locator(f'img[src^="{planted_host}"]')).to_have_count(0)
    assert not [url for url in requests if url.startswith(planted_host)]
    assert _Counter.hits == []


def test_nothing_is_fetched_from_outside_the_machine(page: Page, app_server: Server):
    """Offline works: the app's pages ask only its own server (the favicon was a Material
    Symbols SVG from fonts.gstatic.com, refused on a machine with no internet)."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((app_server.url, "data:", "blob:"))
            else None
        ),
    )
    page.goto(app_server.url)
    step_heading(page, "Model")
    for entry in ("Fleet", "Jobs", "Drafts", "Settings"):
        go_to(page, entry)
    favicon = page.locator("link[rel='shortcut icon']").get_attribute("href") or ""
    assert outside == [] and not favicon.startswith("http"), (outside, favicon)


_CUT_BUTTONS = """() => [...document.querySelectorAll('[data-testid=stMain] button')]
  .filter(b => b.offsetParent !== null)
  .filter(b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
  .map(b => b.innerText)"""
"""The labels of the visible buttons of the page's main area that are cut (an ellipsis)."""


def test_fleets_fix_buttons_show_their_whole_label(page: Page, app_server: Server):
    """A new draft's problems on Fleet, at 1280 px with the sidebar open: "Fix in Output and
    job" read "Fix in Output a…" in a sixth of the row."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    go_to(page, "Fleet")
    expect(page.get_by_role("button", name="Fix in Output and job").first).to_be_visible()
    assert page.evaluate(_CUT_BUTTONS) == []


def test_a_fresh_servers_first_visit_to_a_sub_page_gets_the_apps_frame(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A bookmark or a restored tab opens /jobs before anyone opens /: the app's frame and
    navigation, not Streamlit's legacy reading of a `pages/` folder (raw file names, no sidebar
    of the app's own, until some session opened /)."""
    with running_app(tmp_path_factory.mktemp("deep-link")) as server:
        page.goto(f"{server.url}/jobs")
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Jobs", exact=True)).to_be_visible(timeout=FIRST_PAGE_MS)
        expect(page.get_by_text("Neo Configurator", exact=True)).to_be_visible()
        expect(nav.get_by_text("app", exact=True)).to_have_count(0)
        expect(page.get_by_role("heading", name="Compilation jobs")).to_be_visible()


def test_fleets_target_picker_adds_the_one_target_typed(page: Page, app_server: Server):
    """Typing ml_c5 and Enter added "Select 3 matches": Ambarella CV25 (amba_cv25) came with
    the two ml_c5 entries, and each target is a paid job."""
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    go_to(page, "Fleet")
    picker = page.get_by_test_id("stMultiSelect").first
    picker.click()
    page.keyboard.type("amba_cv")
    page.keyboard.press("Enter")
    settle(page)
    chosen = picker.locator("[data-tag-index]:visible")  # not the copy that measures them
    expect(chosen).to_have_count(1)
    expect(chosen.first).to_contain_text("amba_cv")
