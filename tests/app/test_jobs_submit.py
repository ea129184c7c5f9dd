"""The Submit button under faults: in flight, interrupted, failing oddly, misconfigured.

Whatever happens during a submission, the button ends enabled or disabled for a reason, the
user reads a sentence, and nothing is ever sent without a click.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from core.aws.connection import Connection, local_connection
from core.jobs.store import Store
from tests.app.helpers import (
    button,
    fill_valid_request,
    go_to_review,
    keyed,
    open_tab,
)
from tests.app.rendered import shown
from ui import keys
from ui.connection import KnownAccount


def submit_button(app):
    return button(app, "Submit compilation job")


def creates(app) -> list[str]:
    """Counts the CreateCompilationJob calls the session's client makes from now on."""
    sent: list[str] = []
    client = app.session_state["connection_client"].neo.client
    client.meta.events.register(
        "before-call.sagemaker.CreateCompilationJob", lambda **_: sent.append("create")
    )
    return sent


def on_review(new_app):
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    return app


def test_submit_is_disabled_while_the_submission_is_in_flight(new_app):
    """The run that sends the job draws Submit disabled; a run cut off mid-call (here the
    session stops while CreateCompilationJob is on the wire) leaves no stuck flag behind."""
    app = on_review(new_app)
    sent = creates(app)
    client = app.session_state["connection_client"].neo.client

    def cut_off(**_: Any) -> None:
        st.stop()

    client.meta.events.register("before-send.sagemaker.CreateCompilationJob", cut_off)
    submit_button(app).click().run()
    assert submit_button(app).disabled  # drawn while the call was in flight
    assert sent == ["create"]
    client.meta.events.unregister("before-send.sagemaker.CreateCompilationJob", cut_off)

    app.run()  # the next run, with no click
    assert "submit_pending" not in app.session_state
    assert sent == ["create"]
    assert not submit_button(app).disabled
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    assert any(f"Job {name} created" in shown(s.value) for s in app.main.success)
    assert sent == ["create", "create"]


def test_an_unexpected_exception_is_a_sentence_and_is_not_resent_later(new_app):
    """A failure that is not an AWS error clears the in-flight flag and shows a sentence; a
    later run without a click sends nothing."""
    app = on_review(new_app)
    sent = creates(app)
    client = app.session_state["connection_client"].neo.client

    def boom(**_: Any) -> None:
        raise RuntimeError("boom")

    client.meta.events.register("before-send.sagemaker.CreateCompilationJob", boom)
    submit_button(app).click().run()
    assert not app.exception
    assert any("unexpectedly" in e.value and "boom" in shown(e.value) for e in app.main.error)
    assert not submit_button(app).disabled
    client.meta.events.unregister("before-send.sagemaker.CreateCompilationJob", boom)
    app.run()
    app.run()
    assert sent == ["create"]
    assert "submit_pending" not in app.session_state


def test_a_bad_endpoint_url_is_a_sentence_and_nothing_is_sent_later(new_app):
    """An endpoint URL without a scheme (saved by an older version) fails the click with a
    sentence, no traceback; fixing the connection does not send the job by itself, and the
    error, which was the other endpoint's, is no longer said beside Submit."""
    app = on_review(new_app)
    broken = Connection(None, "us-east-1", "localhost:5000", False)
    app.session_state["connection"] = broken
    app.session_state["connection_account"] = KnownAccount(broken, None, "not asked in this test")
    app.run()
    submit_button(app).click().run()
    assert not app.exception
    assert any(
        "localhost:5000" in shown(e.value) and "https://" in shown(e.value) for e in app.main.error
    )

    app.session_state["connection"] = local_connection()
    app.run()
    assert not any("localhost:5000" in shown(e.value) for e in app.main.error)
    assert not any("submit again" in shown(c.value) for c in app.main.caption)
    sent = creates(app)
    app.run()
    assert sent == []
    name = app.session_state["draft"].job_name
    assert not any(f"Job {name} created" in shown(s.value) for s in app.main.success)
    assert not submit_button(app).disabled


def test_the_jobs_page_with_a_bad_endpoint_url_shows_a_sentence(new_app):
    """The Jobs page on a connection whose client cannot be built explains, never raises."""
    app = new_app()
    broken = Connection(None, "us-east-1", "localhost:5000", False)
    app.session_state["connection"] = broken
    app.session_state["connection_account"] = KnownAccount(broken, None, "not asked in this test")
    app.switch_page("app_pages/jobs.py").run()
    assert not app.exception
    assert any("localhost:5000" in shown(e.value) for e in app.main.error)


def test_an_answer_lost_with_its_run_is_read_back_from_the_store(new_app):
    """A second click or a reload can end the run waiting on CreateCompilationJob before it
    writes its outcome (Streamlit raises at the next session-state access). The job exists;
    the next run settles the record with SageMaker and says so, and Submit stays disabled."""
    app = on_review(new_app)
    sent = creates(app)
    client = app.session_state["connection_client"].neo.client

    def run_ends(**_: Any) -> None:
        st.stop()

    client.meta.events.register("after-call.sagemaker.CreateCompilationJob", run_ends)
    submit_button(app).click().run()
    client.meta.events.unregister("after-call.sagemaker.CreateCompilationJob", run_ends)
    app.run()
    name = app.session_state["draft"].job_name
    assert any(f"Job {name} created" in shown(s.value) for s in app.main.success)
    assert submit_button(app).disabled
    assert sent == ["create"]


def test_the_link_after_a_submission_opens_the_job_once(new_app):
    """'Follow it on the Jobs page' carries ?job=NAME, which opens that job's detail; the
    parameter is read once, so picking another job afterwards sticks."""
    app = on_review(new_app)
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    link = next(p for p in app.get("page_link") if p.proto.label == "Follow it on the Jobs page")
    assert f"job={name}" in link.proto.query_string

    jobs = new_app(job=name)
    jobs.switch_page("app_pages/jobs.py").run()
    assert jobs.session_state["jobs_selected"] == name
    assert "job" not in jobs.query_params
    jobs.session_state["jobs_selected"] = "another-job"
    jobs.run()
    assert jobs.session_state["jobs_selected"] == "another-job"


def test_a_job_already_sent_as_it_stands_is_said_to_exist_not_created(new_app):
    """The request sent from elsewhere first (the CLI command copied from Review): Submit
    creates nothing and says the job exists; it said 'created (it already existed ...)'."""
    app = on_review(new_app)
    request, _ = app.session_state["draft"].check()
    app.session_state["connection_client"].neo.client.create_compilation_job(**request.to_api())
    sent = creates(app)
    submit_button(app).click().run()
    said = [shown(s.value) for s in app.main.success]
    name = app.session_state["draft"].job_name
    assert any(f"Job {name} already exists with this request" in s for s in said), said
    assert not any("created." in s for s in said)
    assert sent == ["create"]  # asked once; SageMaker's answer said it exists


def test_a_draft_changed_after_its_submission_says_so_and_offers_a_new_name(new_app):
    """Submitted, then another target chosen: Review said only "valid" beside a disabled
    Submit; it says the job compiles what was sent, and New job name makes this one sendable."""
    app = on_review(new_app)
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    assert not [w for w in app.main.warning if "another request" in shown(w.value)]
    while app.subheader[0].value != "Target":
        button(app, "Back").click().run()
    app.button(key="preset_rasp3b-plus").click().run()
    go_to_review(app)
    said = [shown(w.value) for w in app.main.warning]
    assert any(f"Job {name} was submitted with another request than this one" in w for w in said)
    assert submit_button(app).disabled
    button(app, "New job name").click().run()
    assert app.session_state["draft"].job_name != name
    assert not submit_button(app).disabled


def test_a_job_name_another_draft_submitted_is_not_said_to_be_this_drafts(new_app):
    """A job name another draft had submitted, typed here: Review said "Job ... was submitted"
    as if this draft had sent it. It says the name was used for another request."""
    app = on_review(new_app)
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    fresh = new_app()
    fill_valid_request(fresh)
    fresh.session_state["draft"].role_arn = "arn:aws:iam::123456789012:role/OtherRole"
    fresh.session_state["draft"].job_name = name
    go_to_review(fresh)
    assert not any(f"Job {name}" in shown(s.value) for s in fresh.main.success)
    said = [shown(w.value) for w in fresh.main.warning]
    assert any(f"Job {name} was submitted with another request than this one" in w for w in said)
    assert submit_button(fresh).disabled


def test_options_typed_in_another_order_are_sent_as_shown_and_the_job_is_this_drafts(new_app):
    """Jetson options typed as JSON cuda-ver first: Submit sent them in the options model's
    order while Review showed the typed one, and said "created" beside "was submitted with
    another request than this one". What is shown, exported and sent is one request."""
    app = new_app()
    fill_valid_request(app)
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    typed = {"cuda-ver": "10.0", "trt-ver": "6.0.1", "gpu-code": "sm_62"}
    open_tab(app, keys.OPTIONS_TAB, "Edit as JSON")
    keyed(app.text_area, "opt__json").input(json.dumps(typed)).run()
    go_to_review(app)
    exported = json.loads(app.code[0].value)  # Review's Request JSON, the first export
    assert list(json.loads(exported["OutputConfig"]["CompilerOptions"])) == list(typed)
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    assert any(f"Job {name} created." in shown(s.value) for s in app.main.success)
    assert not [w for w in app.main.warning if "another request" in shown(w.value)]
    sent = Store.default().get_job(name, app.session_state["connection_client"].neo.endpoint)
    assert sent is not None
    assert list(json.loads(sent.request["OutputConfig"]["CompilerOptions"])) == list(typed)


def test_options_the_check_rewrites_are_shown_as_they_are_sent(new_app):
    """A bare mattr string is sent as the list the reference writes: Review's export showed
    the string while Submit sent the list, and "another request" followed a plain Submit."""
    app = new_app()
    fill_valid_request(app, preset="rasp3b-plus")
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    open_tab(app, keys.OPTIONS_TAB, "Edit as JSON")
    keyed(app.text_area, "opt__json").input('{"mattr": "+neon"}').run()
    go_to_review(app)
    exported = json.loads(app.code[0].value)
    assert json.loads(exported["OutputConfig"]["CompilerOptions"]) == {"mattr": ["+neon"]}
    submit_button(app).click().run()
    assert not [w for w in app.main.warning if "another request" in shown(w.value)]
