"""CompileReport semantics and the translation of TVM's error text into one paragraph."""

from __future__ import annotations

import json

from core.compile.report import STAGES, CompileReport, StageResult, Status, explain, pending


def _report(*statuses: Status, cancelled: bool = False) -> CompileReport:
    stages = tuple(
        StageResult(name, status, f"{name} {status}.")
        for name, status in zip(STAGES, statuses, strict=True)
    )
    return CompileReport("rasp3b", stages, cancelled=cancelled)


def test_ok_means_built_and_nothing_failed() -> None:
    """Skipped ran/matched (cross target) is ok; a failure, a cancel or no build is not."""
    assert _report("passed", "passed", "passed", "skipped", "skipped").ok
    assert not _report("passed", "passed", "failed", "skipped", "skipped").ok
    assert not _report("passed", "passed", "passed", "passed", "passed", cancelled=True).ok
    assert not _report("skipped", "skipped", "skipped", "skipped", "skipped").ok


def test_reason_is_the_first_failure() -> None:
    """The report's reason names the failed stage and its sentence."""
    report = _report("passed", "failed", "skipped", "skipped", "skipped")
    assert report.reason == "The local compile failed at its 'built' stage: built failed."


def test_to_dict_round_trips_through_json() -> None:
    """What the worker writes is what the parent reads back."""
    report = _report("passed", "passed", "skipped", "skipped", "skipped")
    again = CompileReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again == report and again.to_dict()["ok"] is True


def test_interrupted_fails_the_running_stage_and_skips_the_rest() -> None:
    """A cancel during the build: imported kept, built failed with the reason, rest skipped."""
    stages = list(pending("ml_c5").stages)
    stages[0] = StageResult("imported", "passed", "read it.")
    report = CompileReport("ml_c5", tuple(stages)).interrupted("cancelled", cancelled=True)
    assert [s.status for s in report.stages] == [
        "passed",
        "failed",
        "skipped",
        "skipped",
        "skipped",
    ]
    assert report.stage("built").reason == "cancelled" and report.cancelled and not report.ok


def test_unsupported_operator_is_named() -> None:
    """TVM's OpNotImplemented text becomes a sentence naming the operator."""
    error = RuntimeError("The following operators are not supported for frontend ONNX: Foo")
    assert explain(error, "", "imported") == (
        "TVM's ONNX importer has no converter for operator Foo, so this model cannot be "
        "compiled locally."
    )


def test_conversion_failure_names_operator_and_inputs_without_ir_noise() -> None:
    """The importer's printed operator and inputs lead; TVM's ir.Op repr and T.int64 go."""
    error = ValueError(
        'In ir.Op(span=None, name="relax.add", arguments=(ir.ArgumentInfo(name="x1"),), '
        "support_level=10), the first input shape at dim 1 is T.int64(3) and the second input "
        "shape at dim 1 is T.int64(4), which are not broadcastable."
    )
    text = explain(error, "Error converting operator Add, with inputs: [x, z]\n", "imported")
    assert text.startswith("TVM could not import operator Add (inputs x, z): the first input")
    assert "ir.Op" not in text and "T.int64" not in text and "dim 1 is 3" in text


def test_a_tvm_traceback_becomes_one_line_naming_the_relax_op() -> None:
    """Backtrace frames are dropped; the relax op in the message is named."""
    error = RuntimeError(
        "Traceback (most recent call last):\n"
        '  File "/x/tvm/relax/vm_build.py", line 12, in build\n'
        "    raise err\n"
        "tvm.error.InternalError: Check failed: (ndim == 4) is false: relax.nn.conv2d expects "
        "a 4-D input"
    )
    text = explain(error)
    assert "\n" not in text and "File " not in text and "Traceback" not in text
    assert text.startswith("TVM could not build the model in operator relax.nn.conv2d:")
