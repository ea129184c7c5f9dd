"""The Settings page's parts: choose the endpoint and test it."""

from __future__ import annotations

import streamlit as st

from core.connection import (
    Connection,
    available_profiles,
    local_connection,
    sagemaker_regions,
    test_connection,
)
from core.errors import AwsError
from ui import connection

DEFAULT_CHAIN = "(default credential chain)"


def _apply() -> None:
    if st.session_state["settings_mode"] == "local":
        connection.use(local_connection())
    else:
        profile = st.session_state["settings_profile"]
        connection.use(
            Connection(
                profile=None if profile == DEFAULT_CHAIN else profile,
                region=st.session_state["settings_region"],
                endpoint_url=st.session_state["settings_endpoint"].strip() or None,
                local=False,
            )
        )
    st.session_state.pop("settings_test", None)


def _test() -> None:
    try:
        identity = test_connection(connection.current())
        st.session_state["settings_test"] = ("ok", identity)
    except AwsError as exc:
        st.session_state["settings_test"] = ("error", exc.message)


def form() -> None:
    current = connection.current()
    st.radio(
        "Endpoint",
        ["local", "aws"],
        key="settings_mode",
        horizontal=True,
        index=0 if current.local else 1,
        format_func={
            "local": "Embedded local endpoint (simulation, no AWS account needed)",
            "aws": "Amazon SageMaker",
        }.get,
    )
    if st.session_state["settings_mode"] == "aws":
        st.caption(
            "Credentials come only from the standard AWS chain: environment, shared "
            "profiles, SSO, instance role. This app never asks for or stores a key."
        )
        profiles = [DEFAULT_CHAIN, *available_profiles()]
        st.selectbox(
            "Profile",
            profiles,
            key="settings_profile",
            index=profiles.index(current.profile) if current.profile in profiles else 0,
        )
        regions = sagemaker_regions()
        st.selectbox(
            "Region",
            regions,
            key="settings_region",
            index=regions.index(current.region) if current.region in regions else 0,
        )
        st.text_input(
            "Endpoint URL (optional)",
            key="settings_endpoint",
            value="" if current.local else (current.endpoint_url or ""),
            help="Leave empty for AWS's own endpoint; AWS_ENDPOINT_URL_SAGEMAKER "
            "is honoured as botocore does.",
        )
    st.button("Use these settings", on_click=_apply, type="primary")
    st.divider()
    st.markdown(f"**In use:** {current.label}")
    st.button("Test connection", on_click=_test, icon=":material/network_check:")
    result = st.session_state.get("settings_test")
    if result:
        (st.success if result[0] == "ok" else st.error)(result[1])
