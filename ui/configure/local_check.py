"""Check locally: Apache TVM compiles the draft's model on this server, before a paid job.

The Review step checks the draft's own target; Fleet checks every chosen target, at most
`check_runner.MAX_COMPILES` at once. A check runs in its own threads and processes
(`check_runner.LocalCheck`, kept in session state); a fragment polls it every second while it
runs, with a Cancel button, and the page is drawn again once it has ended.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from core.compile import CompileReport, map_target
from core.compile.inputs import LOCAL_FRAMEWORKS, frameworks_sentence
from core.compile.mapping import describe_target
from core.draft.model import Draft
from core.jobs import fleet
from core.model.common import size_text
from ui import connection, keys, state
from ui.configure import check_runner
from ui.configure.check_runner import WAITING, LocalCheck, ModelSource
from ui.configure.model_source import local_model
from ui.text import code, plain

STAGE_COLUMNS = ("imported", "built", "linked", "ran", "matched")


def check_source(draft: Draft) -> ModelSource | None:
    """The draft's model: the file read on this server while it is the one the draft names,
    else the S3 object the draft names (downloaded on the current connection)."""
    local = local_model()
    model = draft.known_model
    uri = draft.model_s3_uri.strip()
    if (
        local is not None
        and model is not None
        and model.s3_uri in ("", uri)
        and not model.names_other(uri)  # the job compiles what S3Uri names: check that one
    ):
        return ModelSource(local.label, path=local.path)
    if uri:
        return ModelSource(uri, s3_uri=uri)
    return None


def _why_not(draft: Draft, source: ModelSource | None) -> str:
    """Why the draft's model cannot be checked here ("" when it can)."""
    if draft.model_kind == "package":
        return (
            "A model package brings its model from the SageMaker Model Registry, which this "
            "check does not read: it compiles a model file, uploaded or in S3."
        )
    if draft.framework not in LOCAL_FRAMEWORKS:
        return frameworks_sentence(draft.framework)
    if source is None:
        return (
            "Choose the model on the Model step (upload it or give its path), or give its S3 "
            "URI, to check it here."
        )
    return ""


def _compared(api: dict[str, Any]) -> dict[str, Any]:
    return {k: api.get(k) for k in ("InputConfig", "OutputConfig")}


def _replace(key: str, check: LocalCheck) -> None:
    old: LocalCheck | None = st.session_state.get(key)
    if old is not None and old.id not in st.session_state.get(keys.CHECKS_FOUND, set()):
        old.close()  # one found after a reload may be followed in another tab: left to end
    st.session_state[key] = check
    check_runner.remember(check_runner.kept_as(key, state.current_draft().id), check)


def _check(key: str, draft: Draft) -> LocalCheck | None:
    """This tab's check, or, after a reload (a new session), the one started for this draft
    that still runs or is still held: found again instead of lost without a word. A check
    found this way is not cancelled when this tab opens another draft (another tab may be
    following it)."""
    check: LocalCheck | None = st.session_state.get(key)
    if check is None:
        check = check_runner.recall(check_runner.kept_as(key, draft.id), LocalCheck)
        if check is not None:
            st.session_state[key] = check
            st.session_state.setdefault(keys.CHECKS_FOUND, set()).add(check.id)
    return check


# ---- Review: the draft's target ---------------------------------------------------------------


def _start(source: ModelSource) -> None:
    draft = state.current_draft()
    plan = map_target(draft.output_config_api())
    target = (plan.name or "the target", draft.to_api())
    _replace(keys.LOCAL_CHECK, LocalCheck([target], source, connection.current(), workers=1))


def review_panel(draft: Draft, api: dict[str, Any]) -> None:
    """api: the draft's request, as Review already made it this run."""
    with st.container(border=True):
        st.markdown("**Check locally** (free: Apache TVM compiles the model on this server)")
        check = _check(keys.LOCAL_CHECK, draft)
        if check is not None and check.running:
            _follow()
            return
        plan = map_target(api["OutputConfig"])
        source = check_source(draft)
        why = _why_not(draft, source)
        if not plan.buildable:
            name = plan.name or "this target"
            st.info(
                f"TVM cannot build for {plain(name)}: {plain(plan.reason)} Nothing was started.",
                icon=":material/block:",
            )
        elif why:
            st.info(plain(why), icon=":material/info:")
        elif source is not None:
            st.caption(
                f"Compiles {plain(source.label)} for {plain(plan.name)} "
                f"({plain(describe_target(plan))}); where this machine runs the code too, it "
                "runs it and compares with a reference runtime."
            )
            st.button("Check locally", on_click=_start, args=(source,), icon=":material/memory:")
        if check is not None:
            _outcome(check, api)


@st.fragment(run_every=1.0)
def _follow() -> None:
    check: LocalCheck | None = st.session_state.get(keys.LOCAL_CHECK)
    if check is None or not check.running:
        st.rerun()
    run = check.runs[0]
    done, total = check.fetched
    elapsed = f"{time.monotonic() - check.started:.0f} s"
    if run.state == WAITING and total:
        text = f"Downloading the model: {size_text(done)} of {size_text(total)} ({elapsed})"
        st.progress(min(done / total, 1.0), text=text)
    else:
        st.info(f"{plain(run.progress() or run.state)} ({elapsed})", icon=":material/sync:")
    st.button("Cancel", on_click=check.cancel, key=keys.LOCAL_CHECK_CANCEL, icon=":material/stop:")


def _outcome(check: LocalCheck, api: dict[str, Any]) -> None:
    run = check.runs[0]
    if run.report is None:
        if run.state == check_runner.CANCELLED:
            st.warning(f"The check stopped: {plain(run.message)}", icon=":material/stop_circle:")
        elif run.message:
            st.error(plain(run.message), icon=":material/error:")
        return
    if _compared(run.request) != _compared(api):  # said first: the report's verdict below
        # read as the current draft's
        st.warning(
            f"This check was of the draft as it was (target {plain(run.report.target)}); the "
            "draft changed since. Check again to check what it holds now.",
            icon=":material/history:",
        )
    show_report(run.report)


def show_report(report: CompileReport) -> None:
    """What the compile proved: verdict, each stage with its reason, size and timings."""
    if report.cancelled:
        st.warning(f"The check stopped: {plain(report.reason)}", icon=":material/stop_circle:")
    elif report.ok:
        st.success(
            f"Every stage possible for {plain(report.target)} passed.",
            icon=":material/check_circle:",
        )
    else:
        st.error(plain(report.reason), icon=":material/error:")
    for stage in report.stages:
        status: str = stage.status
        if report.cancelled and status == "failed" and stage.reason == report.interruption:
            status = "stopped"  # the stage the check was stopped in did not fail
        icon = _ICONS.get(status, "")
        took = f" ({stage.seconds:.1f} s)" if stage.seconds >= 0.05 else ""
        st.markdown(f"{icon} **{stage.name}** {status}{took}: {plain(stage.reason)}")
    facts = _facts(report)
    if facts:
        measures = [{"Measure": label, "Value": value} for label, value in facts]
        st.dataframe(measures, hide_index=True, width="stretch")
    if report.artifact:
        st.caption(f"Artifact: {code(report.artifact.rsplit('/', 1)[-1])}")
    for note in report.notes:
        st.caption(plain(note))


_ICONS = {
    "passed": ":green[:material/check_circle:]",
    "failed": ":red[:material/cancel:]",
    "skipped": ":gray[:material/do_not_disturb_on:]",
    "stopped": ":orange[:material/stop_circle:]",
}


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if 1024 <= count < 1 << 20 else size_text(count)


def _facts(report: CompileReport) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    size = report.manifest.get("artifact_bytes")
    if isinstance(size, int):
        facts.append(("Artifact size", _size(size)))
    seen = report.verification
    if "max_abs_diff" in seen:
        facts.append(("Max abs difference", f"{seen['max_abs_diff']:.2g}"))
    if "tvm_median_ms" in seen:
        facts.append(("TVM median", f"{seen['tvm_median_ms']:.3f} ms"))
    if "reference_median_ms" in seen:
        reference = seen.get("reference", "reference")
        facts.append((f"{reference} median", f"{seen['reference_median_ms']:.3f} ms"))
    return facts


# ---- Fleet: every chosen target ----------------------------------------------------------------


def _start_fleet(source: ModelSource, targets: list[str]) -> None:
    draft = state.current_draft()
    labels = dict(fleet.target_keys())
    planned = [(labels.get(k, k), fleet.member_draft(draft, k).to_api()) for k in targets]
    _replace(keys.FLEET_CHECK, LocalCheck(planned, source, connection.current()))


def fleet_panel(draft: Draft, targets: list[str]) -> None:
    st.subheader("Check locally")
    st.caption(
        "Apache TVM compiles the draft's model for every chosen target on this server, at most "
        f"{check_runner.MAX_COMPILES} at once; a target it cannot build says why without "
        "starting anything. Free, and before any job is paid for."
    )
    check = _check(keys.FLEET_CHECK, draft)
    if check is not None and check.running:
        _follow_fleet()
        return
    source = check_source(draft)
    why = _why_not(draft, source)
    if why:
        st.caption(plain(why))
    st.button(
        "Check every target locally",
        on_click=_start_fleet,
        args=(source, targets),
        disabled=bool(why) or not targets,
        icon=":material/memory:",
        help=None if targets else "Choose targets above first.",
    )
    if check is not None:
        fleet_table(check)


@st.fragment(run_every=1.0)
def _follow_fleet() -> None:
    check: LocalCheck | None = st.session_state.get(keys.FLEET_CHECK)
    if check is None or not check.running:
        st.rerun()
    fleet_table(check)
    st.button("Cancel the checks", on_click=check.cancel, key=keys.FLEET_CHECK_CANCEL)


def fleet_table(check: LocalCheck) -> None:
    """One row a target: what each stage did, and why it ended where it did."""
    rows = []
    for run in check.runs:
        report = run.report
        row = {"Target": run.label, "Check": run.state}
        for name in STAGE_COLUMNS:
            row[name] = report.stage(name).status if report is not None else ""
        row["Reason"] = (report.reason if report is not None else run.progress()) or ""
        rows.append(row)
    narrow = {name: st.column_config.TextColumn(width="small") for name in STAGE_COLUMNS}
    st.dataframe(  # the reason is the one cell read whole: it was cut at 1280 px
        rows,
        hide_index=True,
        width="stretch",
        column_config={**narrow, "Reason": st.column_config.TextColumn(width="large")},
    )
