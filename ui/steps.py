"""The five wizard steps. Each collects values into the draft and shows what core says of them."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from core import catalog, render
from core.draft import STEPS, Draft, default_job_name, step_for, to_token
from core.errors import Problem
from core.options import option_fields
from core.presets import presets
from core.request import VERSIONED_FRAMEWORKS
from core.shapes import convention
from ui import state, submit
from ui.widgets import field_problems, text_field

CPU_ONLY = "CPU only (no accelerator)"


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
    frameworks = list(catalog.frameworks())
    st.selectbox(
        "Framework *", frameworks, **state.bind("framework", "framework", after=_reset_shapes)
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


def _reset_shapes() -> None:
    for key in ("cfg_shapes_table", "cfg_shapes_json", "cfg_shapes_mode"):
        st.session_state.pop(key, None)


def _shape_rows(draft: Draft) -> tuple[str, list[dict[str, str]]]:
    """Editor rows for the draft's shapes (or the framework's example), and their form."""
    text = draft.input_shapes.strip() or convention(draft.framework).example
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = json.loads(convention(draft.framework).example or "{}")
    if isinstance(value, list):
        rows = [{"Input name": "", "Shape": _dims_text(dims)} for dims in value]
        return "List of shapes", rows
    if isinstance(value, dict):
        rows = [{"Input name": name, "Shape": _dims_text(dims)} for name, dims in value.items()]
        return "Named inputs", rows
    return "Named inputs", []


def _dims_text(dims: Any) -> str:
    return ", ".join(str(d) for d in dims) if isinstance(dims, list) else str(dims)


def _rows_to_json(rows: list[dict[str, Any]], mode: str) -> tuple[str | None, str | None]:
    """(JSON text, None) from editor rows, or (None, a sentence saying what to fix)."""
    shapes: dict[str, list[int]] = {}
    shape_list: list[list[int]] = []
    for number, row in enumerate(rows, start=1):
        name = str(row.get("Input name") or "").strip()
        dims_text = str(row.get("Shape") or "").strip()
        if not name and not dims_text:
            continue
        try:
            dims = [int(part) for part in dims_text.replace("[", "").replace("]", "").split(",")]
        except ValueError:
            return None, f"Row {number}: write the shape as whole numbers separated by commas."
        if mode == "List of shapes":
            shape_list.append(dims)
        elif not name:
            return None, f"Row {number}: give the input's name."
        else:
            shapes[name] = dims
    value: Any = shape_list if mode == "List of shapes" else shapes
    return (json.dumps(value) if value else ""), None


def shapes_editor(draft: Draft, problems: list[Problem]) -> None:
    conv = convention(draft.framework)
    st.markdown("**Input shapes**")
    if not conv.needed:
        st.info(f"{draft.framework} models need no input shapes.", icon=":material/info:")
        if draft.input_shapes:
            st.button("Remove the input shapes", on_click=state.update, kwargs={"input_shapes": ""})
        field_problems(problems, "InputConfig.DataInputConfig")
        return
    st.caption(
        f"{conv.layout} layout, named inputs. Example for {draft.framework}: `{conv.example}`"
    )
    mode, rows = _shape_rows(draft)
    if conv.list_form:
        mode = st.radio(
            "Form",
            ["Named inputs", "List of shapes"],
            horizontal=True,
            index=0 if mode == "Named inputs" else 1,
            key="cfg_shapes_mode",
            help="PyTorch takes named inputs or a plain list of shapes, one per input.",
        )
    table_tab, json_tab = st.tabs(["Table", "JSON"])
    with table_tab:
        edited = st.data_editor(
            rows,
            num_rows="dynamic",
            key="cfg_shapes_table",
            width="stretch",
            column_config={
                "Input name": st.column_config.TextColumn(disabled=mode == "List of shapes"),
                "Shape": st.column_config.TextColumn(help="Sizes separated by commas"),
            },
        )
        text, error = _rows_to_json(edited, mode)
        if error:
            st.error(error, icon=":material/error:")
        elif (
            text is not None
            and text != draft.input_shapes
            and st.session_state.get("cfg_shapes_table", {}).get("edited_rows", None) is not None
            and _table_touched()
        ):
            state.update(input_shapes=text)
            st.session_state.pop("cfg_shapes_json", None)
    with json_tab:
        st.text_area(
            "DataInputConfig (JSON)",
            height=100,
            **state.bind("shapes_json", "input_shapes", after=_forget_table),
        )
    if not draft.input_shapes:
        st.button(
            "Use the example shape",
            on_click=_use_example,
            args=(conv.example,),
            help="Fills the input shapes with the example for this framework.",
        )
    field_problems(problems, "InputConfig.DataInputConfig")


def _table_touched() -> bool:
    changes = st.session_state.get("cfg_shapes_table") or {}
    return bool(
        changes.get("edited_rows") or changes.get("added_rows") or changes.get("deleted_rows")
    )


def _forget_table() -> None:
    st.session_state.pop("cfg_shapes_table", None)


def _use_example(example: str) -> None:
    state.update(input_shapes=example)
    _reset_shapes()


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
    values = [d.value for group in catalog.devices_by_family().values() for d in group]
    if draft.device not in values:
        values.insert(0, draft.device)
    st.selectbox(
        "Device *",
        values,
        format_func=_device_label,
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
        st.selectbox(
            "Os *",
            list(catalog.os_values()),
            **state.bind("os", "platform_os", after=_forget_option_widgets),
        )
    with arch_col:
        st.selectbox(
            "Arch *",
            list(catalog.arch_values()),
            **state.bind("arch", "platform_arch", after=_forget_option_widgets),
        )
    choices: list[str] = [
        a or "" for a in catalog.accelerators_for(draft.platform_os, draft.platform_arch)
    ]
    if draft.platform_accelerator not in choices:
        choices.append(draft.platform_accelerator)
    st.session_state.setdefault("cfg_accelerator", draft.platform_accelerator)
    if st.session_state["cfg_accelerator"] not in choices:
        st.session_state["cfg_accelerator"] = draft.platform_accelerator
    with acc_col:
        st.selectbox(
            "Accelerator",
            choices,
            format_func=lambda a: a or CPU_ONLY,
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


def _forget_option_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith("cfg_opt_")]:
        del st.session_state[key]


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


def _write_option(key: str, kind: str) -> None:
    if f"cfg_opt_{key}" not in st.session_state:
        return
    draft = state.current_draft()
    values = dict(draft.options)
    values[key] = _option_from_widget(kind, st.session_state[f"cfg_opt_{key}"])
    draft.set_options(values)
    state.save()
    st.session_state.pop("cfg_opt__json", None)


def _write_options_json() -> None:
    text = st.session_state.get("cfg_opt__json")
    if text is None:
        return
    try:
        value = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        st.session_state["cfg_opt__json_error"] = (
            f"Not valid JSON: {exc.msg} at character {exc.pos}."
        )
        return
    draft = state.current_draft()
    if isinstance(value, str) and draft.options_model().family == "neuron":
        value = {"flags": value}
    if not isinstance(value, dict):
        st.session_state["cfg_opt__json_error"] = 'Write a JSON object, like {"mcpu": "core-avx2"}.'
        return
    st.session_state.pop("cfg_opt__json_error", None)
    draft.set_options(value)
    state.save()
    for key in [
        k for k in st.session_state if str(k).startswith("cfg_opt_") and k != "cfg_opt__json"
    ]:
        del st.session_state[key]


def options_step(draft: Draft, problems: list[Problem]) -> None:
    st.subheader("Compiler options")
    model = draft.options_model()
    fields = option_fields(model)
    target = draft.target()
    st.caption(f"Options for {model.title}" + (f" ({target.summary})" if target else ""))
    if not fields and model.family == "none":
        st.info("This target takes no compiler options.", icon=":material/info:")
        if draft.options:
            st.button("Remove the options", on_click=_clear_options)
        field_problems(problems, "OutputConfig.CompilerOptions")
        return
    if model.required:
        st.markdown("Fields marked * are required for this target.")
    form_tab, json_tab = st.tabs(["Form", "Edit as JSON"])
    with form_tab:
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
        key = "cfg_opt__json"
        if key not in st.session_state:
            api = draft.options_api()
            st.session_state[key] = (
                json.dumps(json.loads(api), indent=2, ensure_ascii=False) if api else ""
            )
        st.text_area(
            "CompilerOptions (JSON)",
            key=key,
            on_change=_write_options_json,
            height=160,
            help="Edits here update the form, and the other way round.",
        )
        if st.session_state.get("cfg_opt__json_error"):
            st.error(st.session_state["cfg_opt__json_error"], icon=":material/error:")
    field_problems(problems, "OutputConfig.CompilerOptions", exact=True)


def _option_widget(draft: Draft, field: Any) -> None:
    key = f"cfg_opt_{field.key}"
    if key not in st.session_state:
        st.session_state[key] = _option_to_widget(field.kind, draft.options.get(field.key))
    label = f"{field.key}{' *' if field.required else ''}"
    common = {
        "key": key,
        "on_change": _write_option,
        "args": (field.key, field.kind),
        "help": field.help,
    }
    example = field.example
    if field.kind == "choice":
        st.selectbox(label, ["", *field.choices], format_func=lambda v: v or "(default)", **common)
    elif field.kind == "int":
        st.number_input(
            label,
            min_value=field.minimum,
            max_value=field.maximum,
            step=1,
            placeholder=f"for example {example}",
            **common,
        )
    elif field.kind == "list":
        shown = ", ".join(example) if isinstance(example, list) else example
        st.text_input(
            label, placeholder=f"for example {shown}" if shown else "comma-separated", **common
        )
    else:
        st.text_input(label, placeholder=f"for example {example}" if example else "", **common)


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


def _split_ids(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


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
        min_value=1,
        step=60,
        help="The job stops after this long; 900 is the SDK's default.",
        **state.bind("max_runtime", "max_runtime"),
    )
    field_problems(problems, "StoppingCondition")
    with st.expander("VPC and tags (optional)"):
        st.text_input(
            "Security group IDs",
            placeholder="sg-0123456789abcdef0, ...",
            **state.bind("sgs", "security_groups", to_widget=", ".join, from_widget=_split_ids),
        )
        st.text_input(
            "Subnet IDs",
            placeholder="subnet-0123456789abcdef0, ...",
            **state.bind("subnets", "subnets", to_widget=", ".join, from_widget=_split_ids),
        )
        field_problems(problems, "VpcConfig")
        edited = st.data_editor(
            draft.tags or [{"Key": "", "Value": ""}],
            num_rows="dynamic",
            key="cfg_tags",
            column_config={
                "Key": st.column_config.TextColumn(max_chars=128),
                "Value": st.column_config.TextColumn(max_chars=256),
            },
        )
        tags = [
            {"Key": str(t.get("Key") or ""), "Value": str(t.get("Value") or "")}
            for t in edited
            if (t.get("Key") or t.get("Value"))
        ]
        if tags != draft.tags:
            state.update(tags=tags)
        field_problems(problems, "Tags")


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
    st.markdown("**Request** (CreateCompilationJob)")
    st.code(render.to_json(api), language="json", wrap_lines=True)
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
    st.download_button(
        "Download request JSON",
        render.to_json(api),
        file_name=f"{draft.job_name or 'request'}.json",
        mime="application/json",
        icon=":material/download:",
    )
    submit.submit_panel(draft, can_submit=not errors)
    st.markdown("**Share this draft**")
    st.code(f"?d={to_token(draft)}", language=None, wrap_lines=True)
    st.caption("Append this to the app's address: it opens a copy of this draft.")
