"""The connection a session uses: chosen on Settings, shown in the sidebar of every page.

Clients hold credentials, so they are kept per session (session state), never in
`st.cache_resource`, which every user shares. The caller's account is asked of STS once per
session and connection, not on every rerun.
"""

from __future__ import annotations

import streamlit as st

from core import sandbox
from core.connection import (
    LOCAL_IDENTITY,
    Connection,
    caller_identity,
    default_connection,
)
from core.errors import AwsError
from core.sagemaker import NeoClient

CONNECTION_KEY = "connection"
CLIENT_KEY = "connection_client"
ACCOUNT_KEY = "connection_account"


def current() -> Connection:
    if CONNECTION_KEY not in st.session_state:
        st.session_state[CONNECTION_KEY] = default_connection()
    return st.session_state[CONNECTION_KEY]


def use(connection: Connection) -> None:
    st.session_state[CONNECTION_KEY] = connection
    forget()


def forget() -> None:
    """Drops the session's clients and account, so the next use builds and asks them afresh."""
    st.session_state.pop(CLIENT_KEY, None)
    st.session_state.pop(ACCOUNT_KEY, None)


def client() -> NeoClient:
    """The session's client; one that cannot be built answers every call with the reason."""
    connection = current()
    cached = st.session_state.get(CLIENT_KEY)
    if cached is None or cached[0] != connection:
        try:
            neo = NeoClient.from_connection(connection)
        except AwsError as exc:
            where = LOCAL_IDENTITY if connection.local else f"{connection.region} unavailable"
            neo = NeoClient.unavailable(exc, where)
        cached = (connection, neo)
        st.session_state[CLIENT_KEY] = cached
    return cached[1]


def account() -> tuple[str | None, str | None]:
    """(account id, why it is unknown), from STS once per session and connection."""
    connection = current()
    if connection.local:
        return sandbox.ACCOUNT_ID, None
    cached = st.session_state.get(ACCOUNT_KEY)
    if cached is None or cached[0] != connection:
        try:
            cached = (connection, caller_identity(connection)["Account"], None)
        except AwsError as exc:
            cached = (connection, None, exc.message)
        st.session_state[ACCOUNT_KEY] = cached
    return cached[1], cached[2]


def badge() -> None:
    connection = current()
    neo = client()
    if connection.local:
        st.warning(
            f"**Simulation.** {connection.label}. Nothing reaches AWS.", icon=":material/science:"
        )
    else:
        account_id, problem = account()
        st.info(
            f"AWS {connection.region} · account {account_id or 'unknown'} · profile "
            f"{connection.profile or 'default chain'}  \nEndpoint: "
            f"{neo.endpoint_url or 'none (see below)'}",
            icon=":material/cloud:",
        )
        if problem:
            st.warning(
                f"{problem} (Test connection on Settings asks again.)", icon=":material/warning:"
            )
    if neo.error is not None:
        st.error(neo.error.message, icon=":material/error:")
