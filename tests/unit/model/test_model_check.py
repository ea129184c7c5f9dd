"""DataInputConfig and Framework checked against the model; DataInputConfig filled from it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import NeoConfigError
from core.model import dynamic_questions, fill_data_input_config, model_problems
from core.model.types import ModelInfo, ModelInput

SHAPES, FRAMEWORK = "InputConfig.DataInputConfig", "InputConfig.Framework"

ONNX = ModelInfo(
    "ONNX", (ModelInput("pixel_values", ("batch", 3, 224, 224), "float32", "NCHW"),), file="m.onnx"
)
TWO = ModelInfo(
    "ONNX",
    (
        ModelInput("input_ids", ("batch", "sequence"), "int64"),
        ModelInput("attention_mask", ("batch", "sequence"), "int64"),
    ),
)
KERAS = ModelInfo("KERAS", (ModelInput("input_1", (None, 224, 224, 3), "float32", "NHWC"),))
TORCH = ModelInfo("PYTORCH", (ModelInput("x", None), ModelInput("mask", None)))
TFLITE = ModelInfo(
    "TFLITE",
    (ModelInput("serving_default_x:0", (1, 224, 224, 3), "float32", "NHWC", ("x",)),),
)


def _messages(config: str | None, framework: str, info: ModelInfo) -> list[str]:
    """The findings' sentences, without the citation each ends in (test_rules checks those)."""
    return [uncited(p.message) for p in model_problems(config, framework, info)]


def uncited(message: str) -> str:
    return message.split(" (rule model/")[0].rstrip(".") + "."


# ---- model_problems ------------------------------------------------------------------------------


def test_matching_config_has_no_problem() -> None:
    """A config that fits the model (dynamic batch given any size) yields nothing."""
    assert model_problems('{"pixel_values": [8, 3, 224, 224]}', "ONNX", ONNX) == []


def test_unknown_input_name_lists_the_model_inputs_with_symbols() -> None:
    """An unknown name says what the inputs are, dynamic dims as their symbol."""
    problems = model_problems('{"data": [1, 3, 224, 224]}', "ONNX", ONNX)
    assert problems[0].path == SHAPES
    assert uncited(problems[0].message) == (
        "The model has no input 'data'; the model's inputs are 'pixel_values' [batch,3,224,224]."
    )
    assert "'pixel_values' [batch,3,224,224] is missing" in problems[1].message


def test_missing_second_input() -> None:
    """A two-input model given one input reports the other as missing."""
    messages = _messages('{"input_ids": [1, 128]}', "ONNX", TWO)
    assert messages == [
        "The model's input 'attention_mask' [batch,sequence] is missing from DataInputConfig."
    ]


def test_wrong_rank() -> None:
    """A three-dimension shape for a four-dimension input is a rank problem."""
    messages = _messages('{"pixel_values": [3, 224, 224]}', "ONNX", ONNX)
    assert messages == [
        "Input 'pixel_values' has 4 dimensions in the model [batch,3,224,224]; "
        "DataInputConfig gives 3 [3,224,224]."
    ]


def test_nhwc_given_for_an_nchw_model_is_a_layout_swap() -> None:
    """The same dims permuted channels last are named as a layout swap, with the fix."""
    messages = _messages('{"pixel_values": [1, 224, 224, 3]}', "ONNX", ONNX)
    assert messages == [
        "Input 'pixel_values' [1,224,224,3] is written NHWC, but ONNX takes it NCHW "
        "[batch,3,224,224]; write [1,3,224,224]."
    ]


def test_nchw_given_for_an_nhwc_tflite_model() -> None:
    """The reverse swap for a channels-last model; the signature key is accepted as a name."""
    messages = _messages('{"x": [1, 3, 224, 224]}', "TFLITE", TFLITE)
    assert len(messages) == 1 and "written NCHW, but TFLITE takes it NHWC" in messages[0]


def test_fixed_dimension_that_differs() -> None:
    """A fixed size given another value names the dimension and the model's value; a warning,
    since the pages are silent and the compiler's importers take the shape given (it was a
    refusal)."""
    problems = model_problems('{"pixel_values": [1, 3, 256, 224]}', "ONNX", ONNX)
    assert [(p.severity, p.message.split(";")[0]) for p in problems] == [
        (
            "warning",
            "Input 'pixel_values' [1,3,256,224]: dimension 2 is 256 where the model fixes 224 "
            "(model: [batch,3,224,224])",
        )
    ]


def test_a_dynamic_mark_skips_its_own_dimension_only() -> None:
    """One -1 or null switched the whole comparison off: a Keras NHWC shape, a wrong rank and
    a wrong fixed size then passed."""
    assert "KERAS takes it NCHW" in " ".join(
        _messages('{"input_1": [-1, 224, 224, 3]}', "KERAS", KERAS)
    )
    assert "has 4 dimensions in the model" in " ".join(
        _messages('{"pixel_values": [null, 3, 224]}', "ONNX", ONNX)
    )
    assert "dimension 2 is 100" in " ".join(
        _messages('{"pixel_values": [-1, 3, 100, 224]}', "ONNX", ONNX)
    )
    assert _messages('{"pixel_values": [-1, 3, 224, 224]}', "ONNX", ONNX) == []


def test_python_quoted_shapes_are_checked_against_the_model() -> None:
    """The guide's own {'data': [...]} form was read by the request check but not compared
    with the model at all."""
    assert "The model has no input 'nope'" in " ".join(
        _messages("{'nope': [1, 3, 224, 224]}", "ONNX", ONNX)
    )


def test_a_tensor_suffix_is_read_for_tensorflow_only() -> None:
    """pixel_values:0 passed for ONNX, whose importer looks names up exactly."""
    assert "The model has no input 'pixel_values:0'" in " ".join(
        _messages('{"pixel_values:0": [1, 3, 224, 224]}', "ONNX", ONNX)
    )


def test_a_darknet_input_under_another_name_is_a_warning_and_its_shape_is_checked() -> None:
    """The pages are silent on whether Neo takes another name for a Darknet model's one input:
    refused, it became a warning; its sizes are still compared with the cfg's."""
    darknet = ModelInfo("DARKNET", (ModelInput("data", (1, 3, 416, 416), "float32", "NCHW"),))
    found = model_problems('{"input": [1, 3, 416, 416]}', "DARKNET", darknet)
    assert [p.severity for p in found] == ["warning"]
    assert "one input is named 'data'" in found[0].message
    wrong = model_problems('{"input": [1, 416, 416, 3]}', "DARKNET", darknet)
    assert any(p.severity == "error" and "NCHW" in p.message for p in wrong), wrong
    two = model_problems('{"a": [1, 3, 416, 416], "b": [1]}', "DARKNET", darknet)
    assert any(p.severity == "error" and "no input 'a'" in p.message for p in two)


def test_a_size_below_one_where_the_model_fixes_one_is_a_mismatch_too() -> None:
    """-8 where the model fixes 8 was left to the "0 or below" warning alone; -1, the usual
    mark of a dynamic size, is not compared."""
    messages = _messages('{"pixel_values": [1, -3, 224, 224]}', "ONNX", ONNX)
    assert messages == [
        "Input 'pixel_values' [1,-3,224,224]: dimension 1 is -3 where the model fixes 3 "
        "(model: [batch,3,224,224]); the compiler takes the shape given, so the compile may "
        "fail where the model's operations need the size it fixes: write [1,3,224,224], unless "
        "you mean it."
    ]
    assert _messages('{"pixel_values": [1, -1, 224, 224]}', "ONNX", ONNX) == []


def test_a_fraction_where_the_model_fixes_a_size_is_a_mismatch() -> None:
    """224.5 where the model fixes 224 got only the warning about fractions."""
    messages = _messages('{"pixel_values": [1, 3, 224.5, 224]}', "ONNX", ONNX)
    assert messages == [
        "Input 'pixel_values' [1,3,224.5,224]: dimension 2 is 224.5 where the model fixes 224 "
        "(model: [batch,3,224,224]); the compiler takes the shape given, so the compile may "
        "fail where the model's operations need the size it fixes: write [1,3,224,224], unless "
        "you mean it."
    ]
    assert _messages('{"pixel_values": [1, 3, 224.0, 224]}', "ONNX", ONNX) == []


def test_framework_mismatch() -> None:
    """An ONNX file with Framework PYTORCH is a Framework problem (and only that)."""
    problems = model_problems("[[1, 3, 224, 224]]", "PYTORCH", ONNX)
    assert [(p.path, p.message) for p in problems] == [
        (
            FRAMEWORK,
            "The model is ONNX (m.onnx), but Framework is PYTORCH; set Framework to ONNX (rule "
            "model/framework, API reference: InputConfig, Framework).",
        )
    ]


def test_keras_wants_nchw_although_the_model_is_nhwc() -> None:
    """For Keras the NCHW permutation is right and the model's own NHWC shape is the swap."""
    assert model_problems('{"input_1": [1, 3, 224, 224]}', "KERAS", KERAS) == []
    messages = _messages('{"input_1": [1, 224, 224, 3]}', "KERAS", KERAS)
    assert len(messages) == 1
    assert "KERAS takes it NCHW" in messages[0] and "write [1,3,224,224]" in messages[0]
    assert "although the model is NHWC" in messages[0]


def test_pytorch_list_of_shapes_matched_by_position() -> None:
    """A PyTorch list with one shape for a two-input forward() is a count problem."""
    messages = _messages("[[1, 3, 224, 224]]", "PYTORCH", TORCH)
    assert messages == [
        "DataInputConfig gives 1 input(s), but the model takes 2 ('x', 'mask'); "
        "PYTORCH matches them by position."
    ]
    assert model_problems('{"input0": [1, 3], "input1": [1, 3]}', "PYTORCH", TORCH) == []


def test_pytorch2_list_of_objects_with_dtype() -> None:
    """PyTorch 2 objects are compared by position and their dtype against the model's."""
    info = ModelInfo("PYTORCH", (ModelInput("x", (1, 3, 224, 224), "float32", "NCHW"),))
    config = json.dumps([{"shape": [1, 224, 224, 3], "dtype": "float16"}])
    problems = model_problems(config, "PYTORCH", info)
    assert [p.severity for p in problems] == ["warning", "error"]
    assert "dtype float16" in problems[0].message and "NCHW" in problems[1].message


def test_coreml_per_input_objects() -> None:
    """CoreML-style {"name": {"shape": [...]}} objects are compared by name."""
    config = '{"pixel_values": {"shape": [1, 3, 225, 224]}}'
    assert "dimension 2 is 225" in _messages(config, "ONNX", ONNX)[0]


@pytest.mark.parametrize(
    "config",
    [None, "", "not json", "[1, 2", "42", '"text"', "null", '{"pixel_values": "1,3"}', "[[1,2]]"],
)
def test_odd_or_unparseable_config_gives_no_model_problem(config: str | None) -> None:
    """What the request validator reports (bad JSON, a list for ONNX) is not repeated here."""
    assert model_problems(config, "ONNX", ONNX) == []


def test_xgboost_and_unknown_shapes_are_not_compared() -> None:
    """A model without inputs, or a name check only when shapes are unknown."""
    xgb = ModelInfo("XGBOOST", ())
    assert model_problems('{"x": [1]}', "XGBOOST", xgb) == []
    mx = ModelInfo("MXNET", (ModelInput("data", None),))
    assert model_problems('{"data": [1, 3, 224, 224]}', "MXNET", mx) == []
    assert "no input 'img'" in _messages('{"img": [1, 3]}', "MXNET", mx)[0]


@settings(max_examples=150, deadline=None)
@given(
    config=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
        max_leaves=12,
    ),
    framework=st.sampled_from(["ONNX", "KERAS", "PYTORCH", "TFLITE", "", "onnx"]),
    info=st.sampled_from([ONNX, TWO, KERAS, TORCH, TFLITE]),
)
def test_model_problems_never_crash(config: object, framework: str, info: ModelInfo) -> None:
    """Any JSON value, any framework: a list of problems, never an exception."""
    problems = model_problems(json.dumps(config), framework, info)
    assert all(p.path in (SHAPES, FRAMEWORK) for p in problems)


# ---- fill_data_input_config and dynamic_questions ------------------------------------------------


def test_fill_uses_batch_for_a_dynamic_batch() -> None:
    """Only the batch is dynamic: it becomes `batch`, the rest is the model's."""
    assert fill_data_input_config(ONNX) == '{"pixel_values": [1, 3, 224, 224]}'
    assert fill_data_input_config(ONNX, batch=4) == '{"pixel_values": [4, 3, 224, 224]}'


def test_fill_asks_for_other_dynamic_dims() -> None:
    """A dynamic sequence length is never guessed: the error names it."""
    with pytest.raises(NeoConfigError, match=r"dynamic dimension 1 \(sequence\); give its size"):
        fill_data_input_config(TWO)


def test_fill_with_answers_full_shapes_or_all_dynamic_sizes() -> None:
    """Answers to the questions, all dynamic sizes, or a whole shape fill the same way."""
    answers = {"input_ids": [128], "attention_mask": [2, 128]}
    assert json.loads(fill_data_input_config(TWO, answers, batch=2)) == {
        "input_ids": [2, 128],
        "attention_mask": [2, 128],
    }
    with pytest.raises(NeoConfigError, match="changes dimension 1"):
        fill_data_input_config(ONNX, {"pixel_values": [1, 4, 224, 224]})
    with pytest.raises(NeoConfigError, match="whole numbers"):
        fill_data_input_config(TWO, {"input_ids": [0], "attention_mask": [1]})


def test_fill_keras_writes_nchw() -> None:
    """A Keras NHWC input is written NCHW, as Neo wants it."""
    assert fill_data_input_config(KERAS) == '{"input_1": [1, 3, 224, 224]}'


def test_fill_torchscript_needs_whole_shapes() -> None:
    """No stored shape: the caller's whole shapes are used, and asked for when missing."""
    with pytest.raises(NeoConfigError, match="does not store the shape of 'x'"):
        fill_data_input_config(TORCH)
    filled = fill_data_input_config(TORCH, {"x": [1, 3, 224, 224], "mask": [1, 224]})
    assert json.loads(filled) == {"x": [1, 3, 224, 224], "mask": [1, 224]}


def test_fill_refuses_xgboost_and_accepts_aliases() -> None:
    """XGBoost takes no DataInputConfig; a TFLite signature key names its tensor."""
    with pytest.raises(NeoConfigError, match="XGBoost takes no DataInputConfig"):
        fill_data_input_config(ModelInfo("XGBOOST", ()))
    dynamic = ModelInfo("TFLITE", (ModelInput("t:0", (None, "h", "w", 3), "", "NHWC", ("x",)),))
    assert fill_data_input_config(dynamic, {"x": [160, 160]}) == '{"t:0": [1, 160, 160, 3]}'


def test_dynamic_questions_skip_the_batch() -> None:
    """The batch is not asked; other dynamic dims and unknown shapes are."""
    assert dynamic_questions(ONNX) == []
    assert dynamic_questions(TWO) == [
        ("input_ids", 1, "sequence"),
        ("attention_mask", 1, "sequence"),
    ]
    assert dynamic_questions(TORCH) == [("x", -1, "shape"), ("mask", -1, "shape")]
    unknown = ModelInfo("ONNX", (ModelInput("x", (None, None)),))
    assert dynamic_questions(unknown) == [("x", 1, "?")]
