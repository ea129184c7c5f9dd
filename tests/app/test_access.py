"""Shared hosts (issue 12): beyond loopback, a login through st.login or no app at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.app.rendered import shown


@pytest.fixture
def on_the_network(data_dir) -> Iterator[None]:
    """The server bound to every interface, as `--server.address 0.0.0.0` would."""
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_without_a_login_the_app_refuses_to_show_on_the_network(on_the_network):
    """No [auth] configured: a sentence saying why and how, and none of the app's pages."""
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert any("no login is configured" in shown(e.value) for e in app.error)
    assert not [t for t in app.title if t.value == "Configure a compilation job"]
    assert "draft" not in app.session_state


def test_with_a_login_configured_a_visitor_must_log_in_first(on_the_network):
    """[auth] configured and nobody logged in: a Log in button, and nothing else."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.secrets["auth"] = {"redirect_uri": "http://host/oauth2callback", "cookie_secret": "x"}
    app.run()
    assert [b.label for b in app.button] == ["Log in"]
    assert "draft" not in app.session_state


def test_a_logged_in_user_gets_the_app(on_the_network):
    """Logged in through the identity provider, the wizard opens as on a laptop."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.secrets["auth"] = {"redirect_uri": "http://host/oauth2callback", "cookie_secret": "x"}
    app.user = {"is_logged_in": True, "email": "ml@example.com"}
    app.run()
    assert not app.exception
    assert app.title[0].value == "Configure a compilation job"


def test_on_this_machine_no_login_is_asked(data_dir):
    """Bound to 127.0.0.1 (the project's config), the app opens directly."""
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert app.title[0].value == "Configure a compilation job"
    assert not [b for b in app.button if b.label == "Log in"]
