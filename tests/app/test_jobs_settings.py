"""Submission, the Jobs page and Settings, in AppTest against the embedded local endpoint."""

from __future__ import annotations

import time
import uuid

import pytest
from botocore.stub import Stubber

from core.aws.client import NeoClient
from tests.app.helpers import button, fill_valid_request, go_to_review, keyed
from tests.app.rendered import shown
from tests.clients import put_local_object, sagemaker_client
from tests.stubs import stub_create_compilation_job
from ui.connection import REMEMBERED, SessionClient
from ui.state import store


def submit_button(app):
    return button(app, "Submit compilation job")


def test_submit_is_disabled_while_problems_remain(new_app):
    """An incomplete draft cannot be submitted: the button is disabled on Review."""
    app = new_app()
    go_to_review(app)
    assert submit_button(app).disabled


def test_one_click_submits_once_and_the_jobs_page_follows_it(new_app, local_models):
    """Submit creates the job, which cannot be sent again, even after a reload; Jobs shows it."""
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    assert any(f"Job {name} created" in shown(s.value) for s in app.main.success)
    assert submit_button(app).disabled
    client = app.session_state["connection_client"].neo
    assert [j.name for j in client.list_jobs(name_contains=name)] == [name]
    reloaded = new_app(draft=app.session_state["draft"].id)
    assert submit_button(reloaded).disabled
    assert any(f"Job {name} was submitted" in shown(s.value) for s in reloaded.main.success)

    client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.switch_page("app_pages/jobs.py").run()
    app.session_state["jobs_selected"] = name
    app.run()
    assert not app.exception
    assert any(m.value == "COMPLETED" for m in app.metric)
    text = " ".join(shown(m.value) for m in app.markdown)
    assert "Compiled model:" in text and "s3://my-bucket/compiled/" in text


def test_aws_error_shows_beside_submit_and_keeps_the_draft(new_app):
    """AccessDenied becomes a sentence under the button; nothing typed is lost."""
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    connection = app.session_state["connection"]
    client = sagemaker_client()
    stubber = Stubber(client)
    stub_create_compilation_job(
        stubber,
        app.session_state["draft"].check()[0].to_api(),
        error_code="AccessDeniedException",
        message="User is not authorized to perform sagemaker:CreateCompilationJob",
    )
    stubber.activate()
    app.session_state["connection_client"] = SessionClient(connection, NeoClient(client))
    before = app.session_state["draft"].to_api()
    app.run()
    submit_button(app).click().run()
    messages = [shown(e.value) for e in app.main.error]
    assert any("not allowed" in m and "sagemaker:CreateCompilationJob" in m for m in messages)
    assert app.session_state["draft"].to_api() == before
    assert not submit_button(app).disabled
    stubber.assert_no_pending_responses()


def test_sidebar_says_the_local_endpoint_is_a_simulation(new_app):
    """The sidebar names the endpoint and account, and labels the local one a simulation.

    AppTest (1.67) drops the entry point's sidebar after switch_page, so the other pages'
    sidebars are checked in Chromium (tests/e2e).
    """
    app = new_app()
    sidebar = " ".join(shown(w.value) for w in app.sidebar.warning)
    assert "Simulation" in sidebar and "127.0.0.1" in sidebar and "123456789012" in sidebar


def test_settings_test_connection_names_the_caller(new_app):
    """Test connection on the local endpoint says who the caller is and that SageMaker answers."""
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    button(app, "Test connection").click().run()
    success = " ".join(shown(s.value) for s in app.success)
    assert "Connected as arn:aws" in success and "SageMaker answers" in success


def test_settings_offers_profiles_and_regions_from_botocore(new_app):
    """Choosing AWS shows a profile list and botocore's SageMaker regions."""
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    regions = app.selectbox(key="settings_region").options
    assert "us-east-1" in regions and "eu-west-1" in regions
    assert app.selectbox(key="settings_profile").options[0] == "(default credential chain)"


def test_jobs_page_stops_a_running_job(new_app, monkeypatch):
    """Stop on a running job's detail view stops it on the endpoint (the simulated compile
    lasts ten minutes, so the job is surely running when Stop is pressed)."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    submit_button(app).click().run()
    name = app.session_state["draft"].job_name
    app.switch_page("app_pages/jobs.py").run()
    app.session_state["jobs_selected"] = name
    app.run()
    stop = app.button(key="jobs_stop")
    assert not stop.disabled
    stop.click().run()
    client = app.session_state["connection_client"].neo
    deadline = time.monotonic() + 5
    while client.describe(name).status != "STOPPED":
        assert time.monotonic() < deadline
    app.run()  # the next refresh: the detail follows the job's real state
    assert any(s.value == "The job stopped." for s in app.success)
    assert app.button(key="jobs_stop").disabled


def submitted_job(new_app):
    """An app session that has just submitted a valid request; returns (app, job name)."""
    app = new_app()
    fill_valid_request(app)
    go_to_review(app)
    submit_button(app).click().run()
    return app, app.session_state["draft"].job_name


def test_clone_opens_the_job_as_a_new_draft(new_app):
    """Clone on a job's detail view opens its request in the wizard under a new job name."""
    app, name = submitted_job(new_app)
    app.switch_page("app_pages/jobs.py").run()
    app.session_state["jobs_selected"] = name
    app.run()
    app.button(key="jobs_clone").click().run()
    app.run()
    clone = app.session_state["draft"]
    assert clone.job_name != name
    assert clone.name == f"Copy of {name}"
    assert clone.to_api()["OutputConfig"]["TargetDevice"] == "jetson_nano"
    assert clone.model_s3_uri == "s3://my-bucket/model.tar.gz"
    assert clone.step == 4  # the wizard opens it on Review
    # the clone has not been submitted: nothing of the original's submission is said of it
    app.switch_page("app_pages/configure.py").run()
    assert app.subheader[0].value == "Review"
    said = [shown(s.value) for s in app.success] + [shown(c.value) for c in app.caption]
    assert not [t for t in said if "created" in t or "new name" in t], said


def test_jobs_filter_by_status_and_name(new_app, local_models):
    """The status and name filters narrow the table to matching jobs."""
    app, name = submitted_job(new_app)
    client = app.session_state["connection_client"].neo
    client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.switch_page("app_pages/jobs.py").run()
    app.text_input(key="jobs_name").input(name).run()
    table = app.dataframe[0].value
    assert list(table["Job"]) == [name]
    app.session_state[app.dataframe[0].key] = {"selection": {"rows": [0], "columns": []}}
    app.run()
    assert any(shown(h.value) == name for h in app.subheader)  # its detail is open
    app.selectbox(key="jobs_status").set_value("FAILED").run()
    # the filters hide its row: its detail (and its Delete button) goes with it
    assert not any(shown(h.value) == name for h in app.subheader)
    assert not [b for b in app.button if b.key == "jobs_delete"]
    assert not app.dataframe or name not in list(app.dataframe[0].value["Job"])
    empty = [shown(i.value) for i in app.info if i.value.startswith("No jobs match")]
    assert empty and "status FAILED and the name filter" in empty[0]
    assert "Clear the filters" in empty[0]


def test_a_job_stopped_under_a_status_filter_stays_shown_until_it_has_stopped(new_app, monkeypatch):
    """Stop under the Status filter STARTING: the job left the filter at once (STOPPING), and
    its detail went with it before "Stopping" or "The job stopped" was said."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")
    app, name = submitted_job(new_app)
    app.switch_page("app_pages/jobs.py").run()
    app.selectbox(key="jobs_status").set_value("STARTING").run()
    app.session_state["jobs_selected"] = name
    app.run()
    app.button(key="jobs_stop").click().run()
    assert any("Stop requested" in shown(i.value) for i in app.info)
    client = app.session_state["connection_client"].neo
    client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.run()
    assert any(s.value == "The job stopped." for s in app.success)


def test_stop_says_stop_requested_while_the_job_still_runs(new_app, monkeypatch):
    """Right after Stop, the detail says the stop is under way, not that the job stopped."""
    monkeypatch.setenv("NEO_SANDBOX_COMPILE_SECONDS", "600")
    app, name = submitted_job(new_app)
    app.switch_page("app_pages/jobs.py").run()
    app.session_state["jobs_selected"] = name
    app.run()
    app.session_state["jobs_message"] = __import__("ui.jobs").jobs.Message("ok", "", stopping=name)
    app.run()  # the job is still running on the endpoint: no Stop was sent
    assert any("Stop requested" in shown(i.value) for i in app.info)
    assert not any(s.value == "The job stopped." for s in app.success)


def ended_job_on_the_jobs_page(new_app):
    """(app, job name, client): a job submitted and ended, selected on the Jobs page."""
    app, name = submitted_job(new_app)
    client = app.session_state["connection_client"].neo
    client.wait(name, poll_seconds=0.2, timeout_seconds=30)
    app.switch_page("app_pages/jobs.py").run()
    app.session_state["jobs_selected"] = name
    app.run()
    return app, name, client


def test_delete_removes_a_finished_job_once_confirmed(new_app):
    """Delete, offered once a job has ended, asks first (it cannot be undone): "Keep it"
    keeps the job, "Delete the job" removes it from the endpoint."""
    app, name, client = ended_job_on_the_jobs_page(new_app)
    app.button(key="jobs_delete").click().run()
    assert [j.name for j in client.list_jobs(name_contains=name)] == [name]
    assert any("cannot be undone" in shown(w.value) for w in app.warning)
    app.button(key="jobs_delete_keep").click().run()
    assert [j.name for j in client.list_jobs(name_contains=name)] == [name]
    assert not any("cannot be undone" in shown(w.value) for w in app.warning)
    app.button(key="jobs_delete").click().run()
    app.button(key="jobs_delete_confirm").click().run()
    assert client.list_jobs(name_contains=name) == []
    assert any(f"Deleted {name}" in shown(s.value) for s in app.success)


def test_a_deleted_job_is_not_said_to_be_submitted_on_review(new_app):
    """After Delete, Review said "Job ... was submitted. Follow it on the Jobs page" for a job
    that no longer exists, and kept Submit disabled; the name may now be sent again."""
    app, name, _ = ended_job_on_the_jobs_page(new_app)
    app.button(key="jobs_delete").click().run()
    app.button(key="jobs_delete_confirm").click().run()
    app.session_state["submit_clicked"] = None  # a new session's, as after a reload
    app.session_state["submit_outcome"] = None
    app.switch_page("app_pages/configure.py").run()
    assert not any(name in shown(s.value) for s in app.main.success)
    assert not submit_button(app).disabled


def test_settings_lists_the_profiles_boto3_finds(new_app, aws_home):
    """The profile choices are the profiles in the AWS config file, after the default chain."""
    (aws_home / "config").write_text(
        "[profile alpha]\nregion = eu-west-1\n\n[profile beta]\nregion = us-west-2\n"
    )
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    assert app.selectbox(key="settings_profile").options == [
        "(default credential chain)",
        "alpha",
        "beta",
    ]


@pytest.mark.parametrize("typed", ["https://sagemaker.us-east-1.amazonaws.com]", "http://[::1"])
def test_an_endpoint_url_with_an_unclosed_bracket_is_a_sentence(new_app, aws_home, typed):
    """The browser trial pasted a URL with a Markdown bracket: the page was a traceback."""
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    app.text_input(key="settings_endpoint").input(typed).run()
    assert not app.exception
    button(app, "Use these settings").click().run()
    assert not app.exception
    said = [shown(e.value).replace("`", "") for e in app.error]  # addresses are code spans
    assert any(f"'{typed}' is not an endpoint URL" in text for text in said), said


def test_an_endpoint_url_without_a_scheme_is_refused_beside_the_field(new_app, aws_home):
    """ "localhost:5000" is not saved: a sentence says why, and the connection stays as it was."""
    app = new_app()
    before = app.session_state["connection"]
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    app.text_input(key="settings_endpoint").input("localhost:5000").run()
    button(app, "Use these settings").click().run()
    assert not app.exception
    assert any(
        "https://" in shown(e.value) and "localhost:5000" in shown(e.value) for e in app.error
    )
    example = "`https://api.sagemaker.eu-west-1.amazonaws.com`"  # copied as it reads
    assert any(example in e.value for e in app.error), [e.value for e in app.error]
    assert app.session_state["connection"] == before
    button(app, "Test connection").click().run()
    tested = [shown(e.value) for e in app.error if "Fix the endpoint URL first" in shown(e.value)]
    assert tested and "the connection in use (Local simulation" in tested[0], tested
    app.text_input(key="settings_endpoint").input("http://localhost:5000").run()
    button(app, "Use these settings").click().run()
    assert app.session_state["connection"].endpoint_url == "http://localhost:5000"
    assert not app.error


def test_test_connection_tests_the_form_and_reports_its_error(new_app, aws_home):
    """With AWS chosen in the form but no credentials anywhere, Test connection says so in a
    sentence (and that it tested the form), while the simulation stays in use."""
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    button(app, "Test connection").click().run()
    assert not app.exception
    errors = " ".join(shown(e.value) for e in app.error)
    assert "No AWS credentials were found" in errors and "tested the form" in errors
    # said on Settings itself: "choose the local endpoint on Settings" sent the reader nowhere
    assert "on Settings" not in errors and "local endpoint in the form above" in errors
    assert app.session_state["connection"].local


def test_test_connection_asks_a_custom_endpoints_sts_in_the_profiles_region(new_app, aws_home):
    """With a profile and a custom endpoint (here a plain moto server, as LocalStack would be),
    Test connection asks that endpoint's STS, not AWS's, and uses the profile's region for both."""
    from moto.server import ThreadedMotoServer

    (aws_home / "config").write_text("[profile sim]\nregion = eu-west-1\n")
    (aws_home / "credentials").write_text(
        "[sim]\naws_access_key_id = testing\naws_secret_access_key = testing\n"
    )
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{server._server.server_port}"
        app = new_app()
        app.switch_page("app_pages/settings.py").run()
        app.radio(key="settings_mode").set_value("aws").run()
        app.selectbox(key="settings_profile").set_value("sim").run()
        assert app.selectbox(key="settings_region").value == "eu-west-1"
        app.text_input(key="settings_endpoint").input(endpoint).run()
        button(app, "Test connection").click().run()
    finally:
        server.stop()
    assert not app.exception and not app.error
    success = " ".join(shown(s.value) for s in app.success)
    assert "Connected as arn:aws:sts::123456789012" in success
    assert f"STS at `{endpoint}`" in success  # code spans: copied, an address is itself
    assert f"SageMaker answers in eu-west-1 at `{endpoint}`" in success


def test_the_connection_chosen_survives_a_reload(new_app, aws_home):
    """A reload is a new session: it opens on the connection last chosen on Settings (AWS with a
    profile, region and confirmed endpoint), and on the simulation again once that is chosen."""
    (aws_home / "config").write_text("[profile team]\nregion = eu-west-1\n")
    (aws_home / "credentials").write_text(
        "[team]\naws_access_key_id = testing\naws_secret_access_key = testing\n"
    )
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    app.selectbox(key="settings_profile").set_value("team").run()
    app.text_input(key="settings_endpoint").input("https://sagemaker.example.test").run()
    button(app, "Use these settings").click().run()
    button(app, "Yes, send my requests there").click().run()
    chosen = app.session_state["connection"]
    assert (chosen.profile, chosen.region, chosen.endpoint_url, chosen.local) == (
        "team",
        "eu-west-1",
        "https://sagemaker.example.test",
        False,
    )
    reloaded = new_app()
    assert reloaded.session_state["connection"] == chosen
    assert "sagemaker.example.test" in " ".join(shown(i.value) for i in reloaded.sidebar.info)
    reloaded.switch_page("app_pages/settings.py").run()
    reloaded.radio(key="settings_mode").set_value("local").run()
    button(reloaded, "Use these settings").click().run()
    assert new_app().session_state["connection"].local


def test_an_unconfirmed_or_damaged_remembered_connection_is_not_used(new_app, aws_home):
    """Only what Settings applied is remembered: a choice still awaiting its confirmation, or a
    setting the app would not have written, leaves a new session on the default."""
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    app.text_input(key="settings_endpoint").input("https://sagemaker.example.test").run()
    button(app, "Use these settings").click().run()  # confirmation pending, never given
    assert new_app().session_state["connection"].local
    for damaged in (
        '{"local": false, "region": "nowhere-1", "url": null}',
        '{"local": false, "region": "eu-west-1", "url": "http://198.51.100.7"}',
        '{"local": "yes"}',
        "[1, 2",
    ):
        store().put_setting(REMEMBERED, damaged)  # the app's own store (one per process)
        assert new_app().session_state["connection"].local, damaged


def test_review_says_when_the_local_s3_lacks_the_model(new_app, local_url):
    """On the local endpoint a job whose model is missing fails, as on SageMaker: Review says
    so before Submit, and no longer once the model is there."""
    app = new_app()
    fill_valid_request(app)
    uri = f"s3://my-bucket/review-{uuid.uuid4().hex[:8]}/model.tar.gz"
    keyed(app.text_input, "model_s3").input(uri).run()
    go_to_review(app)
    said = [shown(w.value) for w in app.warning if "upload the model" in shown(w.value)]
    assert len(said) == 1 and f"there is no object at {uri}" in said[0], said
    put_local_object(local_url, uri)
    app.run()
    assert not [w for w in app.warning if "upload the model" in shown(w.value)]


def test_review_says_the_local_endpoint_cannot_fetch_an_https_model(new_app):
    """SageMaker takes an https:// S3 address, the local endpoint's S3 only s3:// ones: Review
    says so on the local endpoint, where an ONNX or TFLite compile of it would fail."""
    app = new_app()
    fill_valid_request(app)
    uri = "https://my-bucket.s3.us-east-1.amazonaws.com/review/model.tar.gz"
    keyed(app.text_input, "model_s3").input(uri).run()
    go_to_review(app)
    said = [shown(w.value) for w in app.warning if "s3:// address only" in shown(w.value)]
    assert len(said) == 1 and uri in said[0], [shown(w.value) for w in app.warning]
    raw = next(w.value for w in app.warning if "s3:// address only" in shown(w.value))
    assert f"`{uri}`" in raw and "\u2060" not in raw, raw  # copied as it reads
    assert not [e for e in app.error], [e.value for e in app.error]
