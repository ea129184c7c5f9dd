"""The model read, as a person checks it: each input as the file declares it, and where
each fact (framework, version, the file read) came from."""

from __future__ import annotations

import streamlit as st

from core.draft.model_ref import ModelRef
from core.model.common import dims_text
from core.model.types import STATED
from ui.text import code, plain

TABLED = frozenset({"inputs", "shapes", "dtypes"})
"""Facts whose values the inputs table shows: their row says so rather than stand empty."""


def model_table(model: ModelRef, held: bool = True) -> None:
    """Each input as the file declares it, and where each fact came from; held: whether this
    tab holds the file (a shared link keeps what was read, not the file)."""
    read = f"Read from {plain(model.origin)}"
    if "file" in model.sources:  # a member of an archive
        read += f": the file {code(model.file)} inside it"
    read += "."
    if not held and not model.s3_uri:
        read += (
            " The draft keeps what was read, not the file, and this tab does not hold it: "
            "choose the model again above to upload it to S3 or to check the request locally."
        )
    st.caption(read)
    rows = [
        {
            "Input": item.name,
            "Shape": dims_text(item.shape),
            "Element type": item.dtype or "unknown",
            "Layout (inferred)": item.layout or "not told",
            "Dynamic dimensions": ", ".join(str(i) for i in item.to_input().dynamic_dims)
            or ("shape not stored" if item.shape is None else "none"),
        }
        for item in model.inputs
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    sources = dict(model.sources)
    facts = [
        {
            "Fact": "Framework",
            "Value": model.framework,
            "Where it came from": sources.pop("framework", "the file's format"),
        },
        {
            "Fact": "Framework version",
            "Value": model.framework_version or "not stated in the file",
            "Where it came from": sources.pop("framework_version", ""),
        },
        {
            "Fact": "File read",
            "Value": model.file,
            "Where it came from": sources.pop("file", model.origin),
        },
        *(
            {
                "Fact": k,
                "Value": v if k in STATED else "the inputs above" if rows and k in TABLED else "",
                "Where it came from": "stated in the file" if k in STATED else v,
            }
            for k, v in sources.items()
        ),
    ]
    st.dataframe(
        facts,
        hide_index=True,
        width="stretch",
        column_config={
            "Fact": st.column_config.TextColumn(width=120),
            "Value": st.column_config.TextColumn(width=130),
            "Where it came from": st.column_config.TextColumn(width="large"),
        },
    )
    for note in model.notes:
        st.caption(plain(note))
