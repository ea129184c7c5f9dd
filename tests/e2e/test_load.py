"""Load (issue 12): 20 sessions at once, each taking a preset's draft to Review and submitting it
on the local endpoint, over Streamlit's websocket as tabs do. Bounded in count and time, loopback
only. Asserted: no exception on any page, one job per session, and no draft lost."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bench.ws_client import Tab, run_async, serve
from core.draft.model import Draft
from core.draft.share import to_token
from core.knowledge.presets import presets

SESSIONS = 20
TIME_LIMIT_S = 240


def draft_for(index: int) -> Draft:
    """A complete request on one of the presets (TensorFlow shapes every target takes)."""
    draft = Draft(
        name=f"load-{index}",
        model_s3_uri=f"s3://my-bucket/models/model-{index}.tar.gz",
        framework="TENSORFLOW",
        output_s3=f"s3://my-bucket/compiled/{index}/",
        role_arn="arn:aws:iam::123456789012:role/SageMakerRole",
    )
    draft.input_shapes = '{"input": [1, 224, 224, 3]}'
    draft.apply_preset(presets()[index % len(presets())])
    return draft


async def session(url: str, index: int) -> list[str]:
    """One tab: open its shared draft, walk to Review, submit once; the buttons it saw."""
    tab = Tab(url, f"d={to_token(draft_for(index))}")
    await tab.open()
    for _ in range(4):
        await tab.click("Next")
    await tab.click("Submit compilation job")
    seen = list(tab.last.buttons) if tab.last else []
    await tab.close()
    return seen


def test_twenty_sessions_each_submit_one_job_and_keep_their_draft(tmp_path: Path) -> None:
    """20 concurrent sessions: every page runs without an exception (the client raises on one),
    each session's draft is stored whole and its one job is recorded as submitted."""
    with serve("app.py", tmp_path) as server:

        async def everyone() -> list[list[str]]:
            runs = (session(server.url, index) for index in range(SESSIONS))
            return await asyncio.wait_for(asyncio.gather(*runs), TIME_LIMIT_S)

        seen = run_async(everyone())
        database = tmp_path / "data" / "neo-configurator.sqlite3"
        with sqlite3.connect(database) as conn:
            drafts = {row[0]: row[1] for row in conn.execute("SELECT name, data FROM drafts")}
            jobs = conn.execute("SELECT job_name, state, request FROM jobs").fetchall()
    assert all("Submit compilation job" in buttons for buttons in seen)
    names = {f"load-{index} (shared)" for index in range(SESSIONS)}
    assert set(drafts) == names
    for index in range(SESSIONS):
        stored = Draft.model_validate_json(drafts[f"load-{index} (shared)"])
        assert stored.model_s3_uri == f"s3://my-bucket/models/model-{index}.tar.gz"
    assert len(jobs) == SESSIONS
    assert {state for _, state, _ in jobs} == {"submitted"}
    assert len({name for name, _, _ in jobs}) == SESSIONS
    models = sorted(row[2].split('"S3Uri": "')[1].split('"')[0] for row in jobs)
    assert models == sorted(f"s3://my-bucket/models/model-{i}.tar.gz" for i in range(SESSIONS))
