"""Credentials go only where the user meant (issue 12); the profile's region is the one used
(issue 11)."""

from __future__ import annotations

from tests.app.helpers import button
from tests.app.rendered import shown, texts


def settings_on_aws(new_app):
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    app.radio(key="settings_mode").set_value("aws").run()
    return app


def use_endpoint(app, url: str) -> None:
    """Types an endpoint URL on Settings and presses Use these settings."""
    app.text_input(key="settings_endpoint").input(url).run()
    button(app, "Use these settings").click().run()


def test_plain_http_to_another_host_is_refused(new_app, aws_home):
    """http:// to a host that is not this machine would send signed requests in the clear."""
    app = settings_on_aws(new_app)
    before = app.session_state["connection"]
    use_endpoint(app, "http://10.1.2.3:5000")
    assert any("unencrypted" in shown(e.value) for e in app.error)
    assert app.session_state["connection"] == before


def test_a_host_that_is_not_aws_is_used_only_after_a_yes_asked_once(new_app, aws_home):
    """https:// to a non-AWS host asks first; after a yes it is used, and not asked again."""
    app = settings_on_aws(new_app)
    before = app.session_state["connection"]
    use_endpoint(app, "https://sagemaker.example.net")
    assert any("not an AWS endpoint" in shown(w.value) for w in app.warning)
    assert app.session_state["connection"] == before
    button(app, "Yes, send my requests there").click().run()
    assert app.session_state["connection"].endpoint_url == "https://sagemaker.example.net"
    button(app, "Use these settings").click().run()
    assert not any("not an AWS endpoint" in shown(w.value) for w in app.warning)


def test_a_password_in_the_url_or_another_region_is_refused_and_never_shown(new_app, aws_home):
    """botocore takes https://me:pw@host and an endpoint of another region; the first would show
    the password in the sidebar, the second fails every signed call. Both are refused, said
    beside the field, and the connection in use is kept."""
    app = settings_on_aws(new_app)
    before = app.session_state["connection"]
    use_endpoint(app, "https://me:s3cret@api.sagemaker.us-east-1.amazonaws.com")
    assert any("user name or password" in shown(e.value) for e in app.error)
    assert app.session_state["connection"] == before
    said = texts([*app.error, *app.markdown, *app.caption, *app.sidebar.markdown])
    assert said and not any("s3cret" in text for text in said)
    app.selectbox(key="settings_region").set_value("us-east-1").run()
    use_endpoint(app, "https://api.sagemaker.eu-west-1.amazonaws.com")
    assert any("Choose eu-west-1" in shown(e.value) for e in app.error)
    assert app.session_state["connection"] == before
    app.selectbox(key="settings_region").set_value("eu-west-1").run()
    button(app, "Use these settings").click().run()
    assert app.session_state["connection"].region == "eu-west-1"
    assert not app.error


def test_aws_hosts_and_this_machine_need_no_confirmation(new_app, aws_home):
    """AWS's own endpoints and loopback servers are used at once."""
    app = settings_on_aws(new_app)
    app.selectbox(key="settings_region").set_value("eu-west-1").run()
    for url in ("https://api.sagemaker.eu-west-1.amazonaws.com", "http://127.0.0.1:4566"):
        use_endpoint(app, url)
        assert app.session_state["connection"].endpoint_url == url
        assert not any("not an AWS endpoint" in shown(w.value) for w in app.warning)


def test_choosing_a_profile_shows_and_uses_its_region(new_app, aws_home):
    """The profile `edge` says eu-west-1: the region box follows, and the connection uses it."""
    (aws_home / "config").write_text("[profile edge]\nregion = eu-west-1\n")
    app = settings_on_aws(new_app)
    app.selectbox(key="settings_profile").set_value("edge").run()
    assert app.selectbox(key="settings_region").value == "eu-west-1"
    button(app, "Use these settings").click().run()
    assert app.session_state["connection"].region == "eu-west-1"
    assert app.session_state["connection"].profile == "edge"


def test_the_local_address_shown_copies_whole_and_a_pasted_one_is_used(new_app, aws_home):
    """The simulation's address is shown in a code span, so a copy is the address itself; it
    was plain text with an invisible word joiner (kept from becoming a link), which a copy
    carried into Settings and got 'http://127.0.0.1:...' refused as no endpoint URL."""
    app = new_app()
    app.switch_page("app_pages/settings.py").run()
    local_url = app.session_state["connection"].endpoint_url
    in_use = [m.value for m in app.markdown if m.value.startswith("**In use:**")]
    assert f"`{local_url}`" in in_use[0] and "\u2060" not in in_use[0]
    app.radio(key="settings_mode").set_value("aws").run()
    pasted = "http\u2060://127.0.0.1:4566\u200b "
    app.text_input(key="settings_endpoint").input(pasted).run()
    button(app, "Use these settings").click().run()
    assert not app.error, [e.value for e in app.error]
    assert app.session_state["connection"].endpoint_url == "http://127.0.0.1:4566"
