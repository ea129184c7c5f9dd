"""The wizard's two editable tables (tags, input shapes), typed into in Chromium.

AppTest cannot edit an st.data_editor; these tests click on the table's canvas and type, as a
person does, wait for the script run each edit starts, and read what the app shows of it (the
live preview, the problems, the Review request).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import (
    FIRST_PAGE_MS,
    DataEditor,
    ScriptRuns,
    Server,
    back_step,
    next_step,
    settle,
    step_heading,
)

KEY, VALUE = 0, 1
NAME, SHAPE = 0, 1
STEPS = ["Model", "Target", "Compiler options", "Output and job", "Review"]
JOB = "Job: name, role, limits, VPC, tags"
"""The live preview's fold with the request's members other than InputConfig and OutputConfig."""

_PREVIEW_MEMBER = """([fold, member]) => {
  for (const expander of document.querySelectorAll('[data-testid="stExpander"]')) {
    const summary = expander.querySelector("summary");
    const code = expander.querySelector('[data-testid="stCode"]');
    if (!summary || !code || !summary.textContent.includes(fold)) continue;
    try {
      return JSON.stringify(JSON.parse(code.textContent)[member] ?? null);
    } catch (error) {
      return "not JSON";
    }
  }
  return "no such fold";
}"""
"""The request member `member` as the live preview's fold `fold` shows it, as JSON text."""


def expect_preview(page: Page, fold: str, member: str, expected: Any) -> None:
    """Waits until the live preview's fold shows `expected` as the request's `member` (the
    folds are opened by `open_wizard`: a closed one draws nothing)."""
    wanted = json.dumps(expected, separators=(",", ":"), ensure_ascii=False)
    try:
        page.wait_for_function(
            f"args => ({_PREVIEW_MEMBER})(args) === args[2]", arg=[fold, member, wanted]
        )
    except PlaywrightError:
        shown = page.evaluate(_PREVIEW_MEMBER, [fold, member])
        raise AssertionError(f"the preview shows {member} = {shown}, not {wanted}") from None


def open_wizard(page: Page, app_server: Server) -> ScriptRuns:
    runs = ScriptRuns(page)
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    settle(page)
    for fold in ("InputConfig", JOB):  # the preview's folds the tests read, open from the start
        folded = page.get_by_test_id("stExpander").filter(
            has=page.locator("summary", has_text=fold)
        )
        # by keyboard: a click lands where the fold was when playwright looked, and the first
        # page can still move then (a misplaced click once chose a framework in an open list)
        runs.after(functools.partial(folded.locator("summary").press, "Enter"))
        expect(folded.get_by_test_id("stCode")).to_be_visible()
    return runs


def tags_table(page: Page, runs: ScriptRuns) -> DataEditor:
    """Step 4's Tags table, in its expander (opened if it is closed)."""
    step_heading(page, "Output and job")
    settle(page)
    expander = page.get_by_test_id("stExpander").filter(
        has_text="VPC, tags and queue time (optional)"
    )
    table = expander.get_by_test_id("stDataFrame")
    if not table.is_visible():
        expander.get_by_text("VPC, tags and queue time (optional)").click()
    expect(table).to_be_visible()
    return DataEditor(table, runs)


def output_step(page: Page, app_server: Server) -> DataEditor:
    runs = open_wizard(page, app_server)
    for name in ("Target", "Compiler options", "Output and job"):
        next_step(page, name)
    return tags_table(page, runs)


def shapes_table(page: Page, runs: ScriptRuns) -> DataEditor:
    """Step 1's input shapes table, in the tab "Table"."""
    step_heading(page, "Model")
    settle(page)
    page.get_by_role("tab", name="Table").click()
    settle(page)  # only the open tab is drawn: the click reruns the step
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    return DataEditor(table, runs)


def shapes_json(page: Page) -> Locator:
    page.get_by_role("tab", name="JSON").click()
    settle(page)
    return page.get_by_label("DataInputConfig (JSON)")


def review_request(page: Page) -> dict[str, Any]:
    """Goes on to Review (from the step shown) and reads its request JSON (CreateCompilationJob)."""
    settle(page)
    shown = page.get_by_test_id("stMain").get_by_role("heading", level=3).first.inner_text()
    for name in STEPS[STEPS.index(shown) + 1 :]:
        next_step(page, name)
    request = page.get_by_test_id("stCode").filter(has_text='"CompilationJobName"').first
    expect(request).to_be_visible()
    return json.loads(request.inner_text())


def test_every_edit_of_the_tags_table_is_kept(page: Page, app_server: Server) -> None:
    """A tag typed in, then edited twice, shows each edit in the preview; none vanishes."""
    tags = output_step(page, app_server)
    tags.add_row()
    tags.edit(0, KEY, "team")
    expect_preview(page, JOB, "Tags", [{"Key": "team", "Value": ""}])
    tags.edit(0, VALUE, "ml")
    expect_preview(page, JOB, "Tags", [{"Key": "team", "Value": "ml"}])
    tags.edit(0, VALUE, "research")
    expect_preview(page, JOB, "Tags", [{"Key": "team", "Value": "research"}])
    tags.edit(0, KEY, "group")
    expect_preview(page, JOB, "Tags", [{"Key": "group", "Value": "research"}])
    expect(tags.rows()).to_have_count(1)
    expect(tags.cell(0, VALUE)).to_have_text("research")
    assert review_request(page)["Tags"] == [{"Key": "group", "Value": "research"}]


def test_a_bad_tag_key_is_explained_in_the_run_of_the_edit(page: Page, app_server: Server) -> None:
    """A key like 'bad{key' shows its sentence beside the table at once; fixing it removes it."""
    tags = output_step(page, app_server)
    problem = page.get_by_test_id("stExpander").get_by_text("Key 'bad{key' is not valid")
    tags.add_row()
    tags.edit(0, KEY, "bad{key")
    expect(problem).to_be_visible()
    tags.edit(0, KEY, "good")
    expect_preview(page, JOB, "Tags", [{"Key": "good", "Value": ""}])
    expect(problem).to_have_count(0)


def test_tags_table_shows_the_drafts_tags_after_back_and_next(
    page: Page, app_server: Server
) -> None:
    """Back then Next shows the typed tag again, and an edit of the rebuilt table is kept."""
    tags = output_step(page, app_server)
    tags.add_row()
    tags.edit(0, KEY, "team")
    tags.edit(0, VALUE, "ml")
    expect_preview(page, JOB, "Tags", [{"Key": "team", "Value": "ml"}])
    back_step(page, "Compiler options")
    next_step(page, "Output and job")
    tags = tags_table(page, tags.runs)
    expect(tags.rows()).to_have_count(1)
    expect(tags.cell(0, KEY)).to_have_text("team")
    expect(tags.cell(0, VALUE)).to_have_text("ml")
    tags.edit(0, VALUE, "research")
    expect_preview(page, JOB, "Tags", [{"Key": "team", "Value": "research"}])
    assert review_request(page)["Tags"] == [{"Key": "team", "Value": "research"}]


def test_typed_input_shapes_fill_data_input_config(page: Page, app_server: Server) -> None:
    """An input name and its sizes typed into the table become DataInputConfig at once."""
    shapes = shapes_table(page, open_wizard(page, app_server))
    shapes.add_row()
    shapes.edit(0, NAME, "x")
    expect_preview(page, "InputConfig", "DataInputConfig", '{"x": ""}')
    shapes.edit(0, SHAPE, "1, 3")
    expect_preview(page, "InputConfig", "DataInputConfig", '{"x": [1, 3]}')
    shapes.add_row()
    shapes.edit(1, NAME, "y")
    shapes.edit(1, SHAPE, "1, 10")
    both = '{"x": [1, 3], "y": [1, 10]}'
    expect_preview(page, "InputConfig", "DataInputConfig", both)
    next_step(page, "Target")
    back_step(page, "Model")  # the tab chosen is kept while the step was not drawn
    expect(page.get_by_role("tab", name="Table")).to_have_attribute("aria-selected", "true")
    expect(shapes.cell(1, SHAPE)).to_have_text("1, 10")
    expect(shapes_json(page)).to_have_value(both)
    assert review_request(page)["InputConfig"]["DataInputConfig"] == both


def test_a_row_that_is_no_shape_is_kept_and_explained(page: Page, app_server: Server) -> None:
    """A shape typed '1, x' stays in its row and the draft, and a sentence says what is wrong."""
    shapes = shapes_table(page, open_wizard(page, app_server))
    shapes.add_row()
    shapes.edit(0, NAME, "x")
    shapes.edit(0, SHAPE, "1, x")
    expect_preview(page, "InputConfig", "DataInputConfig", '{"x": "1, x"}')
    expect(page.get_by_text("The shape of 'x' must be a list of sizes").first).to_be_visible()
    expect(shapes.cell(0, SHAPE)).to_have_text("1, x")


def test_a_shape_typed_in_list_form_is_saved_as_a_list(page: Page, app_server: Server) -> None:
    """With 'List of shapes' chosen and no shapes yet, the first typed row follows that form."""
    runs = open_wizard(page, app_server)
    list_form = page.get_by_role("radio", name="List of shapes")
    runs.after(page.get_by_text("List of shapes", exact=True).click)
    expect(list_form).to_be_checked()
    shapes = shapes_table(page, runs)
    shapes.add_row()
    shapes.edit(0, SHAPE, "1, 3")
    expect_preview(page, "InputConfig", "DataInputConfig", "[[1, 3]]")
    page.reload()
    expect(list_form).to_be_checked(timeout=15000)
    expect(shapes_table(page, runs).cell(0, SHAPE)).to_have_text("1, 3")
