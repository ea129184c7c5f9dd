"""Shared moves for AppTest scenarios: fill the wizard as a person would."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.app.rendered import shown
from ui import keys


def keyed(widgets: Any, name: str) -> Any:
    """The wizard widget `name` among widgets (e.g. app.text_input): its key is `cfg_<name>`
    plus the version ui.binding adds, which changes whenever the draft is replaced."""
    found = [w for w in widgets if w.key and w.key.split("@", 1)[0] == f"cfg_{name}"]
    assert len(found) == 1, f"{len(found)} widgets named {name}: {[w.key for w in widgets]}"
    return found[0]


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def fill_valid_request(app: AppTest, preset: str = "jetson-nano") -> None:
    """Fills every required field (model, target from a preset, output, role); back to step 1."""
    keyed(app.text_input, "model_s3").input("s3://my-bucket/model.tar.gz").run()
    keyed(app.selectbox, "framework").set_value("TENSORFLOW").run()
    keyed(app.text_area, "shapes_json").input('{"input": [1, 224, 224, 3]}').run()
    button(app, "Next").click().run()
    app.button(key=f"preset_{preset}").click().run()
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    keyed(app.text_input, "output_s3").input("s3://my-bucket/compiled/").run()
    keyed(app.text_input, "role").input("arn:aws:iam::123456789012:role/SageMakerRole").run()
    for _ in range(3):
        button(app, "Back").click().run()


def open_tab(app: AppTest, key: str, label: str) -> AppTest:
    """Opens a tab of a lazily drawn st.tabs (only the open one is drawn), as a click would."""
    app.session_state[key] = label
    return app.run()


def go_to_review(app: AppTest) -> None:
    while app.subheader[0].value != "Review":
        button(app, "Next").click().run()


def preview(app: AppTest) -> dict[str, Any]:
    """The live preview's OutputConfig (the first code block of the page)."""
    return json.loads(app.code[0].value)


def preview_fold(app: AppTest, name: str, label: str) -> dict[str, Any]:
    """A folded member of the live preview ("input": InputConfig, "job": the rest), opened as a
    click would (a closed fold draws nothing)."""
    app.session_state[f"{keys.PREVIEW_FOLDS}{name}"] = True
    app.run()
    (fold,) = [e for e in app.main.expander if e.label == label]
    return json.loads(fold.code[0].value)


def errors(app: AppTest) -> list[str]:
    return [shown(e.value) for e in app.main.error]
