"""The Drafts page's parts: drafts with content, found by search, opened, renamed, deleted
(with an undo)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.draft.model import DEFAULT_NAME, Draft
from core.jobs.store import DraftRecord
from core.knowledge.presets import in_use as preset_in_use
from core.spec.target import target_label
from ui import binding, keys, state
from ui.text import plain_with_addresses


@dataclass(frozen=True)
class Listed:
    """A stored draft as the page lists it: readable or not, and what it is about."""

    record: DraftRecord
    draft: Draft | None
    """None when the stored data cannot be read as a draft (it is listed, marked so)."""
    was_open: bool = False
    """Deleted while open in this tab (an undo opens it again)."""

    @property
    def title(self) -> str:
        if self.draft is None:
            return self.record.name or DEFAULT_NAME
        return self.draft.title

    @property
    def about(self) -> str:
        if self.draft is None:
            return "saved data that cannot be read"
        target = target_label(self.draft.target_api()) or "no target"
        draft = self.draft
        model = draft.model_package_arn if draft.model_kind == "package" else draft.model_s3_uri
        return f"target {target} · model {model or 'not given'}"

    def matches(self, query: str) -> bool:
        """Every word is in the name, the target, the model, the job name or the title of the
        preset in use (a Jetson TX2 draft's target reads LINUX / ARM64 / NVIDIA: "jetson"
        found it not)."""
        words = query.lower().split()
        preset = job = ""
        if self.draft is not None:
            chosen = preset_in_use(self.draft.preset, self.draft.target_api())
            preset = chosen.title if chosen else ""
            job = self.draft.job_name  # an imported draft is known by its job's name
        text = f"{self.title} {self.about} {self.record.name} {preset} {job}".lower()
        return all(word in text for word in words)


def _read(record: DraftRecord) -> Draft | None:
    """The stored draft, or None when its data cannot be read as one (it is listed so)."""
    try:
        return Draft.from_stored(record.data, record.id, record.name, record.step)
    except ValueError:
        return None


def listed() -> list[Listed]:
    """Stored drafts that hold something (untouched drafts from before are left out)."""
    found = []
    for record in state.store().list_drafts():
        draft = _read(record)
        if draft is None or draft.has_content() or draft.name != DEFAULT_NAME:
            found.append(Listed(record, draft))
    return found


def new_draft() -> None:
    """Opens a blank draft in the wizard, as Open does (it is saved once something changes,
    so staying here showed nothing new: the button looked dead)."""
    binding.replace_draft(Draft(), 0)
    st.session_state[keys.DRAFTS_GO_TO_WIZARD] = True


def open_draft(draft_id: str) -> None:
    record = state.store().load_draft(draft_id)
    if record is not None:
        draft = Draft.from_stored(record.data, record.id, record.name, record.step)
        binding.replace_draft(draft, record.version)
        st.session_state[keys.DRAFTS_GO_TO_WIZARD] = True


def delete_draft(draft_id: str) -> None:
    record = state.store().load_draft(draft_id)
    state.store().delete_draft(draft_id)
    # kept with its title, read once: the notice shows it on every run until Undo or the next
    was_open = state.current_draft().id == draft_id
    st.session_state[keys.DRAFTS_DELETED] = (
        Listed(record, _read(record), was_open) if record else None
    )
    if was_open:
        binding.replace_draft(Draft(), 0)


def undo_delete() -> None:
    """Puts the draft back, and back in this tab when it was open here and the blank draft
    that replaced it is still untouched (nothing saved under its id)."""
    deleted: Listed | None = st.session_state.pop(keys.DRAFTS_DELETED, None)
    if deleted is None:
        return
    state.store().restore_draft(deleted.record)
    untouched = state.store().load_draft(state.current_draft().id) is None
    if deleted.was_open and deleted.draft is not None and untouched:
        binding.replace_draft(deleted.draft, deleted.record.version + 1)


def deleted_notice() -> None:
    """'Deleted' with an Undo, until the next delete or undo."""
    deleted: Listed | None = st.session_state.get(keys.DRAFTS_DELETED)
    if deleted is None:
        return
    text_col, undo_col = st.columns([4, 1], vertical_alignment="center")
    text_col.success(
        f"Deleted the draft {plain_with_addresses(deleted.title)}.", icon=":material/delete:"
    )
    undo_col.button("Undo", on_click=undo_delete, icon=":material/undo:", width="stretch")


def rename(draft_id: str) -> None:
    name = state.typed_name(st.session_state.get(f"{keys.DRAFTS_NAME}{draft_id}", ""))
    name = name or DEFAULT_NAME
    version = state.store().rename_draft(draft_id, name)
    if state.current_draft().id == draft_id:
        state.current_draft().name = name
        st.session_state[keys.DRAFT_VERSION] = version


def draft_row(item: Listed, *, is_current: bool) -> None:
    record = item.record
    with st.container(border=True):
        name_col, open_col, delete_col = st.columns([4, 1, 1], vertical_alignment="bottom")
        with name_col:
            key = f"{keys.DRAFTS_NAME}{record.id}"
            title = state.fitting_name(item.title)
            if st.session_state.get(key) != title:  # renamed elsewhere (the sidebar)
                st.session_state[key] = title
            st.text_input("Name", key=key, on_change=rename, args=(record.id,))
            where = "open in this tab · " if is_current else ""
            st.caption(
                f"{where}{plain_with_addresses(item.about)} · step {record.step + 1} · saved "
                f"{record.updated_at[:19].replace('T', ' ')} UTC"
            )
        with open_col:
            st.button(
                "Open",
                key=f"{keys.DRAFTS_OPEN}{record.id}",
                on_click=open_draft,
                args=(record.id,),
                disabled=is_current or item.draft is None,
                width="stretch",
            )
        with delete_col:
            st.button(
                "Delete",
                key=f"{keys.DRAFTS_DELETE}{record.id}",
                on_click=delete_draft,
                args=(record.id,),
                width="stretch",
            )
