"""The Jobs page on the local endpoint: the live part, what it costs per run, selection, fleets.

Jobs are put on the endpoint through the product's own submit_and_record with the session's
client and the app's store file, so the page finds them as if Configure or Fleet had sent them.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

from core.errors import AwsError
from core.jobs.store import Store
from core.jobs.submission import submit_and_record
from tests.app.rendered import shown


def client_of(app):
    return app.session_state["connection_client"].neo


def send(app, request: dict[str, Any], name: str, fleet: str | None = None) -> str:
    submit_and_record(
        client_of(app), Store.default(), dict(request, CompilationJobName=name), fleet=fleet
    )
    return name


def calls(app) -> list[str]:
    """The SageMaker operations the session's client makes from now on."""
    seen: list[str] = []
    client_of(app).client.meta.events.register(
        "before-call.sagemaker.*", lambda model, **_: seen.append(model.name)
    )
    return seen


def request_shown(app, name: str) -> str:
    """The Jobs page opened on job name: the text of its "Request as submitted"."""
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    return " ".join(c.value for c in app.code)


def cloned(app) -> Any:
    """The draft Clone makes of the job open on the Jobs page, as the wizard then opens it."""
    app.button(key="jobs_clone").click().run()
    app.run()
    return app.session_state["draft"]


def jobs_table(app):
    return next(d for d in app.dataframe if d.key and d.key.startswith("jobs_table_"))


def test_a_running_job_is_followed_live_with_a_progress_bar(
    new_app, valid_request, monkeypatch, local_models
):
    """While a job runs, its detail has a progress bar that names its state and the live part
    refreshes on a timer; once it stops, the timer is off."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "40")  # STARTING for the first 10 s
    app = new_app()
    name = send(app, valid_request, f"live-{uuid.uuid4().hex[:8]}")
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    app.text_input(key="jobs_name").input(name).run()  # other tests' jobs share the endpoint
    assert not app.exception
    assert app.session_state["jobs_running"] is True
    [progress] = app.get("progress")
    assert progress.proto.text in ("Starting…", "In progress…")
    deadline = time.monotonic() + 30
    while client_of(app).describe(name).status != "INPROGRESS":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    app.run()
    [progress] = app.get("progress")
    assert progress.proto.text == "In progress…"  # str.title() wrote "Inprogress…"
    assert any("Refreshing every 2 s" in shown(c.value) for c in app.caption)
    app.button(key="jobs_stop").click().run()
    [progress] = app.get("progress")  # SageMaker's Stopping, then Stopped: followed still
    assert progress.proto.text == "Stopping…"
    assert app.session_state["jobs_running"] is True
    client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=60)  # STOPPED
    app.run()
    assert app.session_state["jobs_running"] is False
    assert not app.get("progress")
    assert not any("Refreshing every" in shown(c.value) for c in app.caption)


def headings_sent(monkeypatch) -> list[str]:
    """Every heading sent to the browser from now on, from every run (AppTest keeps only the
    last run's tree; a run abandoned by st.rerun has its elements sent all the same)."""
    sent: list[str] = []
    original = ScriptRunContext.enqueue

    def record(self: ScriptRunContext, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") == "delta" and msg.delta.new_element.HasField("heading"):
            sent.append(msg.delta.new_element.heading.body)
        original(self, msg)

    monkeypatch.setattr(ScriptRunContext, "enqueue", record)
    return sent


def test_the_run_that_stops_the_timer_draws_no_detail_it_then_replaces(
    new_app, valid_request, monkeypatch
):
    """When the job ends, the run that turns the timer off reruns the page before it draws the
    job's detail: a download button drawn there and replaced a moment later would not answer a
    click made in between. The detail is sent once, by the run that stays."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")
    app = new_app()
    name = send(app, valid_request, f"ends-{uuid.uuid4().hex[:8]}")
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    app.text_input(key="jobs_name").input(name).run()  # other tests' jobs share the endpoint
    assert app.session_state["jobs_running"] is True
    app.button(key="jobs_stop").click().run()
    # STOPPING, then STOPPED: the run after that ends the timer
    client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=60)
    sent = headings_sent(monkeypatch)
    app.run()
    assert app.session_state["jobs_running"] is False
    assert [shown(heading) for heading in sent].count(name) == 1, sent


def test_the_jobs_page_lists_once_per_run(new_app, valid_request):
    """One ListCompilationJobs per run (the table and the timer share it), and a describe only
    for the job whose detail is open."""
    app = new_app()
    name = send(app, valid_request, f"once-{uuid.uuid4().hex[:8]}")
    client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.switch_page("app_pages/jobs.py").run()
    app.text_input(key="jobs_name").input(name).run()  # other tests' jobs share the endpoint
    seen = calls(app)
    app.run()
    assert seen == ["ListCompilationJobs"]
    app.session_state["jobs_selected"] = name
    seen.clear()
    app.run()
    assert seen == ["ListCompilationJobs", "DescribeCompilationJob"]


def test_a_selected_job_stays_selected_when_the_list_changes(new_app, valid_request, monkeypatch):
    """Selection is by job name: a new job at the top of the list does not move it."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")  # running while the table is read
    app = new_app()
    tag = uuid.uuid4().hex[:8]
    older = send(app, valid_request, f"sel-{tag}-a")
    newer = send(app, valid_request, f"sel-{tag}-b")
    app.switch_page("app_pages/jobs.py").run()
    app.text_input(key="jobs_name").input(tag).run()
    table = jobs_table(app)
    assert list(table.value["Job"]) == [newer, older]
    assert list(table.value["Ended"]) == ["", ""]  # still running: blank, not "None"
    app.session_state[table.key] = {"selection": {"rows": [1], "columns": []}}
    app.run()
    assert app.session_state["jobs_selected"] == older
    newest = send(app, valid_request, f"sel-{tag}-c")
    app.run()
    assert list(jobs_table(app).value["Job"]) == [newest, newer, older]
    assert app.session_state["jobs_selected"] == older
    assert any(shown(h.value) == older for h in app.subheader)
    for name in (newest, newer, older):  # no running job left for the tests after this one
        client_of(app).client.stop_compilation_job(CompilationJobName=name)


def test_a_name_filter_no_job_name_can_hold_is_said_without_a_call(new_app):
    """ "job_1": ListCompilationJobs refuses a NameContains outside letters, digits and hyphens
    (ValidationException on AWS; the local endpoint listed nothing, now it refuses too): the
    page says no job name can contain it, and calls nothing."""
    app = new_app()
    app.switch_page("app_pages/jobs.py").run()
    seen = calls(app)
    app.text_input(key="jobs_name").input("job_1").run()
    assert any("No job name contains 'job_1'" in shown(i.value) for i in app.info)
    assert not app.error and "ListCompilationJobs" not in seen
    with pytest.raises(ClientError) as refused:  # and the endpoint answers as AWS would
        client_of(app).client.list_compilation_jobs(NameContains="job_1")
    assert refused.value.response["Error"]["Code"] == "ValidationException"


def test_a_fleet_shows_one_row_per_target_and_only_its_jobs(new_app, valid_request, local_models):
    """Choosing a fleet shows a row per target, and the job list under it holds that fleet's
    jobs only, from one listing (no describe per target)."""
    app = new_app()
    tag = uuid.uuid4().hex[:8]
    fleet_id = f"fleet-{tag}"
    targets = ["ml_c5", "ml_m5", "ml_c4"]
    names = []
    for target in targets:
        request = dict(valid_request, OutputConfig={**valid_request["OutputConfig"]})
        request["OutputConfig"]["TargetDevice"] = target
        names.append(send(app, request, f"fl-{tag}-{target.replace('_', '-')}", fleet=fleet_id))
    other = send(app, valid_request, f"alone-{tag}")
    for name in [*names, other]:
        client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.switch_page("app_pages/jobs.py").run()
    app.selectbox(key="jobs_fleet").set_value(fleet_id).run()
    seen = calls(app)  # from here: a run of the page with the fleet chosen (the choice itself
    app.run()  # reruns the page when it stops a timer other tests' running jobs started)
    assert not app.exception
    fleet_table = next(d for d in app.dataframe if "Submission" in d.value.columns)
    assert len(fleet_table.value) == len(targets)
    assert set(fleet_table.value["Status"]) == {"COMPLETED"}
    assert sorted(jobs_table(app).value["Job"]) == sorted(names)
    assert seen == ["ListCompilationJobs"]


def test_a_fleets_failed_job_shows_why_in_the_fleet_table(new_app, valid_request, local_models):
    """A FAILED job's reason (which ListCompilationJobs does not give) is in the fleet's Error
    column, from one describe of that job, not repeated on the next run."""
    app = new_app()
    tag = uuid.uuid4().hex[:8]
    fleet_id = f"fleet-{tag}"
    ok = send(app, valid_request, f"ok-{tag}", fleet=fleet_id)
    missing = dict(valid_request, InputConfig={**valid_request["InputConfig"]})
    missing["InputConfig"].update(
        S3Uri=f"s3://no-such-bucket-{tag}/model.tar.gz",
        Framework="ONNX",
        DataInputConfig='{"data": [1, 3, 224, 224]}',
    )
    failed = send(app, missing, f"failed-{tag}", fleet=fleet_id)
    for name in (ok, failed):
        client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=60)
    assert client_of(app).describe(failed).status == "FAILED"
    reason = client_of(app).describe(failed).failure_reason
    app.switch_page("app_pages/jobs.py").run()
    seen = calls(app)
    app.selectbox(key="jobs_fleet").set_value(fleet_id).run()
    table = next(d for d in app.dataframe if "Submission" in d.value.columns).value
    errors = dict(zip(table["Job"], table["Error"], strict=True))
    assert reason and errors[failed] == reason
    assert errors[ok] == ""
    (why,) = [e for e in app.main.expander if e.label == "Why 1 job(s) failed"]  # in full: a
    assert reason in shown(why.markdown[0].value)  # table cell cuts a long reason short
    app.run()
    assert seen.count("DescribeCompilationJob") == 1


def test_a_fleets_job_deleted_since_is_looked_up_as_not_found(new_app, valid_request):
    """A fleet's job the listing no longer holds, looked up: "not found (deleted?)", not the
    API's error code (ResourceNotFound read as a status)."""
    app = new_app()
    tag = uuid.uuid4().hex[:8]
    fleet_id = f"fleet-{tag}"
    gone = send(app, valid_request, f"gone-{tag}", fleet=fleet_id)
    client_of(app).wait(gone, poll_seconds=0.2, timeout_seconds=30)
    client_of(app).delete(gone)
    app.switch_page("app_pages/jobs.py").run()
    app.selectbox(key="jobs_fleet").set_value(fleet_id).run()
    next(b for b in app.button if b.label.startswith("Look up 1 job")).click().run()
    table = next(d for d in app.dataframe if "Submission" in d.value.columns).value
    assert dict(zip(table["Job"], table["Status"], strict=True)) == {gone: "not found (deleted?)"}


def test_clone_and_request_as_submitted_use_the_request_this_app_sent(new_app, valid_request):
    """Tags are not in DescribeCompilationJob's answer; the detail and Clone take the request
    from the store, so they keep them."""
    app = new_app()
    tags = [{"Key": "team", "Value": "edge"}]
    name = send(app, dict(valid_request, Tags=tags), f"tagged-{uuid.uuid4().hex[:8]}")
    submitted = request_shown(app, name)
    assert '"team"' in submitted and '"edge"' in submitted
    clone = cloned(app)
    assert clone.name == f"Copy of {name}" and clone.job_name != name
    assert clone.to_api()["Tags"] == tags


def test_a_job_sent_from_elsewhere_shows_its_own_request_not_the_apps_refused_one(
    new_app, valid_request
):
    """The CLI command run first, then Submit with the same name and another output: the app's
    call was refused, and its record still gave the job's "Request as submitted" and Clone
    (the S3 output the job never used). A refused call is no request of the job; its tags,
    which the describe response lacks, are read with ListTags (a clone lost them); text that
    is not ASCII reads as typed."""
    app = new_app()
    name = f"elsewhere-{uuid.uuid4().hex[:8]}"
    elsewhere = dict(valid_request, CompilationJobName=name)
    elsewhere["OutputConfig"] = dict(elsewhere["OutputConfig"], S3OutputLocation="s3://b/other/")
    elsewhere["Tags"] = [{"Key": "owner", "Value": "Zoë"}]  # not in DescribeCompilationJob's
    client_of(app).client.create_compilation_job(**elsewhere)
    with pytest.raises(AwsError, match="already exists"):  # refused, and recorded as such
        send(app, dict(valid_request, Tags=[{"Key": "team", "Value": "café"}]), name)
    submitted = request_shown(app, name)
    assert "s3://b/other/" in submitted and '"Zoë"' in submitted
    assert "café" not in submitted and "caf\\u00e9" not in submitted
    clone = cloned(app).to_api()
    assert clone["OutputConfig"]["S3OutputLocation"] == "s3://b/other/"
    assert clone["Tags"] == elsewhere["Tags"]


def test_a_request_as_submitted_shows_text_as_typed(new_app, valid_request):
    """The detail escaped every letter past ASCII (caf\\u00e9)."""
    app = new_app()
    tags = [{"Key": "team", "Value": "café Ünïcode"}]
    name = send(app, dict(valid_request, Tags=tags), f"unicode-{uuid.uuid4().hex[:8]}")
    assert "café Ünïcode" in request_shown(app, name)


def test_a_job_whose_model_is_not_in_the_local_s3_fails_and_says_why(new_app, valid_request):
    """As on SageMaker, which fetches the model first: the job's detail says FAILED and which
    model the local S3 lacks, with what to do; no download and no simulation note."""
    app = new_app()
    tag = uuid.uuid4().hex[:8]
    request = dict(valid_request, InputConfig={**valid_request["InputConfig"]})
    request["InputConfig"]["S3Uri"] = uri = f"s3://my-bucket/absent-{tag}/model.tar.gz"
    name = send(app, request, f"nomodel-{tag}")
    client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    assert any(m.value == "FAILED" for m in app.metric)
    reasons = [shown(e.value) for e in app.error if "Failure reason" in shown(e.value)]
    assert len(reasons) == 1 and f"The model {uri} cannot be read" in reasons[0]
    assert "Upload the model there first" in reasons[0]
    assert not any("Local endpoint:" in shown(i.value) for i in app.info)  # no simulation note
    assert not any("CloudWatch" in shown(c.value) for c in app.caption)  # none on this endpoint


def test_the_detail_writes_times_as_the_table_does(new_app, valid_request):
    """The detail's times read like the table's ('2026-12-02 09:45:31 UTC'); they were
    Python's '2026-12-02 09:45:31.741000+00:00'."""
    app = new_app()
    name = send(app, valid_request, f"times-{uuid.uuid4().hex[:8]}")
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    [times] = [shown(c.value) for c in app.caption if "CreationTime:" in shown(c.value)]
    assert re.search(r"CreationTime: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", times), times
    assert "+00:00" not in times


def test_a_failure_reason_quoting_an_https_model_copies_it_as_it_reads(new_app, valid_request):
    """The local endpoint refuses an https:// model; the reason shows the address in a code
    span, with no invisible word joiner for a copy to carry."""
    app = new_app()
    tag = uuid.uuid4().hex[:8]
    request = dict(valid_request, InputConfig={**valid_request["InputConfig"]})
    request["InputConfig"]["S3Uri"] = uri = f"https://my-bucket.s3.amazonaws.com/{tag}.tar.gz"
    request["InputConfig"]["Framework"] = "ONNX"  # compiled locally: the model is fetched
    name = send(app, request, f"https-{tag}")
    client_of(app).wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.session_state["jobs_selected"] = name
    app.switch_page("app_pages/jobs.py").run()
    [reason] = [e.value for e in app.error if "Failure reason" in shown(e.value)]
    assert f"`{uri}`" in reason and "\u2060" not in reason, reason
