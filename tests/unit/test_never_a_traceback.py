"""No input breaks a page (issue 12): 10,000 generated share links, stored drafts and pastes
each end as a value or a sentence (NeoConfigError), never as another exception."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.draft.model import Draft
from core.draft.share import from_token, to_token
from core.errors import NeoConfigError
from core.interchange import render
from core.interchange.importer import import_text

MANY = settings(
    max_examples=3400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=10**40, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(int("9" * 4000)),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=40))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
DRAFT_FIELDS = sorted(Draft.model_fields)


def _token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode("ascii").rstrip("=")


def _renders(draft: Draft) -> None:
    """What every page does with a draft: check it and render its exports."""
    draft.check()
    api = draft.to_api()
    for renderer in render.RENDERERS.values():
        renderer(api)


@MANY
@given(
    st.one_of(
        st.text(max_size=200),
        st.binary(max_size=200).map(_token),
        st.dictionaries(st.sampled_from(DRAFT_FIELDS), VALUES, max_size=6).map(
            lambda data: _token(json.dumps(data, default=str).encode())
        ),
    )
)
def test_any_share_link_opens_or_says_why(token: str) -> None:
    """A link decodes to a draft that every page can show, or to a sentence."""
    try:
        draft = from_token(token)
    except NeoConfigError:
        return
    _renders(draft)


@MANY
@given(st.dictionaries(st.sampled_from(DRAFT_FIELDS), VALUES, max_size=8))
def test_any_stored_draft_opens_or_is_refused_as_a_value(data: dict[str, Any]) -> None:
    """A stored draft's data either makes a draft every page can show, or a ValueError the
    app turns into its "cannot be opened" message."""
    try:
        draft = Draft.from_stored(data, "d1", "Stored", 0)
    except ValueError:
        return
    _renders(draft)
    assert from_token(to_token(draft)).to_api() == draft.to_api()


@settings(max_examples=3200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        VALUES.map(lambda value: json.dumps(value, default=str)),
        st.builds(
            lambda key, value: f"{{'OutputConfig': {{'{key}': {value!r}}}}}",
            st.sampled_from(["TargetDevice", "CompilerOptions", "TargetPlatform", "KmsKeyId"]),
            VALUES,
        ),
    )
)
def test_any_paste_imports_or_says_why(text: str) -> None:
    """Whatever is pasted, Import gives a result the draft takes, or a sentence."""
    try:
        result = import_text(text)
        draft, _ = Draft().imported(result.api)
    except NeoConfigError:
        return
    _renders(draft)
