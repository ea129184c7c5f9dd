"""Baseline for ws_load: a minimal `st.navigation` app with one page (a button, a text input and a
code block), the issue's yardstick for what one interaction costs Streamlit itself."""

import json

import streamlit as st


def _next() -> None:
    st.session_state["clicks"] = st.session_state.get("clicks", 0) + 1


def minimal_page() -> None:
    st.button("Next", on_click=_next, type="primary")
    st.text_input("Model artifact (S3 URI)", key="model")
    state = {"clicks": st.session_state.get("clicks", 0), "model": st.session_state.get("model")}
    st.code(json.dumps(state, indent=2), language="json")


st.navigation([st.Page(minimal_page, title="Minimal", default=True)]).run()
