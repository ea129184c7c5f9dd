"""The five wizard steps. Each collects values into the draft and shows what core says of them."""

from __future__ import annotations

import json
from typing import Any, Literal

import streamlit as st

from core import catalog, render
from core.draft import (
    MAX_TOKEN_CHARS,
    SAFE_INT,
    STEPS,
    Draft,
    default_job_name,
    share_link,
    split_ids,
    step_for,
    to_token,
)
from core.errors import Problem
from core.options import OptionField, option_fields
from core.presets import presets
from core.request import VERSIONED_FRAMEWORKS
from core.shapes import NAME, SHAPE, convention, rows_to_shapes, shape_form, shapes_to_rows
from ui import state, submit
from ui.widgets import draft_table, field_problems, text_field, with_current

CPU_ONLY = "CPU only (no accelerator)"
NAMED, LIST = "Named inputs", "List of shapes"


# ---- step 1: model -----------------------------------------------------------------------------


def model_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Model")
    text_field(
        "Model artifact (S3 URI) *",
        "model_s3",
        "model_s3_uri",
        problems,
        "InputConfig.S3Uri",
        placeholder="s3://my-bucket/models/model.tar.gz",
        help="The model, packaged as a tar.gz, in the same region as SageMaker.",
    )
    frameworks, label = with_current(list(catalog.frameworks()), draft.framework)
    st.selectbox(
        "Framework *", frameworks, format_func=label, **state.bind("framework", "framework")
    )
    field_problems(problems, "InputConfig.Framework")
    if draft.framework in VERSIONED_FRAMEWORKS:
        st.text_input(
            "Framework version",
            placeholder="for example 1.8 or 2.9",
            help="Version of the framework the model was trained with. The server rejects it "
            "for some targets; leave it empty when unsure.",
            **state.bind("framework_version", "framework_version", from_widget=str.strip),
        )
    elif draft.framework_version:
        st.button(
            f"Remove the framework version ({draft.framework} takes none)",
            on_click=state.update,
            kwargs={"framework_version": ""},
        )
    field_problems(problems, "InputConfig.FrameworkVersion")
    shapes_editor(draft, problems)


def _shapes_caption(draft: Draft) -> str:
    conv = convention(draft.framework)
    if conv.list_form:
        form = "named inputs, or a list of shapes with one list of sizes per input, in order"
        example = f"`{conv.example}` or `[[1, 3, 224, 224], [1, 3, 160, 160]]`"
    else:
        form = "named inputs, each with its list of sizes"
        example = f"`{conv.example}`"
    return f"{draft.framework} takes {form}, {conv.layout} layout. Example: {example}"


def _forget_shape_widgets() -> None:
    """The JSON box re-reads the draft after the table or the form changed it."""
    st.session_state.pop("cfg_shapes_json", None)


def _write_shape_rows(rows: list[dict[str, Any]]) -> tuple[str, str]:
    draft = state.current_draft()
    state.update(input_shapes=rows_to_shapes(rows, as_list=draft.shapes_list))
    _forget_shape_widgets()
    return draft.input_shapes, draft.shapes_form


def _set_shapes_form(form: Literal["named", "list"]) -> None:
    state.current_draft().set_shapes_form(form)
    state.save()
    _forget_shape_widgets()


def _shapes_form_chosen() -> None:
    _set_shapes_form("list" if st.session_state.get("cfg_shapes_mode") == LIST else "named")


def _remember_shapes_form() -> None:
    """Shapes typed as JSON set the form the table uses once they are cleared again."""
    if state.current_draft().remember_shapes_form():
        state.save()


def shapes_editor(draft: Draft, problems: list[Problem]) -> None:
    conv = convention(draft.framework)
    st.markdown("**Input shapes**")
    if not conv.needed:
        st.info(f"{draft.framework} takes no input shapes.", icon=":material/info:")
        if draft.input_shapes:
            st.button("Remove the input shapes", on_click=state.update, kwargs={"input_shapes": ""})
        field_problems(problems, "InputConfig.DataInputConfig")
        return
    st.caption(_shapes_caption(draft))
    as_list = draft.shapes_list
    if conv.list_form:
        st.session_state["cfg_shapes_mode"] = LIST if as_list else NAMED
        st.radio(
            "Form",
            [NAMED, LIST],
            horizontal=True,
            key="cfg_shapes_mode",
            on_change=_shapes_form_chosen,
            help="PyTorch takes named inputs or a plain list of shapes, one per input. "
            "Switching converts the shapes already given.",
        )
    elif as_list and draft.input_shapes.strip():
        st.button(
            "Name the inputs (input0, input1, ...)",
            on_click=_set_shapes_form,
            args=("named",),
            help=f"{draft.framework} needs named inputs; this turns the list into them.",
        )
    readable = not draft.input_shapes.strip() or shape_form(draft.input_shapes) is not None
    table_tab, json_tab = st.tabs(["Table", "JSON"])
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
    with json_tab:
        st.text_area(
            "DataInputConfig (JSON)",
            height=100,
            **state.bind("shapes_json", "input_shapes", after=_remember_shapes_form),
        )
    if not draft.input_shapes:
        st.button(
            "Use the example shape",
            on_click=_use_example,
            args=(conv.example,),
            help="Fills the input shapes with the example for this framework.",
        )
    field_problems(problems, "InputConfig.DataInputConfig")


def _use_example(example: str) -> None:
    state.update(input_shapes=example)
    _forget_shape_widgets()


# ---- step 2: target ----------------------------------------------------------------------------


def _apply_preset(preset_id: str) -> None:
    draft = state.current_draft()
    draft.apply_preset(next(p for p in presets() if p.id == preset_id))
    state.save()
    state.reset_widgets()


def preset_gallery(draft: Draft) -> None:
    with st.expander("Or start from a preset: target and options in one click", expanded=True):
        columns = st.columns(3)
        for index, item in enumerate(presets()):
            with columns[index % 3].container(border=True):
                chosen = draft.preset == item.id
                st.markdown(f"**{item.title}**" + ("  :green-badge[in use]" if chosen else ""))
                st.caption(item.line)
                st.button(
                    f"Use {item.title}",
                    key=f"preset_{item.id}",
                    on_click=_apply_preset,
                    args=(item.id,),
                    help=item.why or item.fixed or None,
                    width="stretch",
                    type="primary" if chosen else "secondary",
                )


def _device_label(value: str) -> str:
    device = catalog.device(value)
    return f"{catalog.FAMILY_TITLES.get(device.family, 'Other')} · {device.label}"


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
        **state.bind("target_kind", "target_kind", after=_forget_option_widgets),
    )
    if draft.target_kind == "device":
        device_picker(draft, problems)
    else:
        platform_picker(draft, problems)
    field_problems(problems, "OutputConfig", exact=True)
    preset_gallery(draft)


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
        **state.bind("device", "device", after=_forget_option_widgets),
    )
    device = catalog.device(draft.device)
    st.caption(f"API value `{device.value}` · family: {catalog.FAMILY_TITLES.get(device.family)}")
    if device.note:
        st.info(device.note, icon=":material/info:")
    field_problems(problems, "OutputConfig.TargetDevice")


def platform_picker(draft: Draft, problems: list[Problem]) -> None:
    os_col, arch_col, acc_col = st.columns(3)
    with os_col:
        values, label = with_current(list(catalog.os_values()), draft.platform_os)
        st.selectbox(
            "Os *",
            values,
            format_func=label,
            **state.bind("os", "platform_os", after=_forget_option_widgets),
        )
    with arch_col:
        values, label = with_current(list(catalog.arch_values()), draft.platform_arch)
        st.selectbox(
            "Arch *",
            values,
            format_func=label,
            **state.bind("arch", "platform_arch", after=_forget_option_widgets),
        )
    offered: list[str] = [
        a or "" for a in catalog.accelerators_for(draft.platform_os, draft.platform_arch)
    ]
    current = draft.platform_accelerator
    choices = offered if current in offered else [*offered, current]
    st.session_state.setdefault("cfg_accelerator", draft.platform_accelerator)
    if st.session_state["cfg_accelerator"] not in choices:
        st.session_state["cfg_accelerator"] = draft.platform_accelerator
    with acc_col:
        st.selectbox(
            "Accelerator",
            choices,
            format_func=lambda a: (a or CPU_ONLY) + ("" if a in offered else " (not valid here)"),
            help="Only the accelerators Neo documents for this Os and Arch are offered.",
            **state.bind("accelerator", "platform_accelerator", after=_forget_option_widgets),
        )
    supported = ", ".join(
        f"{os_} {arch}{' + ' + acc if acc else ''}"
        for os_, arch, acc in catalog.valid_platforms()
        if os_ == draft.platform_os and arch == draft.platform_arch
    )
    st.caption(f"Supported on {draft.platform_os} {draft.platform_arch}: {supported or 'nothing'}")
    field_problems(problems, "OutputConfig.TargetPlatform")


# ---- step 3: compiler options ------------------------------------------------------------------

OPTIONS_JSON = "cfg_opt__json"


def _forget_option_widgets(keep: str | None = None) -> None:
    for key in [k for k in st.session_state if str(k).startswith("cfg_opt_") and k != keep]:
        del st.session_state[key]


def _fits(field: OptionField, value: Any) -> bool:
    """Whether a form widget can show value; a value that does not is shown as text instead."""
    if value is None:
        return True
    if field.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= SAFE_INT
    if field.kind == "list":
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
    return isinstance(value, str)


def _option_to_widget(kind: str, value: Any) -> Any:
    if kind == "list":
        return ", ".join(value) if isinstance(value, list) else (value or "")
    if kind == "choice":
        return value or ""
    return value if value is not None else ("" if kind == "text" else None)


def _option_from_widget(kind: str, value: Any) -> Any:
    if kind == "list":
        return [part.strip() for part in str(value or "").split(",") if part.strip()]
    if kind == "text":
        return str(value or "").strip()
    return value


def _set_option(key: str, value: Any) -> None:
    draft = state.current_draft()
    values = dict(draft.options)
    values[key] = value
    draft.set_options(values)
    state.save()


def _write_option(key: str, kind: str) -> None:
    if f"cfg_opt_{key}" not in st.session_state:
        return
    _set_option(key, _option_from_widget(kind, st.session_state[f"cfg_opt_{key}"]))
    st.session_state.pop(OPTIONS_JSON, None)  # refilled from the draft, its error gone with it


def _write_raw_option(key: str) -> None:
    """A value typed over one that did not fit its widget: JSON when it is, else the text."""
    text = str(st.session_state.get(f"cfg_opt_{key}__raw", "")).strip()
    try:
        value = json.loads(text) if text else None
    except json.JSONDecodeError:
        value = text
    _set_option(key, value)
    _forget_option_widgets()


def _write_options_json() -> None:
    text = st.session_state.get(OPTIONS_JSON)
    if text is None:
        return
    draft = state.current_draft()
    draft.edit_options_json(text)
    state.save()
    _forget_option_widgets(keep=OPTIONS_JSON)


def options_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Compiler options")
    model = draft.options_model()
    fields = option_fields(model)
    target = draft.target()
    st.caption(f"Options for {model.title}" + (f" ({target.summary})" if target else ""))
    if not fields and model.family == "none":
        st.info("This target takes no compiler options.", icon=":material/info:")
        if draft.options or draft.options_text is not None:
            st.button("Remove the options", on_click=_clear_options)
        field_problems(problems, "OutputConfig.CompilerOptions")
        return
    if model.required:
        st.markdown("Fields marked * are required for this target.")
    form_tab, json_tab = st.tabs(["Form", "Edit as JSON"])
    with form_tab:
        if draft.options_text is not None:
            st.warning(
                "The options typed in 'Edit as JSON' are not applied yet; the form shows the "
                "last ones that were.",
                icon=":material/warning:",
            )
        for field in fields:
            _option_widget(draft, field)
            field_problems(problems, f"OutputConfig.CompilerOptions.{field.key}")
        extra = [k for k in draft.options if k not in {f.key for f in fields}]
        if extra and model.family != "generic":
            st.warning(
                f"Not options of this target: {', '.join(extra)}.", icon=":material/warning:"
            )
            st.button("Remove them", on_click=_drop_options, args=(extra,))
    with json_tab:
        if OPTIONS_JSON not in st.session_state:
            st.session_state[OPTIONS_JSON] = _options_json_text(draft)
        st.text_area(
            "CompilerOptions (JSON)",
            key=OPTIONS_JSON,
            on_change=_write_options_json,
            height=160,
            placeholder=draft.options_example(),
            help="Edits here update the form, and the other way round. Text that is not "
            "valid yet is kept (also after a reload) until it is.",
        )
        error = draft.options_text_error()
        if error:
            st.error(error, icon=":material/error:")
    field_problems(problems, "OutputConfig.CompilerOptions", exact=True)


def _options_json_text(draft: Draft) -> str:
    """What the JSON box shows: the text still being fixed, or the options as they stand."""
    if draft.options_text is not None:
        return draft.options_text
    api = draft.options_api()
    return json.dumps(json.loads(api), indent=2, ensure_ascii=False) if api else ""


def _option_widget(draft: Draft, field: OptionField) -> None:
    label = f"{field.key}{' *' if field.required else ''}"
    value = draft.options.get(field.key)
    if not _fits(field, value):
        _raw_option_widget(field, label, value)
        return
    key = f"cfg_opt_{field.key}"
    if key not in st.session_state:
        st.session_state[key] = _option_to_widget(field.kind, value)
    common = {
        "key": key,
        "on_change": _write_option,
        "args": (field.key, field.kind),
        "help": field.help,
    }
    example = field.example
    if field.kind == "choice":
        choices, shown = with_current(["", *field.choices], value or "", lambda v: v or "(default)")
        st.selectbox(label, choices, format_func=shown, **common)
    elif field.kind == "int":
        st.number_input(label, step=1, placeholder=f"for example {example}", **common)
    elif field.kind == "list":
        shown = ", ".join(example) if isinstance(example, list) else example
        st.text_input(
            label, placeholder=f"for example {shown}" if shown else "comma-separated", **common
        )
    else:
        st.text_input(label, placeholder=f"for example {example}" if example else "", **common)


def _raw_option_widget(field: OptionField, label: str, value: Any) -> None:
    """A value of the wrong type (5 for a name, a list for a number), shown as JSON text."""
    key = f"cfg_opt_{field.key}__raw"
    if key not in st.session_state:
        st.session_state[key] = json.dumps(value, ensure_ascii=False)
    st.text_input(
        label,
        key=key,
        on_change=_write_raw_option,
        args=(field.key,),
        help=field.help,
    )
    wanted = {"int": "a whole number", "list": "a list of text", "choice": "one of the choices"}
    st.caption(
        f"This value does not fit the form: {field.key} takes {wanted.get(field.kind, 'text')}. "
        "Type the right value here, or fix it in 'Edit as JSON'."
    )


def _clear_options() -> None:
    state.current_draft().set_options({})
    state.save()
    _forget_option_widgets()


def _drop_options(keys: list[str]) -> None:
    draft = state.current_draft()
    draft.set_options({k: v for k, v in draft.options.items() if k not in keys})
    state.save()
    _forget_option_widgets()


# ---- step 4: output and job --------------------------------------------------------------------


def output_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Output and job")
    text_field(
        "S3 output location *",
        "output_s3",
        "output_s3",
        problems,
        "OutputConfig.S3OutputLocation",
        placeholder="s3://my-bucket/compiled/",
        help="Where SageMaker writes the compiled model.",
    )
    text_field(
        "KMS key (optional)",
        "kms",
        "kms_key_id",
        problems,
        "OutputConfig.KmsKeyId",
        placeholder="key ID, key ARN, alias/Name or alias ARN",
        help="Encrypts the compiled model; the account's default S3 key when empty.",
    )
    name_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
    with name_col:
        st.text_input(
            "Job name *",
            help="Letters, digits and hyphens; at most 63 characters. "
            "It also keeps a job from being submitted twice.",
            **state.bind("job_name", "job_name", from_widget=str.strip),
        )
    with button_col:
        st.button("New name", on_click=_new_name, help="A fresh unique name.")
    field_problems(problems, "CompilationJobName")
    text_field(
        "IAM role ARN *",
        "role",
        "role_arn",
        problems,
        "RoleArn",
        placeholder="arn:aws:iam::123456789012:role/SageMakerRole",
        help="The role SageMaker assumes to read the model and write the output.",
    )
    st.number_input(
        "Maximum runtime (seconds)",
        step=60,
        placeholder="900 when empty",
        help="The job stops after this long; 900 is the SDK's default.",
        **state.bind("max_runtime", "max_runtime"),
    )
    field_problems(problems, "StoppingCondition.MaxRuntimeInSeconds")
    with st.expander("VPC, tags and queue time (optional)"):
        st.text_input(
            "Security group IDs",
            placeholder="sg-0123456789abcdef0, ...",
            **state.bind("sgs", "security_groups", to_widget=", ".join, from_widget=split_ids),
        )
        st.text_input(
            "Subnet IDs",
            placeholder="subnet-0123456789abcdef0, ...",
            **state.bind("subnets", "subnets", to_widget=", ".join, from_widget=split_ids),
        )
        field_problems(problems, "VpcConfig")
        st.markdown("Tags")
        draft_table(
            "tags",
            draft.tags,
            lambda: [dict(tag) for tag in draft.tags],
            _write_tags,
            ["Key", "Value"],
            column_config={
                "Key": st.column_config.TextColumn(max_chars=128),
                "Value": st.column_config.TextColumn(max_chars=256),
            },
        )
        field_problems(problems, "Tags")
        pending = catalog.limit("StoppingCondition.MaxPendingTimeInSeconds")
        st.number_input(
            "Maximum queue time (seconds)",
            step=3600,
            placeholder="no limit when empty",
            help=f"How long the job may wait for capacity before it is stopped; from "
            f"{pending.min} to {pending.max} seconds ({(pending.max or 0) // 86400} days).",
            **state.bind("max_pending", "max_pending"),
        )
        field_problems(problems, "StoppingCondition.MaxPendingTimeInSeconds")


def _write_tags(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    tags = [
        {"Key": str(row.get("Key") or ""), "Value": str(row.get("Value") or "")}
        for row in rows
        if row.get("Key") or row.get("Value")
    ]
    state.update(tags=tags)
    return state.current_draft().tags


def _new_name() -> None:
    draft = state.current_draft()
    target = draft.target()
    state.update(job_name=default_job_name(target.summary if target else ""))
    st.session_state.pop("cfg_job_name", None)


# ---- step 5: review ----------------------------------------------------------------------------


def review_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Review")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        st.error(
            f"{len(errors)} problem{'s' if len(errors) > 1 else ''} left before this "
            "request can be submitted.",
            icon=":material/error:",
        )
        for index, problem in enumerate(errors):
            text_col, link_col = st.columns([5, 1], vertical_alignment="center")
            text_col.markdown(f"`{problem.path or 'Request'}`: {problem.message}")
            step = step_for(problem.path)
            link_col.button(
                f"Fix in {STEPS[step]}", key=f"fix_{index}", on_click=state.go_to, args=(step,)
            )
    else:
        st.success("This request is valid.", icon=":material/check_circle:")
    for warning in (p for p in problems if p.severity == "warning"):
        st.warning(f"`{warning.path}`: {warning.message}", icon=":material/warning:")
    api = draft.to_api()
    request_json = render.to_json(api)
    st.markdown("**Request** (CreateCompilationJob)")
    st.code(request_json, language="json", wrap_lines=True)
    tabs = st.tabs(["OutputConfig", "AWS CLI", "boto3", "SageMaker SDK"])
    with tabs[0]:
        st.code(render.output_config_json(api), language="json")
    with tabs[1]:
        st.code(render.to_cli(api), language="bash", wrap_lines=True)
    with tabs[2]:
        st.code(render.to_boto3(api), language="python")
    with tabs[3]:
        snippet = render.to_sdk(api)
        if snippet:
            st.code(snippet, language="python")
        else:
            st.info(render.sdk_unsupported_reason(api), icon=":material/info:")
    _download_request(draft, request_json, "Download request JSON")
    submit.submit_panel(draft, can_submit=not errors)
    share_panel(draft, request_json)


def _download_request(draft: Draft, request_json: str, label: str, **kwargs: Any) -> None:
    st.download_button(
        label,
        request_json,
        file_name=f"{draft.job_name or 'request'}.json",
        mime="application/json",
        icon=":material/download:",
        **kwargs,
    )


def app_url() -> str:
    """The app's address in the browser; the configured one where the browser gave none."""
    if st.context.url:
        return st.context.url
    host = st.get_option("browser.serverAddress") or "localhost"
    return f"http://{host}:{st.get_option('browser.serverPort')}/"


def share_panel(draft: Draft, request_json: str) -> None:
    st.markdown("**Share this draft**")
    link = share_link(app_url(), draft)
    if link is None:
        st.warning(
            f"This draft is too large to share as a link (its token is {len(to_token(draft))} "
            f"characters; a link holds at most {MAX_TOKEN_CHARS}). Share the request JSON "
            "instead: the recipient pastes it into Import.",
            icon=":material/warning:",
        )
        _download_request(
            draft, request_json, "Download the request JSON to share", key="share_download"
        )
        return
    st.code(link, language=None, wrap_lines=True)
    st.caption("Open this address to get a copy of this draft (under a new job name).")
