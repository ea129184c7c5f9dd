"""The Settings page's parts: choose the endpoint and test it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.aws.connection import (
    Connection,
    available_profiles,
    local_connection,
    sagemaker_regions,
    test_connection,
)
from core.aws.endpoints import endpoint_url_problem, needs_confirmation, typed_url
from core.aws.profiles import profile_region
from core.errors import AwsError
from ui import connection, keys
from ui.text import code, plain_with_addresses

DEFAULT_CHAIN = "(default credential chain)"


@dataclass(frozen=True)
class TestResult:
    """What the last Test connection said."""

    ok: bool
    message: str


def _form_connection() -> Connection:
    """The connection the form describes (which may not be the one in use yet)."""
    if st.session_state.get(keys.SETTINGS_MODE, "local") == "local":
        return local_connection()
    profile = st.session_state.get(keys.SETTINGS_PROFILE, DEFAULT_CHAIN)
    return Connection(
        profile=None if profile == DEFAULT_CHAIN else profile,
        region=st.session_state[keys.SETTINGS_REGION],
        endpoint_url=typed_url(st.session_state.get(keys.SETTINGS_ENDPOINT, "")) or None,
        local=False,
    )


def _endpoint_problem() -> str | None:
    """Checked before saving: botocore refuses a URL without http(s)://, on every later call."""
    if st.session_state.get(keys.SETTINGS_MODE) != "aws":
        problem = None
    else:
        problem = endpoint_url_problem(
            typed_url(st.session_state.get(keys.SETTINGS_ENDPOINT, "")),
            st.session_state.get(keys.SETTINGS_REGION),
        )
    st.session_state[keys.SETTINGS_ENDPOINT_PROBLEM] = problem
    return problem


def _check_endpoint() -> None:
    _endpoint_problem()


def _apply() -> None:
    st.session_state.pop(keys.SETTINGS_TEST, None)
    if _endpoint_problem():
        return
    chosen = _form_connection()
    confirmed: set[str] = st.session_state.get(keys.SETTINGS_CONFIRMED, set())
    if needs_confirmation(chosen.endpoint_url) and chosen.endpoint_url not in confirmed:
        st.session_state[keys.SETTINGS_CONFIRMING] = chosen
        return
    connection.use(chosen)


def _confirm(chosen: Connection) -> None:
    """The user agreed once to send signed requests to this host; it is used from now on."""
    confirmed = set(st.session_state.get(keys.SETTINGS_CONFIRMED, set()))
    confirmed.add(chosen.endpoint_url or "")
    st.session_state[keys.SETTINGS_CONFIRMED] = confirmed
    st.session_state.pop(keys.SETTINGS_CONFIRMING, None)
    connection.use(chosen)


def _cancel_confirm() -> None:
    st.session_state.pop(keys.SETTINGS_CONFIRMING, None)


def _profile_chosen() -> None:
    """A profile brings its own region (as the AWS CLI would use it), shown and used."""
    profile = st.session_state.get(keys.SETTINGS_PROFILE, DEFAULT_CHAIN)
    region = profile_region(None if profile == DEFAULT_CHAIN else profile)
    if region and region in sagemaker_regions():
        st.session_state[keys.SETTINGS_REGION] = region


def confirmation() -> None:
    """Asks, once per host, before signed requests go to an endpoint that is not AWS's."""
    chosen: Connection | None = st.session_state.get(keys.SETTINGS_CONFIRMING)
    if chosen is None:
        return
    st.warning(
        f"Requests signed with your AWS credentials would go to {code(chosen.endpoint_url)}, "
        "which is not an AWS endpoint. Use it only if you trust that server.",
        icon=":material/gpp_maybe:",
    )
    yes, no, _ = st.columns([2, 1, 2])
    yes.button("Yes, send my requests there", on_click=_confirm, args=(chosen,), type="primary")
    no.button("Cancel", on_click=_cancel_confirm)


def _test() -> None:
    """Tests what the form says, so a user can check a profile before switching to it."""
    if _endpoint_problem():
        st.session_state[keys.SETTINGS_TEST] = TestResult(
            False,
            "Fix the endpoint URL first: Test connection tests the settings in the form, and "
            f"the connection in use ({connection.current().label}) is unchanged.",
        )
        return
    tested = _form_connection()
    in_use = tested == connection.current()
    note = "" if in_use else " (This tested the form; press Use these settings to use it.)"
    try:
        st.session_state[keys.SETTINGS_TEST] = TestResult(True, test_connection(tested) + note)
    except AwsError as exc:  # said for every page ("... on Settings"): this one is Settings
        said = exc.message.replace(" on Settings", " in the form above")
        st.session_state[keys.SETTINGS_TEST] = TestResult(False, said + note)
    if in_use:
        connection.forget()  # the sidebar asks again who the caller is


def form() -> None:
    current = connection.current()
    st.radio(
        "Endpoint",
        ["local", "aws"],
        key=keys.SETTINGS_MODE,
        horizontal=True,
        index=0 if current.local else 1,
        format_func={
            "local": "Embedded local endpoint (simulation, no AWS account needed)",
            "aws": "Amazon SageMaker",
        }.get,
    )
    if st.session_state[keys.SETTINGS_MODE] == "aws":
        st.caption(
            "Credentials come only from the standard AWS chain: environment, shared "
            "profiles, SSO, instance role. This app never asks for or stores a key."
        )
        profiles = [DEFAULT_CHAIN, *available_profiles()]
        st.selectbox(
            "Profile",
            profiles,
            key=keys.SETTINGS_PROFILE,
            index=profiles.index(current.profile) if current.profile in profiles else 0,
            on_change=_profile_chosen,
        )
        regions = sagemaker_regions()
        st.selectbox(
            "Region",
            regions,
            key=keys.SETTINGS_REGION,
            index=regions.index(current.region) if current.region in regions else 0,
            on_change=_check_endpoint,
        )
        st.text_input(
            "Endpoint URL (optional)",
            key=keys.SETTINGS_ENDPOINT,
            value="" if current.local else (current.endpoint_url or ""),
            on_change=_check_endpoint,
            help="Leave empty for AWS's own endpoint; AWS_ENDPOINT_URL_SAGEMAKER "
            "is honoured as botocore does.",
        )
        problem = st.session_state.get(keys.SETTINGS_ENDPOINT_PROBLEM)
        if problem:
            st.error(plain_with_addresses(problem), icon=":material/error:")
    st.button("Use these settings", on_click=_apply, type="primary")
    confirmation()
    st.divider()
    st.markdown(f"**In use:** {plain_with_addresses(current.label)}")
    st.button("Test connection", on_click=_test, icon=":material/network_check:")
    result: TestResult | None = st.session_state.get(keys.SETTINGS_TEST)
    if result:
        (st.success if result.ok else st.error)(plain_with_addresses(result.message))
