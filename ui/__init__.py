"""Streamlit glue shared by the pages: session state, the draft binding, the sidebar."""
