"""In Chromium: first load to interactive, and a click to the updated preview.

First load: from navigation until the first widget can be used and the preview is painted (a
new browser context each time, so nothing is cached, on a server that has served the page once).
Click: from clicking a preset to the preview showing it. Both on the Configure page and on a
minimal Streamlit page doing the same kind of update (`minimal_preview_app.py`).

Both servers run at once and the two pages are measured turn about, so a load that other work
puts on the machine falls on both alike; the ratio is what counts. Each figure is taken twice:
by the page itself (a MutationObserver stamping the moment the DOM shows the result, against
the click's or the navigation's own time) and as playwright sees it (its `expect` polls, which
adds tens of milliseconds to both pages alike).
Run: .venv/bin/python -m bench.click_to_preview [CLICKS] [LOADS]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench._common import ms, summary
from tests.e2e.helpers import CHROMIUM_ARGS, FIRST_PAGE_MS, running_app, settle

PAIR = (("Use Jetson TX2", '"Accelerator": "NVIDIA"'), ("Use RK3399", '"Accelerator": "MALI"'))

_STAMP_CLICK = """
document.addEventListener("click", () => { window.__clicked = performance.now(); }, true);
"""
_WATCH_PREVIEW = """expected => {
  window.__shown = new Promise(resolve => {
    const check = () => {
      const code = document.querySelector('[data-testid="stCode"]');
      if (code && code.textContent.includes(expected)) {
        observer.disconnect();
        resolve(performance.now() - window.__clicked);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""
_STAMP_READY = """
window.__ready = new Promise(resolve => {
  const first = %s;
  const check = () => {
    const code = document.querySelector('[data-testid="stCode"]');
    const usable = [...document.querySelectorAll("button")].some(
      b => !b.disabled && b.innerText.trim().endsWith(first));
    if (usable && code && code.textContent.includes("{")) {
      observer.disconnect();
      resolve(performance.now());
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, characterData: true,
                              attributes: true});
});
"""


@dataclass
class Figures:
    """One page's samples: as the page saw them, and as playwright did (seconds)."""

    in_page: list[float] = field(default_factory=list)
    seen: list[float] = field(default_factory=list)


def click_once(page: Page, index: int, figures: Figures) -> None:
    label, expected = PAIR[index % 2]
    button = page.get_by_role("button", name=label, exact=True)
    settle(page)
    page.evaluate(_WATCH_PREVIEW, expected)
    start = time.perf_counter()
    button.click()
    expect(page.get_by_test_id("stCode").first).to_contain_text(expected)
    figures.seen.append(time.perf_counter() - start)
    figures.in_page.append(page.evaluate("() => window.__shown") / 1000)


def load_once(
    browser: Browser, url: str, first_widget: str, figures: Figures, timeout: float = 5000
) -> None:
    """Navigation to interactive: the first widget enabled and the preview holding text."""
    context = browser.new_context()
    context.add_init_script(_STAMP_READY % json.dumps(first_widget))
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    expect(page.get_by_role("button", name=first_widget, exact=True)).to_be_enabled(timeout=timeout)
    expect(page.get_by_test_id("stCode").first).to_contain_text("{")
    figures.seen.append(time.perf_counter() - start)
    figures.in_page.append(page.evaluate("() => window.__ready") / 1000)
    context.close()


def main(clicks: int = 30, loads: int = 10) -> None:
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Debian's chromium is not on PATH (scripts/test.sh installs it).")
    minimal_app = Path(__file__).with_name("minimal_preview_app.py")
    clicked = {"Configure page": Figures(), "minimal page": Figures()}
    loaded = {"Configure page": Figures(), "minimal page": Figures()}
    with sync_playwright() as playwright, ExitStack() as servers:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        ours = servers.enter_context(
            running_app(Path(tempfile.mkdtemp(prefix="neo-bench-")), NEO_LOCAL="1")
        )
        minimal = servers.enter_context(
            running_app(Path(tempfile.mkdtemp(prefix="neo-bench-")), NEO_APP_FILE=str(minimal_app))
        )
        pages = {}
        for title, server, first in (
            ("Configure page", ours, "Next"),
            ("minimal page", minimal, "Use RK3399"),
        ):
            # each server's first page, unmeasured: it imports the app (over 5 s under load)
            load_once(browser, server.url, first, Figures(), timeout=FIRST_PAGE_MS)
            page = browser.new_context().new_page()
            page.add_init_script(_STAMP_CLICK)
            page.goto(server.url)
            if title == "Configure page":
                page.get_by_role("button", name="Next", exact=True).click()
                expect(page.get_by_role("heading", name="Target", exact=True)).to_be_visible()
            pages[title] = page
        for index in range(clicks):
            for title, page in pages.items():
                click_once(page, index, clicked[title])
        for _ in range(loads):
            load_once(browser, ours.url, "Next", loaded["Configure page"])
            load_once(browser, minimal.url, "Use RK3399", loaded["minimal page"])
        browser.close()
    report("click to preview", clicked)
    report("first load to interactive", loaded)


def report(what: str, measured: dict[str, Figures]) -> None:
    """Each page's median and p95, both ways, then the ratios of the medians."""
    for how in ("in_page", "seen"):
        said = how.replace("_", " ")
        medians = {}
        for title, figures in measured.items():
            samples = getattr(figures, how)
            median, p95 = summary(samples)
            medians[title] = median
            print(
                f"{title}, {what} ({said}): median {ms(median)}, p95 {ms(p95)} over {len(samples)}"
            )
        ratio = medians["Configure page"] / medians["minimal page"]
        print(f"{what} ({said}), ratio (Configure / minimal, median): {ratio:.2f}x")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
