"""The Model step reads an uploaded model, in Chromium against `streamlit run`."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import FIRST_PAGE_MS, Server, act, settle
from tests.unit.compile.compile_models import onnx_cnn


def test_upload_an_onnx_model_fill_from_it_and_see_a_wrong_name(
    page: Page, app_server: Server, tmp_path: Path
) -> None:
    """Upload, the input in the table, fill, the preview changes; a wrong name is a problem."""
    model = onnx_cnn(tmp_path / "cnn.onnx", batch="N")
    page.goto(app_server.url)
    heading = page.get_by_role("heading", name="Model", exact=True)
    expect(heading).to_be_visible(timeout=FIRST_PAGE_MS)
    settle(page)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Model file (up to 200 MB)")
    uploader.locator("input[type=file]").set_input_files(str(model))
    expect(page.get_by_text("Read the upload cnn.onnx: ONNX, 1 input.")).to_be_visible()
    inputs = page.get_by_test_id("stDataFrame").first
    expect(inputs).to_contain_text("data")
    expect(inputs).to_contain_text("[N,3,32,32]")
    expect(inputs).to_contain_text("NCHW")

    fold = page.get_by_test_id("stExpander").filter(has_text="InputConfig").first
    fold.get_by_text("InputConfig", exact=True).click()
    preview = fold.get_by_test_id("stCode")
    expect(preview).not_to_contain_text("DataInputConfig")
    fill = page.get_by_role("button", name="Fill DataInputConfig and Framework from the model")
    act(page, fill.click, lambda: expect(preview).to_contain_text('"Framework": "ONNX"'))
    expect(preview).to_contain_text('"DataInputConfig": "{\\"data\\": [1, 3, 32, 32]}"')

    settle(page)
    page.get_by_role("tab", name="JSON").click()
    shapes = page.get_by_label("DataInputConfig (JSON)")
    shapes.fill('{"pixel_values": [1, 3, 32, 32]}')
    shapes.press("Control+Enter")
    settle(page)
    problem = "The model has no input 'pixel_values'; the model's inputs are 'data' [N,3,32,32] ("
    expect(page.get_by_text(problem).first).to_be_visible()
