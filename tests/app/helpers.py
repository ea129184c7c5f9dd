"""Shared moves for AppTest scenarios: fill the wizard as a person would."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def fill_valid_request(app: AppTest, preset: str = "jetson-nano") -> None:
    """Fills every required field (model, target from a preset, output, role); back to step 1."""
    app.text_input(key="cfg_model_s3").input("s3://my-bucket/model.tar.gz").run()
    app.selectbox(key="cfg_framework").set_value("TENSORFLOW").run()
    app.text_area(key="cfg_shapes_json").input('{"input": [1, 224, 224, 3]}').run()
    button(app, "Next").click().run()
    app.button(key=f"preset_{preset}").click().run()
    button(app, "Next").click().run()
    button(app, "Next").click().run()
    app.text_input(key="cfg_output_s3").input("s3://my-bucket/compiled/").run()
    app.text_input(key="cfg_role").input("arn:aws:iam::123456789012:role/SageMakerRole").run()
    for _ in range(3):
        button(app, "Back").click().run()


def go_to_review(app: AppTest) -> None:
    while app.subheader[0].value != "Review":
        button(app, "Next").click().run()
