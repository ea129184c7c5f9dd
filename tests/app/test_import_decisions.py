"""Import on the Configure page: a change of meaning is asked about before the draft changes;
snippets that name values they cannot give say which, next to what was imported."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.helpers import button
from tests.app.rendered import shown, texts

M5 = (
    '"TargetPlatform": {"Os": "LINUX", "Arch": "X8664", "Accelerator": "NVIDIA"},\n'
    "\"CompilerOptions\": {'mcpu': 'skylake-avx512'}"
)
"""The API reference's m5.2xlarge example: NVIDIA with CPU-only options."""
CHOICE = "Change 1: OutputConfig.TargetPlatform.Accelerator"


def draft(app: AppTest):
    return app.session_state["draft"]


def paste_and_import(app: AppTest, text: str) -> AppTest:
    app.text_area(key="import_text").input(text).run()
    return button(app, "Import").click().run()


def radio(app: AppTest, label: str):
    return next(r for r in app.radio if shown(r.label) == label)


def asking(app: AppTest) -> bool:
    return any(r.label.startswith("Change ") for r in app.radio)


def plain_text(app: AppTest) -> str:
    return "\n".join(t.value for t in app.text)


def markdown(app: AppTest) -> str:
    return "\n".join(texts(app.markdown))


def test_a_change_of_meaning_waits_for_a_choice(new_app) -> None:
    """The draft is not replaced until each decision is chosen; the change is shown with what
    was written and what it becomes, apart from the spelling repairs."""
    app = new_app()
    before = draft(app).to_api()
    paste_and_import(app, M5)
    assert not app.exception
    assert draft(app).to_api() == before
    assert any("would change what the request means" in w for w in texts(app.warning))
    assert "As written:  NVIDIA" in plain_text(app)
    assert "Changed to:  (not given)" in plain_text(app)
    assert radio(app, CHOICE).options == ["Apply this change", "Keep as written"]
    assert button(app, "Import with these choices").disabled


def test_apply_this_change_drops_the_accelerator(new_app) -> None:
    app = new_app()
    paste_and_import(app, M5)
    radio(app, CHOICE).set_value("Apply this change").run()
    button(app, "Import with these choices").click().run()
    assert not app.exception
    assert (draft(app).platform_arch, draft(app).platform_accelerator) == ("X86_64", "")
    report = markdown(app)
    assert "Changes of meaning" in report and "Remove the Accelerator?" in report
    assert "You chose: apply it." in report
    assert "Repairs made" in report and "X86" in report  # the Arch spelling, apart
    assert not asking(app)


def test_keep_as_written_keeps_the_accelerator(new_app) -> None:
    app = new_app()
    paste_and_import(app, M5)
    radio(app, CHOICE).set_value("Keep as written").run()
    button(app, "Import with these choices").click().run()
    assert draft(app).platform_accelerator == "NVIDIA"
    assert "Remove the Accelerator?" in markdown(app)  # the question, then its answer
    assert "You chose: keep it as written." in markdown(app)


def test_cancel_leaves_the_draft_alone(new_app) -> None:
    app = new_app()
    before = draft(app).to_api()
    paste_and_import(app, M5)
    button(app, "Cancel import").click().run()
    assert draft(app).to_api() == before
    assert any("cancelled" in e for e in texts(app.main.error))
    assert not asking(app)


def test_an_import_without_decisions_replaces_the_draft_at_once(new_app) -> None:
    """A snippet naming a value it cannot give imports the rest, and says what to fill in."""
    app = new_app()
    snippet = (
        "import boto3, sagemaker\n"
        "sm = boto3.client('sagemaker')\n"
        "sm.create_compilation_job(\n"
        "    CompilationJobName='from-boto3',\n"
        "    RoleArn=sagemaker.get_execution_role(),\n"
        "    InputConfig={'S3Uri': 's3://b/m.tar.gz', 'Framework': 'ONNX',\n"
        "                 'DataInputConfig': '{\"x\": [1, 3, 224, 224]}'},\n"
        "    OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'ml_c5'},\n"
        "    StoppingCondition={'MaxRuntimeInSeconds': 900},\n"
        ")\n"
    )
    paste_and_import(app, snippet)
    assert not app.exception and not asking(app)
    assert draft(app).job_name == "from-boto3" and draft(app).framework == "ONNX"
    report = markdown(app)
    assert "Not imported as given" in report
    assert "RoleArn comes from 'sagemaker.get_execution_role()': fill it in." in report


def test_a_notebook_upload_heavier_than_2_mb_imports_its_code(new_app) -> None:
    """An .ipynb whose outputs (plots, logs) weigh megabytes: only its code cells are read."""
    app = new_app()
    code = (
        "import boto3\n"
        "boto3.client('sagemaker').create_compilation_job(CompilationJobName='from-notebook',"
        " OutputConfig={'S3OutputLocation': 's3://b/o', 'TargetDevice': 'rasp4b'})\n"
    )
    plot = {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo" * 400_000}}
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Compile"]},
            {"cell_type": "code", "source": [code], "outputs": [plot]},
        ],
        "nbformat": 4,
    }
    data = json.dumps(notebook).encode()
    assert len(data) > 2 * 1024 * 1024
    app.file_uploader(key="import_file").set_value(
        ("compile.ipynb", data, "application/x-ipynb+json")
    ).run()
    button(app, "Import").click().run()
    assert not app.exception
    assert draft(app).job_name == "from-notebook" and draft(app).device == "rasp4b"


def test_an_import_waiting_for_choices_and_its_report_stay_with_their_draft(new_app) -> None:
    """A pending import and an import's report belong to the draft they were made on: a new
    draft (Drafts, New draft) opens without either."""
    app = new_app()
    paste_and_import(app, M5)
    assert asking(app)
    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()
    app.switch_page("app_pages/configure.py").run()
    assert not asking(app) and "import_pending" not in app.session_state
    paste_and_import(
        app, '{"OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"}}'
    )
    assert "import_report" in app.session_state
    app.switch_page("app_pages/drafts.py").run()
    button(app, "New draft").click().run()
    app.switch_page("app_pages/configure.py").run()
    assert "import_report" not in app.session_state


def test_an_imported_max_wait_is_kept_and_shown(new_app) -> None:
    """MaxWaitTimeInSeconds, a field the wizard had no place for, was dropped on import with
    no word; it is kept, shown on the Output step, and warned about (Spot training only)."""
    app = new_app()
    request = {
        "OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 86400},
    }
    paste_and_import(app, json.dumps(request))
    assert draft(app).to_api()["StoppingCondition"] == request["StoppingCondition"]
    assert any("stopping/max-wait-spot-training" in w for w in texts(app.warning))
    while app.subheader[0].value != "Output and job":
        button(app, "Back").click().run()
    field = next(t for t in app.text_input if t.label.startswith("Maximum wait"))
    assert field.value == "86400"
