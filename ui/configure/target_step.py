"""Step 2, Target: a device or a platform (never both), or a preset that sets target and options."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.draft.model import Draft
from core.errors import Problem
from core.knowledge.devices import FAMILY_TITLES
from core.knowledge.presets import in_use as preset_in_use
from core.knowledge.presets import presets
from core.spec import catalog, service
from core.spec.options import CompilerOptionsBase
from ui import binding, keys, state
from ui.configure.options_step import refresh_options
from ui.text import code, plain
from ui.widgets import field_problems, with_current

CPU_ONLY = "None (CPU)"
"""The empty Accelerator, short: "CPU only (no accelerator)" was cut off in its third of the row."""


def _show_new_target() -> None:
    """The draft's target changed under the step: its widgets and the options form are drawn
    anew under new keys (`binding.refresh`), not re-seeded under the same ones: a Next clicked
    before the browser drew the preset sent the choices shown before it, whose callbacks then
    undid the preset (Jetson Nano's click compiled for rasp3b, 4 of 16 hurried walks)."""
    state.save()
    binding.refresh()
    refresh_options()


def _apply_preset(preset_id: str) -> None:
    draft = state.current_draft()
    draft.apply_preset(next(p for p in presets() if p.id == preset_id))
    _show_new_target()


def preset_gallery(draft: Draft) -> None:
    """One button a preset, its description in its tooltip, and the preset in use described in
    full: each element of a run costs the server a hand-off and the browser a render, and a
    preset click redraws them all."""
    with st.expander("Or start from a preset: target and options in one click", expanded=True):
        in_use = preset_in_use(draft.preset, draft.target_api())
        if in_use is not None:
            st.caption(
                f":green-badge[in use] **{plain(in_use.title)}**: {plain(in_use.line)}"
                + (f". {plain(in_use.why)}" if in_use.why else "")
            )
        with st.container(horizontal=True, wrap=True):  # each button as wide as its title
            for item in presets():
                st.button(
                    f"Use {item.title}",
                    key=f"preset_{item.id}",
                    on_click=_apply_preset,
                    args=(item.id,),
                    help=" ".join(filter(None, (f"{item.line}.", item.why or item.fixed))),
                    type="primary" if item is in_use else "secondary",
                )


def _device_label(value: str) -> str:
    device = catalog.device(value)
    return f"{FAMILY_TITLES.get(device.family, 'Other')} · {device.label}"


def _kind_changed() -> None:
    """Device or platform: from a platform preset, "device" picks the preset's board."""
    draft = state.current_draft()
    _say_removed(draft, draft.switch_target_kind(draft.target_kind))
    _show_new_target()


def _say_removed(draft: Draft, dropped: list[str]) -> None:
    """Options a target change dropped are said once, above the step."""
    if dropped:
        st.session_state[keys.TARGET_NOTICE] = (
            f"Removed {', '.join(dropped)}: the reference gives "
            f"{'no such option' if len(dropped) == 1 else 'none of them'} for "
            f"{draft.options_model().title}."
        )


def _bind_target(name: str, field: str) -> dict[str, Any]:
    """A target field: a new Os, Arch, Accelerator or device drops the options the old target
    documented and the new one does not (stale ones), and says so; the user's own keys stay."""
    earlier: list[type[CompilerOptionsBase]] = []

    def changed() -> None:
        draft = state.current_draft()
        dropped = draft.fit_options_to_target(earlier.pop()) if earlier else []
        if dropped:
            state.save()
            _say_removed(draft, dropped)
        refresh_options()

    return binding.bind(
        name,
        field,
        before=lambda: earlier.append(state.current_draft().options_model()),
        after=changed,
        choice=True,
    )


def target_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Target")
    st.radio(
        "Compile for",
        ["device", "platform"],
        horizontal=True,
        format_func={
            "device": "A device (TargetDevice)",
            "platform": "A platform (TargetPlatform: Os, Arch, Accelerator)",
        }.get,
        help="The API takes one or the other, never both. Use a platform for a board that is "
        "not in the device list.",
        **binding.bind("target_kind", "target_kind", after=_kind_changed, choice=True),
    )
    notice = st.session_state.pop(keys.TARGET_NOTICE, None)
    if notice:
        st.info(plain(notice), icon=":material/auto_fix_high:")
    if draft.target_kind == "device":
        device_picker(draft, problems)
    else:
        platform_picker(draft, problems)
    field_problems(problems, "OutputConfig", exact=True)
    # The model's framework on this target (TFLite on ml_c5, ONNX on ml_inf2): said where the
    # target is chosen too, not only beside Framework on the step already left.
    field_problems([p for p in problems if FRAMEWORK_ON_TARGET in p.message], "InputConfig")
    preset_gallery(draft)


FRAMEWORK_ON_TARGET = "(rule framework-target/"
"""How the rules about a framework on a target end their messages (rules.toml)."""


def device_picker(draft: Draft, problems: list[Problem]) -> None:
    values, label = with_current(
        [d.value for group in catalog.devices_by_family().values() for d in group],
        draft.device,
        _device_label,
    )
    st.selectbox(
        "Device *",
        values,
        format_func=label,
        help="Type to search. Grouped by family: cloud instances, edge boards, phones, other.",
        **_bind_target("device", "device"),
    )
    device = catalog.device(draft.device)
    st.caption(f"API value {code(device.value)} · family: {FAMILY_TITLES.get(device.family)}")
    if device.note and not any(p.message == device.note for p in problems):
        st.info(device.note, icon=":material/info:")  # a request not checked yet says none
    field_problems(problems, "OutputConfig.TargetDevice")


def platform_picker(draft: Draft, problems: list[Problem]) -> None:
    os_col, arch_col, acc_col = st.columns(3)
    with os_col:
        values, label = with_current(list(service.os_values()), draft.platform_os)
        st.selectbox(
            "Os *",
            values,
            format_func=label,
            **_bind_target("os", "platform_os"),
        )
    with arch_col:
        values, label = with_current(list(service.arch_values()), draft.platform_arch)
        st.selectbox(
            "Arch *",
            values,
            format_func=label,
            **_bind_target("arch", "platform_arch"),
        )
    offered: list[str] = [
        a or "" for a in catalog.accelerators_for(draft.platform_os, draft.platform_arch)
    ]
    current = draft.platform_accelerator
    choices = offered if current in offered else [*offered, current]
    accelerator_key = binding.widget_key("accelerator")
    if st.session_state.get(accelerator_key) not in choices:  # not drawn yet, or out of date
        st.session_state[accelerator_key] = current
    with acc_col:
        st.selectbox(
            "Accelerator",
            choices,
            format_func=lambda a: (a or CPU_ONLY) + ("" if a in offered else " (not valid here)"),
            help="Only the accelerators Neo documents for this Os and Arch are offered.",
            **_bind_target("accelerator", "platform_accelerator"),
        )
    supported = ", ".join(  # the accelerators alone: the pair was said once per item
        acc or CPU_ONLY
        for os_, arch, acc in catalog.valid_platforms()
        if os_ == draft.platform_os and arch == draft.platform_arch
    )
    st.caption(
        f"Neo documents {plain(draft.platform_os)} {plain(draft.platform_arch)} with: "
        f"{plain(supported or 'nothing')}"
    )
    field_problems(problems, "OutputConfig.TargetPlatform")
