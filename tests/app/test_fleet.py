"""The Fleet page and the Jobs page's fleet view, in AppTest on the local endpoint."""

from __future__ import annotations

from core.presets import presets
from tests.app.helpers import button, fill_valid_request


def test_fleet_of_all_presets_submits_one_job_each_and_shows_side_by_side(new_app):
    """Every preset becomes one submitted job; a second click submits nothing new."""
    app = new_app()
    fill_valid_request(app)
    app.switch_page("pages/fleet.py").run()
    keys = [f"preset:{p.id}" for p in presets()]
    app.multiselect(key="fleet_targets").set_value(keys).run()
    app.text_input(key="fleet_base").input("edge-rollout").run()
    assert not app.exception
    button(app, "Submit fleet").click().run()
    results = app.session_state["fleet_results"]
    assert len(results) == len(keys)
    assert {row["Status"] for row in results.values()} == {"submitted"}
    assert all(len(name) <= 63 and name.startswith("edge-rollout-") for name in results)

    button(app, "Submit fleet").click().run()
    assert {row["Status"] for row in app.session_state["fleet_results"].values()} == {
        "already submitted"
    }
    client = app.session_state["connection_client"][1]
    listed = [j["CompilationJobName"] for j in client.list_jobs(name_contains="edge-rollout-")]
    assert sorted(listed) == sorted(results)

    fleet_id = app.session_state["fleet_id"]
    app.switch_page("pages/jobs.py").run()
    app.selectbox(key="jobs_fleet").set_value(fleet_id).run()
    assert not app.exception
    assert any(h.value == f"Fleet {fleet_id}" for h in app.subheader)
