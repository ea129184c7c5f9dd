"""The command line, run as a user would: python -m core ..."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.presets import presets
from tests.conftest import VALID_REQUEST

ROOT = Path(__file__).resolve().parents[2]
RPI = (
    '"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"},\n'
    "\"CompilerOptions\": {'mattr': ['+neon']}"
)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_presets_lists_one_a_line_name_first():
    """Each line starts with a preset's NAME, usable with `presets NAME`."""
    done = run("presets")
    assert done.returncode == 0
    names = [line.split()[0] for line in done.stdout.splitlines()]
    assert names == [p.id for p in presets()]


def test_preset_prints_its_output_config():
    """`presets jetson-tx2` prints that preset's OutputConfig JSON."""
    done = run("presets", "jetson-tx2")
    output = json.loads(done.stdout)
    assert output["TargetPlatform"] == {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}
    assert json.loads(output["CompilerOptions"])["gpu-code"] == "sm_62"


def test_unknown_preset_is_one_line_and_nonzero():
    done = run("presets", "nope")
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_import_repairs_from_stdin_with_repairs_on_stderr():
    """`import -` prints canonical JSON on stdout and each repair on stderr; exit 0."""
    done = run("import", "-", stdin=RPI)
    assert done.returncode == 0
    assert json.loads(done.stdout)["TargetPlatform"]["Arch"] == "ARM_EABIHF"
    assert "using 'ARM_EABIHF'" in done.stderr


def test_import_exits_1_when_problems_remain(tmp_path):
    bad = dict(VALID_REQUEST, RoleArn="not-a-role")
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    done = run("import", str(tmp_path / "bad.json"))
    assert done.returncode == 1
    assert "RoleArn" in done.stderr


def test_validate_is_strict_one_line_per_problem(tmp_path):
    """A needed repair is a problem for `validate`: Field.Path: message lines, exit 1."""
    doc = dict(
        VALID_REQUEST,
        OutputConfig={
            "S3OutputLocation": "s3://b/o",
            "TargetPlatform": {"Os": "LINUX", "Arch": "X8664"},
            "CompilerOptions": {"mcpu": "skylake-avx512"},
        },
    )
    (tmp_path / "doc.json").write_text(json.dumps(doc))
    done = run("validate", str(tmp_path / "doc.json"))
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert lines and all(": " in line for line in lines)
    assert any(line.startswith("OutputConfig.TargetPlatform.Arch: ") for line in lines)


def test_validate_accepts_a_valid_request(tmp_path):
    (tmp_path / "ok.json").write_text(json.dumps(VALID_REQUEST))
    done = run("validate", str(tmp_path / "ok.json"))
    assert (done.returncode, done.stdout) == (0, "")


@pytest.mark.parametrize("fmt", ["json", "outputconfig", "cli", "boto3", "sdk"])
def test_render_formats(tmp_path, fmt):
    (tmp_path / "ok.json").write_text(json.dumps(VALID_REQUEST))
    done = run("render", str(tmp_path / "ok.json"), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert "ml_c5" in done.stdout


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("validate", "/no/such/file.json"), None),
        (("import", "-"), "{{{ not json"),
        (("render", "-"), "x" * (10 * 1024 * 1024)),
        (("import", "-"), "\x00\xff garbage \u202e"),
    ],
    ids=["missing-file", "broken", "10MB", "binary-ish"],
)
def test_bad_input_is_one_line_never_a_traceback(args, stdin):
    """Missing files, broken text and a 10 MB paste: one line on stderr, non-zero exit."""
    done = run(*args, stdin=stdin)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
