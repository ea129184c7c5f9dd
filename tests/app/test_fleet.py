"""The Fleet page and the Jobs page's fleet view, in AppTest on the local endpoint."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.testing.v1 import AppTest

from core.knowledge.presets import presets
from tests.app.helpers import button, fill_valid_request, keyed
from tests.app.rendered import shown, texts
from tests.unit.test_fleet_faults import Faults, error_response, raises


def test_fleet_of_all_presets_submits_one_job_each_and_shows_side_by_side(new_app):
    """Every preset becomes one submitted job; a second click submits nothing new."""
    app = new_app()
    fill_valid_request(app)
    app.switch_page("app_pages/fleet.py").run()
    keys = [f"preset:{p.id}" for p in presets()]
    app.multiselect(key="fleet_targets").set_value(keys).run()
    app.text_input(key="fleet_base").input("edge-rollout").run()
    assert not app.exception
    button(app, "Submit fleet").click().run()
    results = app.session_state["fleet_results"]
    assert len(results) == len(keys)
    assert {row["Status"] for row in results.values()} == {"submitted"}
    assert all(len(name) <= 63 and name.startswith("edge-rollout-") for name in results)
    table = next(df for df in app.dataframe if "Status" in df.value.columns)
    headed = json.loads(table.proto.columns)  # the column config the browser draws
    assert headed["Status"]["label"] == "Submission"  # "submitted" reads as a job's state

    button(app, "Submit fleet").click().run()
    assert {row["Status"] for row in app.session_state["fleet_results"].values()} == {
        "already submitted"
    }
    client = app.session_state["connection_client"].neo
    listed = [j.name for j in client.list_jobs(name_contains="edge-rollout-")]
    assert sorted(listed) == sorted(results)

    fleet_id = app.session_state["fleet_id"]
    app.switch_page("app_pages/jobs.py").run()
    picker = app.selectbox(key="jobs_fleet")  # named by the base typed, not the random id alone
    assert f"edge-rollout ({len(results)} jobs, {fleet_id})" in picker.options
    picker.set_value(fleet_id).run()
    assert not app.exception
    assert any(shown(h.value) == f"Fleet edge-rollout ({fleet_id})" for h in app.subheader)


KEYS = ["preset:jetson-nano", "preset:rk3399", "preset:ml-c5", "preset:coreml"]


def fleet_page(new_app: Callable[..., AppTest], base: str) -> tuple[AppTest, Faults]:
    """The Fleet page with four targets picked, and faults hooked into the session's client."""
    app = new_app()
    fill_valid_request(app)
    app.switch_page("app_pages/fleet.py").run()
    app.multiselect(key="fleet_targets").set_value(KEYS).run()
    app.text_input(key="fleet_base").input(base).run()
    client = app.session_state["connection_client"].neo
    return app, Faults(client.client)


def names_of(base: str) -> list[str]:
    return [f"{base}-{key.replace(':', '-')}" for key in KEYS]


def status_table(app: AppTest) -> Any:
    tables = [df.value for df in app.dataframe if "Status" in df.value.columns]
    assert len(tables) == 1
    return tables[0]


def statuses(app: AppTest) -> dict[str, str]:
    return {name: row["Status"] for name, row in app.session_state["fleet_results"].items()}


def jobs_on_endpoint(app: AppTest, base: str) -> list[str]:
    client = app.session_state["connection_client"].neo
    return sorted(j.name for j in client.list_jobs(name_contains=f"{base}-"))


def test_retry_is_offered_right_after_a_partial_failure_and_sends_only_the_failed(new_app):
    """Issue 5: Retry was drawn before the results and stayed disabled. 2 of 4 targets fail;
    the page after Submit offers Retry, and Retry sends just those two, once each."""
    app, faults = fleet_page(new_app, "retry-ui")
    names = names_of("retry-ui")
    broken = [names[0], names[3]]
    for name in broken:
        faults.at_send[name] = error_response(400, "ResourceLimitExceeded", "10 jobs running")
    drafted = app.session_state["draft"].model_dump()

    button(app, "Submit fleet").click().run()

    assert not app.exception
    assert statuses(app) == {n: "failed" if n in broken else "submitted" for n in names}
    assert not button(app, "Retry failed targets").disabled
    (bar,) = app.progress
    assert bar.value == 100 and bar.text.startswith("4 of 4 targets answered")
    table = status_table(app)
    assert sorted(table["Job name"]) == sorted(names) and len(table) == 4
    assert all("limit" in m for m in table[table["Status"] == "failed"]["Message"])

    faults.clear()
    button(app, "Retry failed targets").click().run()

    assert sorted(faults.calls.elements()) == sorted(broken)
    assert set(statuses(app).values()) == {"submitted"}
    assert button(app, "Retry failed targets").disabled
    assert len(status_table(app)) == 4
    assert jobs_on_endpoint(app, "retry-ui") == sorted(names)
    assert app.session_state["draft"].model_dump() == drafted


def test_targets_left_unanswered_by_an_interrupted_run_are_offered_for_retry(new_app):
    """The run stops mid-fleet (as a click elsewhere stops it): rows left 'submitting…' become
    'interrupted' and retryable; the retry creates each missing job once and no duplicate."""
    app, faults = fleet_page(new_app, "cut-off")
    app.slider(key="fleet_workers").set_value(1).run()
    names = names_of("cut-off")
    faults.at_send[names[1]] = raises(lambda _: StopException())

    button(app, "Submit fleet").click().run()
    assert statuses(app)[names[0]] == "submitted"
    assert statuses(app)[names[1]] == "submitting…"

    faults.clear()
    app.run()  # the next interaction
    after = statuses(app)
    assert after[names[0]] == "submitted"
    assert {after[n] for n in names[1:]} <= {"interrupted", "submitted"}
    assert after[names[1]] == "interrupted"
    assert not button(app, "Retry failed targets").disabled

    button(app, "Retry failed targets").click().run()

    assert names[0] not in faults.calls and names[1] in faults.calls
    assert max(faults.calls.values()) == 1
    assert set(statuses(app).values()) <= {"submitted", "already submitted"}
    assert jobs_on_endpoint(app, "cut-off") == sorted(names)


def test_a_base_name_reused_after_a_new_fleet_says_the_jobs_exist_from_the_earlier_one(new_app):
    """After 'Start a new fleet', the same base name warns first and then says where the jobs
    came from, instead of a bare 'already submitted'; nothing is created twice."""
    app, faults = fleet_page(new_app, "reused")
    button(app, "Submit fleet").click().run()
    first_fleet = app.session_state["fleet_id"]
    button(app, "Start a new fleet").click().run()
    assert "fleet_results" not in app.session_state
    assert any("already exist from an earlier fleet" in shown(w.value) for w in app.warning)
    faults.clear()

    button(app, "Submit fleet").click().run()

    assert set(statuses(app).values()) == {"exists from earlier"}
    messages = [row["Message"] for row in app.session_state["fleet_results"].values()]
    assert all(f"from an earlier fleet ({first_fleet})" in m for m in messages)
    assert all("choose a new base name" in m for m in messages)
    assert not faults.calls
    # no link to a fleet that made no job (the Jobs page listed every job, saying nothing)
    second_fleet = app.session_state["fleet_id"]
    assert not [link for link in app.get("page_link") if second_fleet in link.proto.label]
    assert any(f"Fleet {second_fleet} created no job" in c for c in texts(app.caption))
    app.query_params["fleet"] = second_fleet
    app.switch_page("app_pages/jobs.py").run()
    assert any(f"Fleet {second_fleet} has no job recorded" in c for c in texts(app.caption))
    assert jobs_on_endpoint(app, "reused") == sorted(names_of("reused"))


def test_the_drafts_own_problems_are_listed_once_with_the_step_that_fixes_them(new_app):
    """A draft without a role: Fleet says so once (not once per target) and links to the step."""
    app = new_app()
    app.switch_page("app_pages/fleet.py").run()
    app.multiselect(key="fleet_targets").set_value(["preset:ml-c5", "device:ml_m5"]).run()
    said = [shown(m.value) for m in [*app.main.error, *app.main.markdown]]
    assert sum("RoleArn is required" in t for t in said) == 1
    assert any("problems every target would share" in t for t in said)
    assert not any(t.startswith(("Preset", "Device")) for t in said)  # no per-target copy
    fix = next(b for b in app.button if b.key and b.key.startswith("fleet_fix_"))
    assert fix.label == "Fix in Output and job"
    fix.click().run()
    app.run()
    assert app.session_state["draft"].step == 3


EDGE_AND_CLOUD = ["device:ml_c5", "device:jetson_nano", "device:rasp3b", "device:rk3399"]


def pytorch_fleet(new_app: Callable[..., AppTest], shapes: str, preset: str) -> AppTest:
    """Fleet on EDGE_AND_CLOUD for a PyTorch draft with these shapes (from the preset's
    valid request)."""
    app = new_app()
    fill_valid_request(app, preset=preset)
    keyed(app.selectbox, "framework").set_value("PYTORCH").run()
    keyed(app.text_area, "shapes_json").input(shapes).run()
    app.session_state["draft"].framework_version = "2.0"
    app.switch_page("app_pages/fleet.py").run()
    app.multiselect(key="fleet_targets").set_value(EDGE_AND_CLOUD).run()
    return app


def test_a_draft_field_several_targets_refuse_is_listed_once_with_its_fix(new_app):
    """PyTorch 2.0 without input shapes passes on ml_* but not on edge targets: it was one
    red box per target, each with no way to its step; it is one for all of them, naming
    them, with the Model step's link."""
    app = pytorch_fleet(new_app, "", preset="jetson-nano")
    said = [shown(e.value) for e in app.main.error]
    [shapes] = [t for t in said if "DataInputConfig" in t]
    assert shapes.startswith("3 targets (")
    assert "give the input shapes for jetson_nano, rasp3b and rk3399 (" in shapes
    fix = next(b for b in app.button if b.key and b.key.startswith("fleet_fix_field_"))
    assert fix.label == "Fix in Model"
    fix.click().run()
    app.run()
    assert app.session_state["draft"].step == 0


def test_a_warning_several_targets_share_is_said_once_with_its_fix(new_app):
    """PyTorch 2.0 with shapes: FrameworkVersion is not listed for edge devices, a warning
    each of them repeated in its own box; it is one, naming them, with the Model step's
    link, and the targets are still sent. (From ml_c5: Review says the draft's own.)"""
    app = pytorch_fleet(new_app, '{"input0": [1, 3, 224, 224]}', preset="ml-c5")
    warned = [shown(w.value) for w in app.main.warning if "FrameworkVersion" in shown(w.value)]
    assert len(warned) == 1 and warned[0].startswith("3 targets ("), warned
    fix = next(b for b in app.button if b.key and b.key.startswith("fleet_fix_field_"))
    assert fix.label == "Fix in Model"
    assert not [e for e in app.main.error if "FrameworkVersion" in shown(e.value)]
    planned = next(df for df in app.dataframe if "Job name" in df.value.columns)
    assert len(planned.value) == len(EDGE_AND_CLOUD)


def test_why_a_target_failed_is_shown_in_full(new_app):
    """A failure's sentence is shown whole under the table, not cut in a cell."""
    app = new_app()
    app.switch_page("app_pages/fleet.py").run()
    long = "SageMaker refused this target for a long and detailed reason " * 4
    app.session_state["fleet_results"] = {
        "job-a": {
            "Target": "Preset · ML C5",
            "Job name": "job-a",
            "Status": "failed",
            "Message": long,
        }
    }
    app.session_state["fleet_id"] = "fleet-test"
    app.run()
    assert any(long.strip() in shown(m.value) for m in app.markdown)


def test_a_fleets_results_stay_with_their_draft(new_app):
    """A fleet's results (and what Retry would send: that draft's requests) belong to the
    draft it was planned from: a new draft opens on a Fleet page without them."""
    app, faults = fleet_page(new_app, "scoped")
    faults.at_send[names_of("scoped")[0]] = error_response(400, "ResourceLimitExceeded", "full")
    button(app, "Submit fleet").click().run()
    assert not button(app, "Retry failed targets").disabled

    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()
    app.switch_page("app_pages/fleet.py").run()

    assert not app.exception
    assert "fleet_results" not in app.session_state and "fleet_members" not in app.session_state
    assert button(app, "Retry failed targets").disabled
    assert not [df for df in app.dataframe if "Status" in df.value.columns]


def test_the_fleet_page_names_the_draft_as_elsewhere_and_warns_of_a_missing_model(new_app):
    """On the local endpoint a model its S3 lacks fails every job: Fleet says so before the
    fleet is sent, as Review does; the draft is named by its title, as the sidebar names it."""
    app = new_app()
    fill_valid_request(app)
    # a key no test uploads (the local endpoint's S3 lives as long as the test process)
    app.session_state["draft"].model_s3_uri = f"s3://my-bucket/{uuid.uuid4().hex}.tar.gz"
    app.switch_page("app_pages/fleet.py").run()
    title = app.session_state["draft"].title
    assert title != "Untitled draft"
    assert any(title in shown(c.value) for c in app.caption)
    warned = [shown(w.value) for w in app.warning]
    assert any("upload the model on the Model step first" in w for w in warned), warned


def test_a_targets_own_warnings_are_said_before_the_fleet_is_sent(new_app):
    """ONNX for ml_inf1 is sent with the guide's Inferentia warning, as Review would say it for
    that target; Fleet showed only refusals, and sent it with no word. The draft's own
    warnings (Review said them) are not repeated."""
    app = new_app()
    fill_valid_request(app)
    keyed(app.selectbox, "framework").set_value("ONNX").run()
    app.switch_page("app_pages/fleet.py").run()
    app.multiselect(key="fleet_targets").set_value(["device:ml_inf1", "device:jetson_nano"]).run()
    said = [w.value for w in app.warning if "rule framework-target/inferentia" in shown(w.value)]
    assert len(said) == 1 and shown(said[0]).startswith("1 target (Device · AWS Inferentia"), said
    assert "](https://docs.aws.amazon.com/" in said[0]  # cited, linked
    assert not [w for w in app.warning if shown(w.value).startswith("Device · Jetson Nano")]


def test_a_base_name_job_names_cannot_carry_is_said_with_what_they_use(new_app):
    """名前 became "fleet" in every job name without a word; the names now say why."""
    app, _ = fleet_page(new_app, "名前")
    [said] = [shown(c.value) for c in app.caption if "job names begin with" in shown(c.value)]
    assert said.startswith("The job names begin with 'fleet': a job name takes ASCII letters")
    assert all(name.startswith("fleet-") for name in job_names(app))
    app.text_input(key="fleet_base").input("Rollout 2").run()
    [said] = [shown(c.value) for c in app.caption if "job names begin with" in shown(c.value)]
    assert "'Rollout-2'" in said and all(n.startswith("Rollout-2-") for n in job_names(app))
    app.text_input(key="fleet_base").input("rollout-2").run()
    assert not [c for c in app.caption if "job names begin with" in shown(c.value)]


def job_names(app: AppTest) -> list[str]:
    table = next(df for df in app.dataframe if "Job name" in df.value.columns)
    return list(table.value["Job name"])


def test_the_targets_and_base_name_are_kept_across_pages(new_app):
    """Streamlit drops a widget's state on a page without it: after a visit to the Jobs page the
    targets were gone while their results were still shown. Both come back as left."""
    app, _ = fleet_page(new_app, "kept-base")
    button(app, "Submit fleet").click().run()
    app.switch_page("app_pages/jobs.py").run()
    app.switch_page("app_pages/fleet.py").run()
    assert not app.exception
    assert app.multiselect(key="fleet_targets").value == KEYS
    assert app.text_input(key="fleet_base").value == "kept-base"
    assert len(app.session_state["fleet_results"]) == len(KEYS)
