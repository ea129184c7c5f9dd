"""Settings: which SageMaker endpoint the app talks to, and a test of it."""

import streamlit as st

from ui import settings, sidebar

st.title("Settings")
sidebar.conflict_banner()
settings.form()
