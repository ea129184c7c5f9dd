"""Settings: which SageMaker endpoint the app talks to, and a test of it."""

import streamlit as st

from ui import settings

st.title("Settings")
settings.form()
