"""Baseline for click_to_preview: the same kind of update (a button fills a JSON preview)."""

import json

import streamlit as st

TARGETS = {
    "Use Jetson TX2": {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}},
    "Use RK3399": {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"}},
}


def choose(label: str) -> None:
    st.session_state["chosen"] = TARGETS[label]


for label in TARGETS:
    st.button(label, on_click=choose, args=(label,))
st.code(json.dumps(st.session_state.get("chosen", {}), indent=2), language="json")
