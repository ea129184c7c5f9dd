"""The one canonical draft per browser tab, kept under a key no widget owns, and autosaved.

A draft is saved the first time it is changed (opening the app saves nothing), then on every
change, with compare-and-set: when another tab saved the same draft meanwhile, this tab's save is
refused and the user chooses (reload the stored draft, or keep this copy as a new draft). While
a draft is stored, its address `?draft=<id>` stays in the URL on every page, so a reload or a
server restart brings it back. Widgets edit the draft through `ui.binding`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import streamlit as st

from core.draft.model import Draft
from core.draft.names import default_job_name
from core.draft.share import from_token
from core.errors import NeoConfigError
from core.jobs.store import DraftConflict, DraftRecord, Store, StoreError
from core.jsontext import content_key
from ui import keys


@dataclass(frozen=True)
class Conflict:
    """This tab's copy and the stored draft it could not overwrite."""

    draft_id: str
    stored: DraftRecord | None


@st.cache_resource
def store() -> Store:
    """The SQLite store is shared by every session; it holds drafts and job records, no secrets.
    One that cannot be used gives way to a store in memory, which says why (`store_problem`)."""
    try:
        return Store.default()
    except StoreError as exc:
        return Store.in_memory(exc.message)


def store_problem() -> str:
    """Why drafts are not being saved ("" while they are)."""
    return store().problem


def current_draft() -> Draft:
    if keys.DRAFT not in st.session_state:
        st.session_state[keys.DRAFT] = _initial_draft()
    draft: Draft = st.session_state[keys.DRAFT]
    _keep_address(draft)
    return draft


def page_changed(page: str) -> bool:
    """Whether this full run draws another page than the last one did (the page is entered;
    not on a session's first run, which has nothing from before)."""
    last = st.session_state.get(keys.PAGE_RUN)
    st.session_state[keys.PAGE_RUN] = page
    return last is not None and last != page


def address() -> dict[str, str]:
    """The open draft's URL parameters for a page switch: its id once it is stored (a blank
    draft's id in the URL would open "That draft no longer exists" on a reload)."""
    return {"draft": current_draft().id} if st.session_state.get(keys.DRAFT_VERSION) else {}


def _keep_address(draft: Draft) -> None:
    """Puts the stored draft's address back in the URL (a page switch drops it)."""
    if st.session_state.get(keys.DRAFT_VERSION) and st.query_params.get("draft") != draft.id:
        st.query_params["draft"] = draft.id


def _initial_draft() -> Draft:
    """A shared link wins, then the draft named in the URL, then a new draft (not saved yet)."""
    params = st.query_params
    token = params.get("d")
    if token:
        del st.query_params["d"]
        try:
            draft = from_token(token)
        except NeoConfigError as exc:
            st.session_state[keys.DRAFT_NOTICE] = exc.message
            return Draft()
        opened = _open_stored(draft.id)  # this link was opened before: that draft, not a copy
        if opened is not None:
            return opened
        draft.name = fitting_name(f"{draft.title} (shared)")  # "Untitled draft (shared)" was
        # the name of every unnamed draft shared
        draft.job_name = default_job_name()  # a copy is a new job, never a resubmission
        persist(draft)
        return draft
    draft_id = params.get("draft")
    if draft_id:
        opened = _open_stored(draft_id)
        if opened is not None:
            return opened
        if keys.DRAFT_NOTICE not in st.session_state:
            st.session_state[keys.DRAFT_NOTICE] = "That draft no longer exists; this is a new one."
        del st.query_params["draft"]
    return Draft()


def _open_stored(draft_id: str) -> Draft | None:
    """The stored draft of that id, or None; one that cannot be read is kept in the store,
    untouched, and its raw text is shown with a message (never a traceback)."""
    try:
        record = store().load_draft(draft_id)
    except StoreError as exc:
        st.session_state[keys.DRAFT_NOTICE] = exc.message
        return None
    if record is None:
        return None
    try:
        draft = Draft.from_stored(record.data, record.id, record.name, record.step)
    except ValueError:
        st.session_state[keys.DRAFT_NOTICE] = (
            f"The saved draft {record.id} cannot be opened: some of its values are not ones a "
            "draft can hold. Its saved text is below; copy what you need into Import. This is "
            "a new draft."
        )
        st.session_state[keys.DRAFT_UNREADABLE] = json.dumps(record.data, indent=2)[:100_000]
        return None
    _stored_at(record.version, record.data)
    return draft


def _stored_at(version: int, data: dict[str, object] | None) -> None:
    """This tab's draft is the stored one at version, with that content (None: not known)."""
    st.session_state[keys.DRAFT_VERSION] = version
    st.session_state[keys.DRAFT_CONTENT] = None if data is None else _digest(data)


def _digest(data: dict[str, object]) -> str | None:
    key = content_key(data)
    return None if key is None else hashlib.sha1(key.encode()).hexdigest()


def persist(draft: Draft) -> None:
    """Saves draft unless another tab saved it meanwhile (then the conflict waits for a choice)."""
    conflict: Conflict | None = st.session_state.get(keys.DRAFT_CONFLICT)
    if conflict is not None and conflict.draft_id == draft.id:
        return  # nothing is written until the user has chosen
    expected = st.session_state.get(keys.DRAFT_VERSION, 0)
    data = draft.model_dump(mode="json")
    try:
        version = store().save_draft(draft.id, draft.name, data, draft.step, expected)
    except DraftConflict as exc:
        stored = exc.stored
        known = st.session_state.get(keys.DRAFT_CONTENT)
        if stored is not None and known is not None and _digest(stored.data) == known:
            # only the name moved on (renamed on Drafts in another tab): taken, and this
            # tab's edit saved over it; another edit in between is a conflict as ever
            draft.name = stored.name
            _stored_at(stored.version, stored.data)
            persist(draft)
            redraw_page()  # the sidebar shows the name
            return
        st.session_state[keys.DRAFT_CONFLICT] = Conflict(draft.id, exc.stored)
        st.toast(  # the banner is at the top of the page; the edit may be far below it
            "This draft was changed or deleted in another tab: this tab's changes are not "
            "being saved. The top of the page says how to keep them.",
            icon=":material/sync_problem:",
            duration="long",
        )
        return
    except StoreError as exc:  # the edit stays in this tab; the sidebar says it is not saved
        st.session_state[keys.DRAFT_NOTICE] = f"This change is not saved: {exc.message}"
        return
    _stored_at(version, data)
    _keep_address(draft)


def redraw_page() -> None:
    """Asks for a run of the whole page after a fragment's run: the draft was replaced (or
    renamed) in a callback there, and the sidebar and the other fragments show the one before."""
    st.session_state[keys.PAGE_REDRAW] = True


def page_redraw_asked() -> bool:
    """Whether a run of the whole page is owed (and no longer, once asked)."""
    return bool(st.session_state.pop(keys.PAGE_REDRAW, False))


def save() -> None:
    persist(current_draft())


def open_draft(draft: Draft, version: int | None = None, *, carry_over: bool = False) -> None:
    """Makes draft this tab's draft. version is the stored one's when draft is opened as it was
    stored (0: saved on its first change); None when its content is new (an import into this
    tab's draft, a clone), which is saved now, over the current draft's version when it keeps
    its id: a reload brings back what was imported.

    Widgets must be re-seeded too: `binding.replace_draft` does both. What belonged to the
    draft open before (a check, an import report) goes, unless carry_over: the tab's work
    goes on in a copy of it.
    """
    new_content = version is None
    same = keys.DRAFT in st.session_state and st.session_state[keys.DRAFT].id == draft.id
    if not same and not carry_over:
        _forget_the_other_draft()
    if version is None:
        version = st.session_state.get(keys.DRAFT_VERSION, 0) if same else 0
    draft.furthest_step = max(draft.furthest_step, draft.step)  # an import opens on Review
    st.session_state[keys.DRAFT] = draft
    _stored_at(version, draft.model_dump(mode="json") if version else None)
    st.session_state.pop(keys.DRAFT_CONFLICT, None)
    if (new_content or not version) and draft.has_content():
        persist(draft)
    elif version:
        _keep_address(draft)
    elif "draft" in st.query_params:
        del st.query_params["draft"]


def _forget_the_other_draft() -> None:
    """Drops what belonged to the draft this tab had open (keys.DRAFT_SCOPED), so a new or
    cloned draft shows no other draft's check, import report, upload or submission."""
    found = st.session_state.get(keys.CHECKS_FOUND, set())
    for running in (keys.LOCAL_CHECK, keys.FLEET_CHECK):
        check = st.session_state.get(running)
        if check is not None and check.id not in found:
            check.close()  # a compile still running for the other draft stops
    for key in list(st.session_state):
        if key in keys.DRAFT_SCOPED or str(key).startswith(keys.DRAFT_SCOPED_PREFIXES):
            del st.session_state[key]
    kept = st.session_state.get(keys.KEPT)
    if kept:  # values kept beyond their widget's runs (ui.widgets.kept_widget) go with them
        st.session_state[keys.KEPT] = {k: v for k, v in kept.items() if k not in keys.DRAFT_SCOPED}


def conflict() -> Conflict | None:
    found: Conflict | None = st.session_state.get(keys.DRAFT_CONFLICT)
    if found is None or found.draft_id != current_draft().id:
        return None
    if found.stored is None:  # deleted elsewhere: an Undo there may have put it back since
        stored = store().load_draft(found.draft_id)
        if stored is not None:
            found = st.session_state[keys.DRAFT_CONFLICT] = Conflict(found.draft_id, stored)
    return found


def pop_unreadable() -> str | None:
    """The raw text of a saved draft that could not be opened, once."""
    text: str | None = st.session_state.pop(keys.DRAFT_UNREADABLE, None)
    return text


NAME_MAX = 120
"""The longest draft name: names typed or made by the app are cut to it. The name fields set
no max_chars: Streamlit drops a paste longer than that whole, and the field stayed empty."""


def fitting_name(name: str) -> str:
    """name, cut to NAME_MAX characters (a copy's " (copy)" may take it past)."""
    return name[:NAME_MAX]


def typed_name(typed: str) -> str:
    """A name as typed in a name field: trimmed, and cut to NAME_MAX with a word."""
    name = typed.strip()
    if len(name) > NAME_MAX:
        st.toast(f"The draft's name was cut to its first {NAME_MAX} characters.")
    return fitting_name(name).strip()


def pop_notice() -> str | None:
    notice: str | None = st.session_state.pop(keys.DRAFT_NOTICE, None)
    return notice


def reload_stored() -> None:
    """Resolves a conflict by taking the stored draft (this tab's unsaved edits are dropped)."""
    found = conflict()
    if found is not None and found.stored is not None:
        record = found.stored
        latest = store().load_draft(record.id) or record
        draft = Draft.from_stored(latest.data, latest.id, latest.name, latest.step)
        open_draft(draft, latest.version)


def keep_as_new() -> None:
    """Resolves a conflict by saving this tab's copy as a draft of its own."""
    draft = current_draft().model_copy(update={"id": Draft().id})
    draft.name = fitting_name(f"{draft.title} (copy)")
    st.session_state.pop(keys.DRAFT_CONFLICT, None)
    open_draft(draft, 0, carry_over=True)
    persist(draft)
