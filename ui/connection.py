"""The connection a session uses: chosen on Settings, shown in the sidebar of every page.

Each session keeps its own `NeoClient` and account (session state). The boto3 client under the
`NeoClient` is the process's shared one for the connection (`core.aws.connection.shared_client`):
its credentials are the server's chain's, which every session that picks the same connection would
resolve anyway, and a client per session (some 4,700 objects, kept for Streamlit's reconnect TTL
after the tab closes) made every later script run slower. The caller's account is asked of STS
once per session and connection, not on every rerun.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

import streamlit as st

from core import local
from core.aws.client import NeoClient
from core.aws.connection import (
    LOCAL_IDENTITY,
    Connection,
    caller_identity,
    default_connection,
    forget_shared_clients,
    recalled,
    remembered,
)
from core.errors import AwsError
from core.interchange.render import Where
from core.jobs.store import StoreError
from ui import keys, state
from ui.text import code, plain, plain_with_addresses


@dataclass(frozen=True)
class SessionClient:
    """The session's client, and the connection it was built for."""

    connection: Connection
    neo: NeoClient


@dataclass(frozen=True)
class KnownAccount:
    """The caller's account for a connection, or why it is not known."""

    connection: Connection
    account_id: str | None
    problem: str | None


REMEMBERED = "connection"
"""The store's setting holding the last connection chosen on Settings."""


def current() -> Connection:
    """The session's connection: for a new session (a reload), the one last chosen on Settings,
    else the default (AWS when the chain has credentials, else the simulation)."""
    if keys.CONNECTION not in st.session_state:
        try:
            chosen = recalled(state.store().get_setting(REMEMBERED))
        except StoreError:
            chosen = None  # the sidebar already says the store cannot be used
        st.session_state[keys.CONNECTION] = chosen or default_connection()
    connection: Connection = st.session_state[keys.CONNECTION]
    return connection


def use(connection: Connection) -> None:
    """Switches the session to a connection and remembers it for the next session."""
    st.session_state[keys.CONNECTION] = connection
    forget()
    with suppress(StoreError):  # it still holds for this session
        state.store().put_setting(REMEMBERED, remembered(connection))


def forget() -> None:
    """Drops the session's clients and account, so the next use builds and asks them afresh."""
    forget_shared_clients(current())
    st.session_state.pop(keys.CONNECTION_CLIENT, None)
    st.session_state.pop(keys.CONNECTION_ACCOUNT, None)


def client() -> NeoClient:
    """The session's client; one that cannot be built answers every call with the reason."""
    connection = current()
    cached: SessionClient | None = st.session_state.get(keys.CONNECTION_CLIENT)
    if cached is None or cached.connection != connection:
        try:
            neo = NeoClient.from_connection(connection)
        except AwsError as exc:
            where = LOCAL_IDENTITY if connection.local else f"{connection.region} unavailable"
            neo = NeoClient.unavailable(exc, where)
        cached = SessionClient(connection, neo)
        st.session_state[keys.CONNECTION_CLIENT] = cached
    return cached.neo


def account() -> tuple[str | None, str | None]:
    """(account id, why it is unknown), from STS once per session and connection."""
    connection = current()
    if connection.local:
        return local.ACCOUNT_ID, None
    cached: KnownAccount | None = st.session_state.get(keys.CONNECTION_ACCOUNT)
    if cached is None or cached.connection != connection:
        try:
            cached = KnownAccount(connection, caller_identity(connection)["Account"], None)
        except AwsError as exc:
            cached = KnownAccount(connection, None, exc.message)
        st.session_state[keys.CONNECTION_ACCOUNT] = cached
    return cached.account_id, cached.problem


def where() -> Where:
    """Where the Review step's snippets send their call: this connection's region and endpoint
    (and, for the simulation, the keys it takes), so a copied snippet runs where the user is."""
    connection = current()
    if connection.local:
        return Where(
            region=connection.region,
            endpoint_url=connection.endpoint_url,
            access_key_id=local.credentials()["aws_access_key_id"],
            secret_access_key=local.credentials()["aws_secret_access_key"],
            note="Sends to this app's local simulation (moto), not to AWS; it answers while "
            "the app runs, and only with the key below (this app's own, not an AWS key).",
        )
    at = f" at {connection.endpoint_url}" if connection.endpoint_url else ""
    return Where(
        region=connection.region,
        endpoint_url=connection.endpoint_url,
        note=f"Sends to Amazon SageMaker in {connection.region}{at}, with your AWS credentials.",
    )


def badge() -> None:
    connection = current()
    neo = client()
    if connection.local:
        st.warning(
            f"**Simulation.** {plain_with_addresses(connection.label)}. Nothing reaches AWS.",
            icon=":material/science:",
        )
    else:
        account_id, problem = account()
        st.info(
            f"AWS {plain(connection.region)} · account {plain(account_id or 'unknown')} · "
            f"profile {plain(connection.profile or 'default chain')}  \nEndpoint: "
            f"{code(neo.endpoint_url) if neo.endpoint_url else 'none (see below)'}",
            icon=":material/cloud:",
        )
        if problem:
            st.warning(
                f"{plain(problem)} (Test connection on Settings asks again.)",
                icon=":material/warning:",
            )
    if neo.error is not None:
        st.error(plain(neo.error.message), icon=":material/error:")
