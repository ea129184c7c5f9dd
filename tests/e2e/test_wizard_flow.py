"""A person's path through the wizard, in Chromium against `streamlit run`."""

from __future__ import annotations

import functools
import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    FIRST_PAGE_MS,
    Server,
    act,
    back_step,
    fill,
    go_to,
    next_step,
    preview,
    settle,
    step_heading,
)


def field(page: Page, label: str):
    return page.get_by_role("combobox", name=label, exact=True)


def test_jetson_tx2_to_valid_request_that_survives_reload(
    page: Page, app_server: Server, artifacts
) -> None:
    """Preset, required fields, valid preview, reload keeps the draft, device/platform switch."""
    page.goto(app_server.url)
    step_heading(page, "Model")
    fill(page, "Model artifact (S3 URI) *", "s3://my-bucket/model.tar.gz")
    settle(page)
    page.get_by_role("tab", name="JSON").click()
    shapes = page.get_by_label("DataInputConfig (JSON)")
    shapes.fill('{"input0": [1, 3, 224, 224]}')
    shapes.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("DataInputConfig is required")).to_have_count(0)

    next_step(page, "Target")
    act(
        page,
        page.get_by_role("button", name="Use Jetson TX2").click,
        lambda: expect(page.get_by_text("in use")).to_be_visible(timeout=5000),
    )
    expect(preview(page)).to_contain_text('"Accelerator": "NVIDIA"')
    expect(preview(page)).to_contain_text("sm_62")

    next_step(page, "Compiler options")
    expect(page.get_by_role("textbox", name="gpu-code *", exact=True)).to_have_value("sm_62")
    next_step(page, "Output and job")
    fill(page, "S3 output location *", "s3://my-bucket/compiled/")
    fill(page, "IAM role ARN *", "arn:aws:iam::123456789012:role/SageMakerRole")
    expect(page.get_by_text("Valid request")).to_be_visible()

    page.reload()
    step_heading(page, "Output and job")
    expect(page.get_by_role("textbox", name="S3 output location *", exact=True)).to_have_value(
        "s3://my-bucket/compiled/"
    )
    expect(preview(page)).to_contain_text("sm_62")
    expect(page.get_by_text("Valid request")).to_be_visible()
    assert re.search(r"[?&]draft=", page.url)

    back_step(page, "Compiler options")
    back_step(page, "Target")
    # The preview is sent before the step (app_pages/configure.py): it can show the new kind while
    # the run still draws the step's fields: wait for the step's own field, then the run.
    act(
        page,
        page.get_by_text("A device (TargetDevice)").click,
        lambda: expect(field(page, "Device *")).to_have_value(re.compile("jetson_tx2")),
    )
    settle(page)
    expect(preview(page)).to_contain_text('"TargetDevice"')
    expect(preview(page)).not_to_contain_text("TargetPlatform")
    act(
        page,
        page.get_by_text("A platform (TargetPlatform").click,
        lambda: expect(field(page, "Accelerator")).to_have_value(re.compile("NVIDIA")),
    )
    settle(page)
    expect(preview(page)).to_contain_text('"Accelerator": "NVIDIA"')
    expect(preview(page)).not_to_contain_text('"TargetDevice"')

    next_step(page, "Compiler options")
    next_step(page, "Output and job")
    next_step(page, "Review")
    expect(page.get_by_text("This request is valid.")).to_be_visible()
    page.set_viewport_size({"width": 1400, "height": 2400})
    settle(page)
    page.screenshot(path=str(artifacts / "review-step.png"), full_page=True)


def test_a_preset_then_next_at_once_compiles_for_the_preset(page: Page, app_server: Server):
    """Next clicked before the browser drew a preset sent the fields' earlier values, whose
    callbacks undid the preset: Jetson Nano's click compiled for rasp3b (4 of 16 hurried
    walks). A race: each walk gives it a chance."""
    wanted = {
        "Jetson Nano": '"TargetDevice": "jetson_nano"',
        "Raspberry Pi 3 Model B+": '"Arch": "ARM_EABIHF"',
    }
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    next_step(page, "Target")
    for walk in range(10):
        preset = list(wanted)[walk % 2]
        settle(page)
        page.get_by_role("button", name=f"Use {preset}", exact=True).click()
        page.get_by_role("button", name="Next", exact=True).click()  # at once, as in a hurry
        try:
            step_heading(page, "Compiler options")
        except AssertionError:  # the click landed in the preset's rerun and Streamlit dropped
            # it (CI, 1 walk in 10 under load): a person clicks again, as next_step does; what
            # the walk guards is the target the request is for once it moves on
            settle(page)
            step_heading(page, "Target")
            next_step(page, "Compiler options")
        settle(page)
        expect(preview(page)).to_contain_text(wanted[preset])
        back_step(page, "Target")


def test_presets_one_after_another_show_their_target_in_the_same_fields(
    page: Page, app_server: Server
) -> None:
    """A preset redraws the step's fields: each shows the preset's value, and later runs never
    send an old one back."""

    def field(label: str):
        return page.get_by_role("combobox", name=label, exact=True)

    def use(preset: str) -> None:
        act(
            page,
            page.get_by_role("button", name=f"Use {preset}", exact=True).click,
            lambda: expect(
                page.get_by_test_id("stCaptionContainer")
                .filter(has_text="in use")
                .filter(has_text=f"{preset}:")
            ).to_be_visible(timeout=5000),
        )

    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    next_step(page, "Target")
    use("RK3399")
    expect(field("Accelerator")).to_have_value(re.compile("MALI"))
    use("Jetson TX2")
    expect(field("Accelerator")).to_have_value(re.compile("NVIDIA"))
    use("Raspberry Pi 3 Model B+")
    expect(field("Arch *")).to_have_value(re.compile("ARM_EABIHF"))
    expect(field("Accelerator")).to_have_value(re.compile(r"None \(CPU\)"))
    use("Jetson Nano")
    expect(page.get_by_role("radio", name="A device (TargetDevice)")).to_be_checked()
    expect(field("Device *")).to_have_value(re.compile("jetson_nano"))
    use("Jetson TX2")
    expect(page.get_by_role("radio", name=re.compile("^A platform"))).to_be_checked()
    expect(field("Arch *")).to_have_value(re.compile("ARM64"))
    expect(field("Accelerator")).to_have_value(re.compile("NVIDIA"))

    next_step(page, "Compiler options")
    back_step(page, "Target")
    expect(field("Accelerator")).to_have_value(re.compile("NVIDIA"))
    expect(preview(page)).to_contain_text('"Accelerator": "NVIDIA"')
    expect(preview(page)).not_to_contain_text("jetson_nano")


def test_a_preview_fold_left_open_is_open_after_another_page(
    page: Page, app_server: Server
) -> None:
    """The job fold, opened, is open again after a visit to Jobs (Streamlit forgets a widget's
    state on another page; the wizard keeps it), and a closed one stays closed."""
    page.goto(app_server.url)
    step_heading(page, "Model")
    job = page.get_by_test_id("stExpander").filter(has=page.locator("summary", has_text="Job:"))
    inputs = page.get_by_test_id("stExpander").filter(
        has=page.locator("summary", has_text="InputConfig")
    )
    act(
        page,
        functools.partial(job.locator("summary").press, "Enter"),
        lambda: expect(job.get_by_test_id("stCode")).to_contain_text("CompilationJobName"),
    )
    go_to(page, "Jobs")
    go_to(page, "Configure")
    step_heading(page, "Model")
    expect(job.get_by_test_id("stCode")).to_contain_text("CompilationJobName")
    expect(inputs.get_by_test_id("stCode")).to_have_count(0)


def test_the_options_json_tab_stays_open_after_an_edit(page: Page, app_server: Server) -> None:
    """Edits applied in 'Edit as JSON' (Ctrl+Enter) keep that tab open: on a Jetson, the first
    tab opened again after a change that made the device's known values appear or go above
    the tabs."""
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    next_step(page, "Target")
    act(
        page,
        page.get_by_role("button", name="Use Jetson Nano", exact=True).click,
        lambda: expect(preview(page)).to_contain_text("jetson_nano", timeout=5000),
    )
    next_step(page, "Compiler options")
    tab = page.get_by_role("tab", name="Edit as JSON")
    act(page, tab.click, lambda: expect(tab).to_have_attribute("aria-selected", "true"))
    box = page.get_by_role("textbox", name="CompilerOptions (JSON)")
    for text, shown in (("{}", "Use them"), ('{"gpu-code": "sm_53"}', "sm_53")):
        box.fill(text)
        box.press("Control+Enter")
        settle(page)
        expect(page.get_by_text(shown).first).to_be_visible()
        expect(tab).to_have_attribute("aria-selected", "true")


def test_the_step_list_opens_the_step_clicked_and_follows_next(
    page: Page, app_server: Server
) -> None:
    """A click in the list of steps opens that step, and the list marks the step the page is on
    after Next (the list was text: clicking it did nothing)."""
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    steps = page.get_by_test_id("stButtonGroup")
    act(
        page,
        steps.get_by_role("radio", name="4. Output and job").click,
        lambda: step_heading(page, "Output and job"),
    )
    act(
        page,
        steps.get_by_role("radio", name="2. Target").click,
        lambda: step_heading(page, "Target"),
    )
    next_step(page, "Compiler options")
    expect(steps.get_by_role("radio", checked=True)).to_have_text("3. Compiler options")


def test_next_at_the_foot_of_a_step_shows_the_next_step_from_its_top(
    page: Page, app_server: Server
) -> None:
    """In a short window, Next at the foot of the long Model step shows the Target step from the
    list of steps down (the page kept its scroll position: the next step's middle was shown)."""
    page.set_viewport_size({"width": 800, "height": 600})
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    settle(page)
    page.get_by_role("button", name="Next", exact=True).scroll_into_view_if_needed()
    expect(page.get_by_role("heading", name="Model", exact=True)).not_to_be_in_viewport()
    next_step(page, "Target")
    expect(page.get_by_role("heading", name="Target", exact=True)).to_be_in_viewport()
    expect(page.get_by_test_id("stButtonGroup")).to_be_in_viewport()


def test_an_edit_after_an_import_takes_its_undo_away_at_once(page: Page, app_server: Server):
    """The Undo of an import stayed on screen after an edit in the wizard (a fragment, which
    redraws alone), and a click on it then did nothing but say why."""
    page.goto(app_server.url)
    step_heading(page, "Model", timeout=FIRST_PAGE_MS)
    page.get_by_text("Import a config").click()
    pasted = page.get_by_label("Paste here")
    pasted.fill('{"S3OutputLocation": "s3://my-bucket/o/", "TargetDevice": "rasp3b"}')
    pasted.press("Control+Enter")
    settle(page)
    page.get_by_role("button", name="Import", exact=True).click()
    settle(page)
    undo = page.get_by_role("button", name="Undo the import")
    expect(undo).to_be_visible()
    step_heading(page, "Target")  # where an OutputConfig alone leads
    act(
        page,
        page.get_by_role("button", name="Use Jetson TX2").click,
        lambda: expect(page.get_by_text("in use")).to_be_visible(timeout=5000),
    )
    expect(undo).to_have_count(0)
