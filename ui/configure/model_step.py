"""Step 1, Model: the model read from its file (model_source), where it is, its framework and
version, and its input shapes."""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

from core.draft.model import Draft
from core.draft.shapes_table import (
    NAME,
    SHAPE,
    rows_to_shapes,
    shape_form,
    shapes_to_rows,
    typed_shapes,
)
from core.errors import Problem, quote
from core.knowledge.frameworks import versioned_frameworks
from core.spec import service
from core.spec.shapes import convention
from ui import binding, keys, state
from ui.configure.model_source import model_panel
from ui.text import plain
from ui.widgets import (
    draft_table,
    field_problems,
    keep,
    kept,
    text_field,
    too_long_note,
    with_current,
)

NAMED, LIST = "Named inputs", "List of shapes"
JSON_TAB, TABLE_TAB = "JSON", "Table"
VERSION = "version"
"""The widget group of the framework version (a choice, or text for a newer version)."""
SHAPES_JSON = "shapes_json"
"""The widget group of the shapes' JSON box, re-seeded when the table or the form changes."""


MODEL_KINDS = {
    "artifact": "A model artifact in S3 (InputConfig)",
    "package": "A versioned model package (ModelPackageVersionArn)",
}


def model_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Model")
    st.radio(
        "Where SageMaker takes the model from",
        list(MODEL_KINDS),
        format_func=MODEL_KINDS.__getitem__,
        horizontal=True,
        **binding.bind("model_kind", "model_kind", choice=True),
    )
    if draft.model_kind == "package":
        text_field(
            "Model package version (ARN) *",
            "model_package",
            "model_package_arn",
            problems,
            "ModelPackageVersionArn",
            placeholder="arn:aws:sagemaker:us-east-1:123456789012:model-package/my-model/1",
            help="A versioned model package of the SageMaker Model Registry.",
        )
        st.caption(
            "SageMaker takes the model, its framework and its input shapes from the package, "
            "so the request gives no InputConfig: the S3 artifact, framework and shapes of the "
            "other choice are kept in the draft but not sent."
        )
        return
    model_panel(draft)
    text_field(
        "Model artifact (S3 URI) *",
        "model_s3",
        "model_s3_uri",
        problems,
        "InputConfig.S3Uri",
        placeholder="s3://my-bucket/models/model.tar.gz",
        help="The model, packaged as a tar.gz, in the same region as SageMaker.",
    )
    frameworks, label = with_current(list(service.frameworks()), draft.framework)
    st.selectbox(
        "Framework *",
        frameworks,
        format_func=label,
        **binding.bind("framework", "framework", choice=True),
    )
    field_problems(problems, "InputConfig.Framework")
    if draft.framework in versioned_frameworks():
        framework_version(draft)
    elif draft.framework_version:
        st.button(
            f"Remove the framework version ({plain(draft.framework)} takes none)",
            on_click=binding.update,
            kwargs={"framework_version": ""},
        )
    too_long_note("framework_version", group=VERSION)
    field_problems(problems, "InputConfig.FrameworkVersion")
    shapes_editor(draft, problems)


NO_VERSION, OTHER_VERSION = "", "Another version…"


def _version_chosen() -> None:
    chosen = st.session_state.get(binding.widget_key("version_choice", VERSION))
    if chosen != OTHER_VERSION:
        binding.update(framework_version=chosen or "")
    st.session_state[keys.VERSION_TYPING] = chosen == OTHER_VERSION
    binding.refresh(VERSION)


def framework_version(draft: Draft) -> None:
    """The documented versions for this framework and target to choose from, with free text
    kept for newer ones; free text alone where no page lists versions for the pair."""
    versions, source = draft.documented_versions()
    typing = st.session_state.get(keys.VERSION_TYPING, False)
    current = draft.framework_version
    if versions and not typing and (not current or current in versions):
        key = binding.widget_key("version_choice", VERSION)
        st.session_state.setdefault(key, current)
        binding.resend(key)
        st.selectbox(
            "Framework version",
            [NO_VERSION, *versions, OTHER_VERSION],
            format_func=lambda v: v or "(none: leave it out)",
            key=key,
            on_change=_version_chosen,
            help=f"The versions the documentation lists for {draft.framework} on this target "
            f"({source}). Choose another version to type a newer one.",
        )
        return
    st.text_input(
        "Framework version",
        placeholder="for example 1.8 or 2.9",
        help="Version of the framework the model was trained with. The server rejects it for "
        "some targets; leave it empty when unsure."
        + (f" Documented here: {', '.join(versions)}." if versions else ""),
        **binding.bind(
            "framework_version", "framework_version", group=VERSION, from_widget=str.strip
        ),
    )


def _shapes_caption(draft: Draft) -> str:
    conv = convention(draft.framework)
    if conv.list_form:
        form = "named inputs, or a list of shapes with one list of sizes per input, in order"
        example = f"`{conv.example}` or `[[1, 3, 224, 224], [1, 3, 160, 160]]`"
    else:
        form = "named inputs, each with its list of sizes"
        example = f"`{conv.example}`"
    return f"{plain(draft.framework)} takes {form}, {conv.layout} layout. Example: {example}"


def _write_shape_rows(rows: list[dict[str, Any]]) -> tuple[str, str]:
    draft = state.current_draft()
    binding.update(input_shapes=rows_to_shapes(rows, as_list=draft.shapes_list))
    binding.refresh(SHAPES_JSON)
    return draft.input_shapes, draft.shapes_form


def _set_shapes_form(form: Literal["named", "list"]) -> None:
    state.current_draft().set_shapes_form(form)
    state.save()
    binding.refresh(SHAPES_JSON)


def _shapes_form_chosen() -> None:
    _set_shapes_form(
        "list" if st.session_state.get(binding.widget_key("shapes_mode")) == LIST else "named"
    )


def _shapes_typed() -> None:
    """Shapes typed as JSON set the form the table uses once they are cleared again; shapes
    typed with the documentation's quotes were rewritten as JSON, and the box shows that."""
    draft = state.current_draft()
    if draft.remember_shapes_form():
        state.save()
    typed = str(st.session_state.get(binding.widget_key("shapes_json", SHAPES_JSON), "")).strip()
    if typed != draft.input_shapes:
        st.session_state[keys.SHAPES_REWRITTEN] = typed
        binding.refresh(SHAPES_JSON)


def shapes_editor(draft: Draft, problems: list[Problem]) -> None:
    conv = convention(draft.framework)
    st.markdown("**Input shapes**")
    if not conv.needed:
        if not draft.input_shapes:  # shapes given: the rule's warning below says it, cited
            st.info(f"{plain(draft.framework)} takes no input shapes.", icon=":material/info:")
        else:
            st.button(
                "Remove the input shapes", on_click=binding.update, kwargs={"input_shapes": ""}
            )
        field_problems(problems, "InputConfig.DataInputConfig")
        return
    st.caption(_shapes_caption(draft))
    as_list = draft.shapes_list
    if conv.list_form:
        mode_key = binding.widget_key("shapes_mode")
        st.session_state[mode_key] = LIST if as_list else NAMED
        st.radio(
            "Form",
            [NAMED, LIST],
            horizontal=True,
            key=mode_key,
            on_change=_shapes_form_chosen,
            help="PyTorch takes named inputs or a plain list of shapes, one per input. "
            "Switching converts the shapes already given.",
        )
    elif as_list and draft.input_shapes.strip():
        st.button(
            "Name the inputs",
            on_click=_set_shapes_form,
            args=("named",),
            help=f"{plain(draft.framework)} needs named inputs; this turns the list into them "
            "(named input0, input1, ..., or as they were named before they became a list).",
        )
    readable = not draft.input_shapes.strip() or shape_form(draft.input_shapes) is not None
    # Only the open tab is drawn: the table's grid is the heaviest element of the first page
    # (about 1.5 MB of script for the browser), so it loads when asked for, and the tab chosen
    # is kept for the next visit of this step.
    chosen = kept(keys.SHAPES_TAB, JSON_TAB) if readable else JSON_TAB
    json_tab, table_tab = st.tabs(
        [JSON_TAB, TABLE_TAB],
        default=chosen,
        key=keys.SHAPES_TAB,
        on_change=keep,
        args=(keys.SHAPES_TAB,),
    )
    if json_tab.open:
        with json_tab:
            st.text_area(
                "DataInputConfig (JSON)",
                height=100,
                **binding.bind(
                    "shapes_json",
                    "input_shapes",
                    group=SHAPES_JSON,
                    from_widget=typed_shapes,
                    after=_shapes_typed,
                ),
            )
            rewritten = st.session_state.pop(keys.SHAPES_REWRITTEN, None)
            if rewritten:  # a repair is said, as Import says its own
                typed = plain(quote(rewritten, 120))
                st.caption(f"Rewritten as JSON, as Import reads it; you typed {typed}.")
    if table_tab.open:
        with table_tab:
            if readable:
                draft_table(
                    "shapes_table",
                    (draft.input_shapes, draft.shapes_form),
                    lambda: shapes_to_rows(draft.input_shapes),
                    _write_shape_rows,
                    [NAME, SHAPE],
                    width="stretch",
                    column_config={
                        NAME: st.column_config.TextColumn(
                            disabled=as_list,
                            help="Not used in a list of shapes" if as_list else "The input's name",
                        ),
                        SHAPE: st.column_config.TextColumn(help="Sizes separated by commas"),
                    },
                )
            else:
                st.caption("The JSON tab holds text the table cannot show; fix it there first.")
    too_long_note("shapes_json", group=SHAPES_JSON)  # under the box, above the button
    field_problems(problems, "InputConfig.DataInputConfig")
    if not draft.input_shapes:
        st.button(
            "Use the example shape",
            on_click=_use_example,
            args=(conv.example,),
            help="Fills the input shapes with the example for this framework.",
        )


def _use_example(example: str) -> None:
    binding.update(input_shapes=example)
    binding.refresh(SHAPES_JSON)
