"""The connection a session uses: chosen on Settings, shown in the sidebar of every page.

Clients hold credentials, so they are kept per session (session state), never in
`st.cache_resource`, which every user shares.
"""

from __future__ import annotations

import streamlit as st

from core.connection import Connection, default_connection
from core.sagemaker import NeoClient

CONNECTION_KEY = "connection"
CLIENT_KEY = "connection_client"


def current() -> Connection:
    if CONNECTION_KEY not in st.session_state:
        st.session_state[CONNECTION_KEY] = default_connection()
    return st.session_state[CONNECTION_KEY]


def use(connection: Connection) -> None:
    st.session_state[CONNECTION_KEY] = connection
    st.session_state.pop(CLIENT_KEY, None)


def client() -> NeoClient:
    connection = current()
    cached = st.session_state.get(CLIENT_KEY)
    if cached is None or cached[0] != connection:
        cached = (connection, NeoClient.from_connection(connection))
        st.session_state[CLIENT_KEY] = cached
    return cached[1]


def badge() -> None:
    connection = current()
    if connection.local:
        st.warning(
            f"**Simulation.** {connection.label}. Nothing reaches AWS.", icon=":material/science:"
        )
    else:
        st.info(connection.label, icon=":material/cloud:")
