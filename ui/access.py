"""Who may see the app: on this machine only, or, when the server listens on the network,
people who logged in (Streamlit's st.login, OIDC configured in .streamlit/secrets.toml).

Streamlit has no login of its own; a server bound beyond loopback without one would let anyone
on the network submit jobs with the server's AWS credentials, so the app refuses to show.
"""

from __future__ import annotations

import streamlit as st

from core.aws.endpoints import is_loopback
from ui.text import code


def _login_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def guard() -> None:
    """Stops the run unless this server may show the app to whoever asked."""
    address = st.get_option("server.address") or ""
    if address and is_loopback(address):
        return
    where = code(address or "every network interface")
    if not _login_configured():
        st.title("Neo Configurator")
        st.error(
            f"This server listens on {where}, beyond this machine, and no login is configured: "
            "anyone who reaches it could submit jobs with this server's AWS credentials. Serve "
            "it on 127.0.0.1 (the default), or configure a login (an [auth] section in "
            ".streamlit/secrets.toml, see the README) to run it for a team.",
            icon=":material/lock:",
        )
        st.stop()
    if not st.user.get("is_logged_in"):
        st.title("Neo Configurator")
        st.info(f"This server listens on {where}; log in to use it.", icon=":material/lock:")
        st.button("Log in", on_click=st.login, type="primary")
        st.stop()
    with st.sidebar:
        st.caption(f"Logged in as {code(st.user.get('email') or st.user.get('name') or '?')}")
        st.button("Log out", on_click=st.logout)
