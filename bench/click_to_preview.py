"""In Chromium: first load to interactive, and a click to the updated preview.

First load: from navigation until the first widget can be used and the preview is painted (a
new tab each time, on a server that has served the page once). Click: from clicking a preset to
the preview showing it. Both on the Configure page and on a minimal Streamlit page doing the same
kind of update, in one run, so the ratio is what counts.
Run: .venv/bin/python -m bench.click_to_preview [CLICKS] [LOADS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench._common import ms, summary
from tests.e2e.helpers import CHROMIUM_ARGS, running_app, settle

PAIR = (("Use Jetson TX2", '"Accelerator": "NVIDIA"'), ("Use RK3399", '"Accelerator": "MALI"'))


def measure(page: Page, clicks: int) -> list[float]:
    preview = page.get_by_test_id("stCode").first
    times = []
    for index in range(clicks):
        label, expected = PAIR[index % 2]
        button = page.get_by_role("button", name=label, exact=True)
        settle(page)
        start = time.perf_counter()
        button.click()
        expect(preview).to_contain_text(expected)
        times.append(time.perf_counter() - start)
    return times


def load_times(browser: Browser, url: str, first_widget: str, loads: int) -> list[float]:
    """Navigation to interactive: the first widget enabled and the preview holding text."""
    times = []
    for _ in range(loads):
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(url)
        expect(page.get_by_role("button", name=first_widget, exact=True)).to_be_enabled()
        expect(page.get_by_test_id("stCode").first).to_contain_text("{")
        times.append(time.perf_counter() - start)
        page.close()
    return times


def main(clicks: int = 30, loads: int = 10) -> None:
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Debian's chromium is not on PATH (scripts/test.sh installs it).")
    results: dict[str, list[float]] = {}
    loaded: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        with running_app(Path(tempfile.mkdtemp(prefix="neo-bench-")), NEO_LOCAL="1") as server:
            page.goto(server.url)
            page.get_by_role("button", name="Next", exact=True).click()
            expect(page.get_by_role("heading", name="Target", exact=True)).to_be_visible()
            results["Configure page"] = measure(page, clicks)
            loaded["Configure page"] = load_times(browser, server.url, "Next", loads)
        minimal = Path(__file__).with_name("minimal_preview_app.py")
        with running_app(
            Path(tempfile.mkdtemp(prefix="neo-bench-")), NEO_APP_FILE=str(minimal)
        ) as server:
            page.goto(server.url)
            results["minimal page"] = measure(page, clicks)
            loaded["minimal page"] = load_times(browser, server.url, "Use RK3399", loads)
        browser.close()
    report("click to preview", results)
    report("first load to interactive", loaded)


def report(what: str, measured: dict[str, list[float]]) -> None:
    """Each page's median and p95, then the ratio of the medians (Configure / minimal)."""
    medians = {}
    for title, times in measured.items():
        median, p95 = summary(times)
        medians[title] = median
        print(f"{title}, {what}: median {ms(median)}, p95 {ms(p95)} over {len(times)}")
    ratio = medians["Configure page"] / medians["minimal page"]
    print(f"{what}, ratio (Configure / minimal, median): {ratio:.1f}x")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
