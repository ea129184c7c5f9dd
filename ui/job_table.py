"""The Jobs page's table: one row a job; a click selects the job by its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st

from core.aws.responses import JobSummary
from ui import keys


@dataclass(frozen=True)
class _Picked:
    """The table (by its key) and the rows picked in it, to tell a new click from an old one."""

    table: str
    rows: tuple[int, ...]


def rows(jobs: list[JobSummary]) -> list[dict[str, Any]]:
    return [
        {
            "Job": job.name,
            "Status": job.status,
            "Target": job.target_label,
            "Created": when(job.created),
            "Ended": when(job.ended),
        }
        for job in jobs
    ]


def when(moment: datetime | None) -> str:
    """A time as the table shows it; blank for none (a running job has not ended), not
    "None"."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z").strip() if moment else ""


def jobs_table(jobs: list[JobSummary]) -> None:
    """The jobs table. A click selects a job by name: the table's key follows the names shown,
    so a selection made on one list never lands on another job once the list changes."""
    names = [job.name for job in jobs]
    key = "jobs_table_" + hashlib.sha1("\n".join(names).encode()).hexdigest()[:12]
    event = st.dataframe(
        rows(jobs),
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )
    picked = _Picked(key, tuple(event.selection.rows) if event and event.selection else ())
    if st.session_state.get(keys.JOBS_PICKED) != picked:
        st.session_state[keys.JOBS_PICKED] = picked
        if picked.rows and picked.rows[0] < len(names):
            st.session_state[keys.JOBS_SELECTED] = names[picked.rows[0]]
