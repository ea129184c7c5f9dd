"""Check locally (Review and Fleet) and the Jobs page's artifact download, in AppTest."""

from __future__ import annotations

import re
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.aws.connection import make_client
from core.jobs import fleet
from tests.app.helpers import button, go_to_review
from tests.app.rendered import texts
from tests.unit.compile.compile_models import onnx_cnn

DEADLINE_S = 300.0
"""TVM's import and an LLVM build take tens of seconds on this 2-core machine."""


def read_and_fill(app: AppTest, path: Path) -> None:
    """The model read from a path on the Model step, and DataInputConfig filled from it."""
    app.radio(key="model_source").set_value("A path on this machine").run()
    app.text_input(key="model_path").input(str(path)).run()
    button(app, "Read this path").click().run()
    button(app, "Fill DataInputConfig and Framework from the model").click().run()
    assert not app.exception


def wait_until(app: AppTest, key: str, done) -> None:
    """Runs the page again (as the fragment's timer would) until done(check) holds."""
    deadline = time.monotonic() + DEADLINE_S
    while not done(app.session_state[key]):
        assert time.monotonic() < deadline, [r.progress() for r in app.session_state[key].runs]
        time.sleep(0.5)  # the compile runs in another process: poll it as the page does
        app.run()
    app.run()
    assert not app.exception


def stages(app: AppTest) -> dict[str, str]:
    """Each stage's status as the report lists it ("**built** passed (3.1 s): ...")."""
    found = {}
    for line in texts(app.markdown):
        match = re.search(r"\*\*(imported|built|linked|ran|matched)\*\* (\w+)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def measures(app: AppTest) -> dict[str, str]:
    for frame in app.dataframe:
        rows = frame.value.astype(str).to_dict("records")
        if rows and "Measure" in rows[0]:
            return {row["Measure"]: row["Value"] for row in rows}
    return {}


def test_check_locally_for_an_x86_instance_reaches_a_report(new_app, tmp_path: Path) -> None:
    """ml_c5 (the default target): imported, built, linked, ran and matched onnxruntime."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))
    go_to_review(app)
    button(app, "Check locally").click().run()
    assert not app.exception
    wait_until(app, "local_check", lambda check: not check.running)
    table = stages(app)
    assert table["imported"] == "passed" and table["built"] == "passed", table
    report = app.session_state["local_check"].runs[0].report
    assert report.ok, report.lines()
    shown = measures(app)
    assert shown["Artifact size"].endswith("KB")
    if table["ran"] == "passed":  # this machine runs the code: latency and difference shown
        assert shown["TVM median"].endswith(" ms") and "Max abs difference" in shown
    assert any("Every stage possible for ml_c5 passed." in s for s in texts(app.success))
    assert not [w for w in texts(app.warning) if "the draft changed since" in w]

    app.session_state["draft"].device = "ml_m5"  # the report stays, said to be of the old draft
    app.run()
    stale = [w for w in texts(app.warning) if "the draft changed since" in w]
    assert stale and "target ml_c5" in stale[0]


def test_cancel_stops_a_running_check(new_app, tmp_path: Path) -> None:
    """Cancel ends the compiler process; the report says the check was cancelled."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))
    go_to_review(app)
    button(app, "Check locally").click().run()
    app.button(key="local_check_cancel").click().run()
    wait_until(app, "local_check", lambda check: not check.running)
    run = app.session_state["local_check"].runs[0]
    assert run.state in ("done", "cancelled")
    assert any("The check stopped" in w and "cancelled" in w for w in texts(app.warning))
    if run.report is not None:  # it had started: its worker is gone, the report says so
        assert run.report.cancelled
        assert run.handle.process.poll() is not None
        app.run()
        stages = texts(app.markdown)
        assert any("stopped: cancelled before it finished" in line for line in stages), stages
        assert not any("failed: cancelled" in line for line in stages)


def test_a_reload_during_a_check_finds_it_again(new_app, tmp_path: Path) -> None:
    """A reload is a new session: it opens the draft on Review following the check started
    before it (it was lost without a word), and can cancel it there; opening another draft
    there does not cancel it."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))
    go_to_review(app)
    button(app, "Check locally").click().run()
    started = app.session_state["local_check"]
    assert started.running

    reloaded = new_app(draft=app.session_state["draft"].id)
    go_to_review(reloaded)

    assert reloaded.session_state["local_check"] is started
    assert [b for b in reloaded.button if b.key == "local_check_cancel"]
    reloaded.switch_page("app_pages/drafts.py").run()
    button(reloaded, "New draft").click().run()
    assert not started.cancelled  # found, not owned: the first tab may still follow it

    again = new_app(draft=app.session_state["draft"].id)
    go_to_review(again)
    again.button(key="local_check_cancel").click().run()
    wait_until(again, "local_check", lambda check: not check.running)
    assert started.cancelled
    assert any("The check stopped" in w for w in texts(again.warning))

    draft_id = app.session_state["draft"].id
    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()  # the tab that started it closes it
    for tab in (reloaded, again):  # the others let it go, as a tab closed would
        tab.session_state["local_check"] = None
    later = new_app(draft=draft_id)
    go_to_review(later)
    assert "local_check" not in later.session_state  # a closed check is not found again


def test_a_reload_keeps_the_model_file_read_for_the_draft(new_app, tmp_path: Path) -> None:
    """The model read from a path stays this draft's after a reload: Review offers Check
    locally (it said to choose a model the Model step showed as read)."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))

    reloaded = new_app(draft=app.session_state["draft"].id)
    go_to_review(reloaded)

    assert [b for b in reloaded.button if b.label == "Check locally"]
    assert not [i for i in texts(reloaded.info) if "Choose the model" in i]


def test_a_target_tvm_cannot_build_says_why_and_starts_nothing(new_app, tmp_path) -> None:
    """Inferentia: the reason from the target table, and no Check button."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.session_state["draft"].device = "ml_inf1"
    go_to_review(app)
    assert any("TVM cannot build for ml_inf1" in i and "Neuron" in i for i in texts(app.info))
    assert not [b for b in app.button if b.label == "Check locally"]
    assert "local_check" not in app.session_state


def test_fleet_checks_every_target_on_the_bounded_pool(new_app, tmp_path: Path) -> None:
    """A buildable ARM board and Inferentia: one table, one row each, with each stage."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.switch_page("app_pages/fleet.py").run()
    app.multiselect(key="fleet_targets").set_value(["device:rasp3b", "device:ml_inf1"]).run()
    button(app, "Check every target locally").click().run()
    assert not app.exception
    wait_until(app, "fleet_check", lambda check: not check.running)
    rows = {r["Target"]: r for r in app.dataframe[-1].value.astype(str).to_dict("records")}
    labels = dict(fleet.target_keys())
    board = rows[labels["device:rasp3b"]]
    assert board["Check"] == "done"
    assert board["imported"] == "passed" and board["built"] == "passed", board
    assert board["ran"] == "skipped"  # ARM code does not run on this x86 machine
    inferentia = rows[labels["device:ml_inf1"]]
    assert inferentia["Check"] == "not buildable here" and "Neuron" in inferentia["Reason"]
    assert inferentia["imported"] == ""  # no process was started for it


def test_a_fleet_check_goes_with_its_draft(new_app, tmp_path: Path) -> None:
    """The fleet's check table belongs to the draft it checked: a new draft opens on a Fleet
    page without it (Inferentia alone: its row is decided without a compile)."""
    app = new_app()
    read_and_fill(app, onnx_cnn(tmp_path / "cnn.onnx"))
    app.switch_page("app_pages/fleet.py").run()
    app.multiselect(key="fleet_targets").set_value(["device:ml_inf1"]).run()
    button(app, "Check every target locally").click().run()
    wait_until(app, "fleet_check", lambda check: not check.running)
    assert [df for df in app.dataframe if "Check" in df.value.columns]

    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()
    app.switch_page("app_pages/fleet.py").run()

    assert not app.exception
    assert "fleet_check" not in app.session_state
    assert not [df for df in app.dataframe if "Check" in df.value.columns]


def artifact_page(uri: str) -> None:
    """The Jobs page's artifact part alone."""
    from ui.job_artifact import artifact_download

    artifact_download(uri)


def test_a_missing_artifact_object_is_said_and_a_present_one_downloads(data_dir) -> None:
    """No object: a sentence naming the URI; an object: a download button with its size."""
    uri = "s3://artifacts-bucket/compiled/model-ml_c5.tar.gz"
    app = AppTest.from_function(artifact_page, args=(uri,), default_timeout=30).run()
    assert not app.exception
    assert texts(app.info) == [f"No artifact object at {uri}."]

    s3 = make_client(app.session_state["connection"], "s3")
    s3.create_bucket(Bucket="artifacts-bucket")
    s3.put_object(Bucket="artifacts-bucket", Key="compiled/model-ml_c5.tar.gz", Body=b"x" * 2048)
    app.run()
    assert not app.exception
    assert not app.info
    [download] = app.get("download_button")
    assert download.label == "Download the compiled model (2048 bytes)"
