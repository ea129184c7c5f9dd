"""The command line, run as a user would: python -m core ..."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.knowledge.presets import presets
from tests.cli import run_core
from tests.conftest import VALID_REQUEST

ROOT = Path(__file__).resolve().parents[2]
RPI = (
    '"TargetPlatform": {"Os": "LINUX", "Arch": "ARMEABIHF"},\n'
    "\"CompilerOptions\": {'mattr': ['+neon']}"
)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_core(*args, stdin=stdin, timeout=60)


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


# ---- files as people have them -----------------------------------------------------------------


def write(tmp_path: Path, text: str | bytes, name: str = "doc.json") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("command", ["import", "validate", "render"])
def test_empty_file_is_one_line_and_nonzero(tmp_path, command):
    """An empty file says it is empty, on one line, with a non-zero exit."""
    done = run(command, write(tmp_path, ""))
    assert done.returncode != 0
    said = done.stdout if command == "validate" else one_line_error(done)
    assert "empty" in said and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["import", "validate", "render"])
def test_utf8_bom_file_is_read(tmp_path, command):
    """A file saved with a UTF-8 byte-order mark (Windows editors) is read like one without."""
    path = write(tmp_path, "\ufeff".encode() + json.dumps(VALID_REQUEST).encode())
    done = run(command, path)
    assert done.returncode == 0, done.stdout + done.stderr
    if command == "import":
        assert json.loads(done.stdout) == VALID_REQUEST


def test_utf8_bom_on_stdin_is_read():
    done = run("validate", "-", stdin="\ufeff" + json.dumps(VALID_REQUEST))
    assert (done.returncode, done.stdout) == (0, "")


@pytest.mark.parametrize("command", ["import", "render", "validate"])
def test_missing_file_is_named(command):
    done = run(command, "/no/such/file.json")
    assert done.returncode == 2
    assert one_line_error(done) == "error: No such file: /no/such/file.json"


@pytest.mark.parametrize("command", ["import", "render", "validate"])
def test_directory_is_called_a_directory(tmp_path, command):
    done = run(command, str(tmp_path))
    assert done.returncode == 2
    assert "is a directory" in one_line_error(done)


def test_validate_reads_stdin():
    """`validate -` checks standard input: valid passes, invalid gives Field.Path lines."""
    assert run("validate", "-", stdin=json.dumps(VALID_REQUEST)).returncode == 0
    bad = dict(VALID_REQUEST, RoleArn="not-a-role")
    done = run("validate", "-", stdin=json.dumps(bad))
    assert done.returncode == 1
    assert done.stdout.startswith("RoleArn: ")


# ---- strict validate: a needed repair is a problem ----------------------------------------------


def request_with(**changes: object) -> dict:
    api = json.loads(json.dumps(VALID_REQUEST))
    for path, value in changes.items():
        node = api
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    return api


def output(target: dict, options: object) -> dict:
    return {"S3OutputLocation": "s3://b/o/", **target, "CompilerOptions": json.dumps(options)}


NVIDIA = {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}}
NVIDIA_FREE_ARM = {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"}}
STRICT = {
    "python-field-names": (
        {
            "job_name": "neo-test-job",
            "role_arn": VALID_REQUEST["RoleArn"],
            "input_config": VALID_REQUEST["InputConfig"],
            "output_config": VALID_REQUEST["OutputConfig"],
            "stopping_condition": {"MaxRuntimeInSeconds": 900},
        },
        "job_name: ",
    ),
    "target-key": (
        request_with(
            OutputConfig={
                "S3OutputLocation": "s3://b/o/",
                "target": {"kind": "device", "device": "ml_c5"},
            }
        ),
        "OutputConfig",
    ),
    "runtime-text": (
        request_with(StoppingCondition__MaxRuntimeInSeconds="900"),
        "StoppingCondition.MaxRuntimeInSeconds: ",
    ),
    "runtime-float": (
        request_with(StoppingCondition__MaxRuntimeInSeconds=900.0),
        "StoppingCondition.MaxRuntimeInSeconds: ",
    ),
    "runtime-null": (
        request_with(StoppingCondition__MaxRuntimeInSeconds=None),
        "StoppingCondition.MaxRuntimeInSeconds: ",
    ),
    "framework-version-null": (
        request_with(InputConfig__FrameworkVersion=None),
        "InputConfig.FrameworkVersion: ",
    ),
    "neuron-flags-object": (
        request_with(OutputConfig=output({"TargetDevice": "ml_inf1"}, {"flags": "-O2"})),
        "OutputConfig.CompilerOptions: ",
    ),
    "device-with-dot": (
        request_with(OutputConfig__TargetDevice="ml.c5"),
        "OutputConfig.TargetDevice: ",
    ),
    "key-twice": (
        json.dumps(VALID_REQUEST)[:-1] + ', "RoleArn": "arn:aws:iam::123456789012:role/Other"}',
        "File: ",
    ),
}


@pytest.mark.parametrize("case", list(STRICT))
def test_validate_refuses_what_import_would_repair(tmp_path, case):
    """Each of these exited 0 before: validate is strict, one `Field.Path: message` per line."""
    document, start = STRICT[case]
    text = document if isinstance(document, str) else json.dumps(document)
    done = run("validate", write(tmp_path, text))
    assert done.returncode == 1, done.stdout
    lines = done.stdout.strip().splitlines()
    assert any(line.startswith(start) for line in lines), lines
    assert all(": " in line for line in lines)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ((NVIDIA_FREE_ARM, {"mattr": "+neon"}), "mattr is '+neon'; the app sends [\"+neon\"]"),
        (({"TargetDevice": "qcs605"}, {"ANDROID_PLATFORM": "25"}), "is '25'; the app sends 25"),
    ],
    ids=["mattr-string", "android-platform-text"],
)
def test_validate_warns_of_an_option_written_another_way_than_the_reference(
    tmp_path, options, said
):
    """Inside CompilerOptions the documentation is silent on other forms (NOTES: some SDK docs
    write mattr as a bare string): exit 0 and a warning offering the form the app sends."""
    target, values = options
    done = run(
        "validate", write(tmp_path, json.dumps(request_with(OutputConfig=output(target, values))))
    )
    assert (done.returncode, done.stdout) == (0, ""), done.stdout
    assert said in done.stderr and "no page says whether SageMaker takes the other" in done.stderr


def test_validate_accepts_whitespace_only_differences(tmp_path):
    """Pretty-printed CompilerOptions and DataInputConfig are the same JSON: no problem."""
    api = request_with(
        OutputConfig={
            "S3OutputLocation": "s3://b/o/",
            "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"},
            "CompilerOptions": json.dumps({"mattr": ["+neon"]}, indent=2),
        },
        InputConfig__DataInputConfig='{ "data" : [1,3,224,224] }',
    )
    done = run("validate", write(tmp_path, json.dumps(api, indent=2)))
    assert (done.returncode, done.stdout) == (0, ""), done.stdout


def test_validate_problems_are_one_line_without_a_regex(tmp_path):
    """A multi-line value is shown escaped on its one line, and no '.*' is printed as a hint."""
    api = request_with(
        CompilationJobName="bad\nname",
        InputConfig__Framework="PYTORCH",  # the dtype values are PyTorch's
        InputConfig__FrameworkVersion="1.13",
        OutputConfig={
            "S3OutputLocation": "s3://b/o/",
            "TargetDevice": "ml_c5",
            "CompilerOptions": '{\n "dtype": "float16"\n}',
        },
    )
    done = run("validate", write(tmp_path, json.dumps(api)))
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 2, lines
    assert lines[0].startswith("CompilationJobName: ") and "'bad\\nname'" in lines[0]
    assert lines[1].startswith("OutputConfig.CompilerOptions.dtype: ")
    assert ".*" not in done.stdout


# ---- render --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["cli", "boto3", "sdk"])
def test_render_refuses_an_output_config_alone_for_a_call(tmp_path, fmt):
    """cli/boto3/sdk are create-compilation-job calls: an OutputConfig alone gets one line."""
    path = write(
        tmp_path, json.dumps({"S3OutputLocation": "s3://my-bucket/o/", "TargetDevice": "ml_c5"})
    )
    done = run("render", path, "--format", fmt)
    assert done.returncode == 1 and done.stdout == ""
    line = one_line_error(done)
    assert "full request" in line and "framework" not in line


def test_render_prints_repairs_to_stderr(tmp_path):
    """render says what it repaired, as import does, and renders the repaired request."""
    done = run("render", "-", "--format", "outputconfig", stdin=RPI)
    assert done.returncode == 0
    assert json.loads(done.stdout)["TargetPlatform"]["Arch"] == "ARM_EABIHF"
    assert "repaired: Arch 'ARMEABIHF' is not an API value; using 'ARM_EABIHF'." in done.stderr


def test_validate_warns_on_the_guides_python_quotes_and_offers_the_json_form() -> None:
    """The developer guide's job files quote DataInputConfig and CompilerOptions the Python
    way; no page says SageMaker takes that, so validate warns (exit 0) and shows the JSON form."""
    request = json.loads(json.dumps(VALID_REQUEST))
    request["InputConfig"]["DataInputConfig"] = "{'data': [1, 3, 224, 224]}"
    request["OutputConfig"] = {
        "S3OutputLocation": "s3://my-bucket/compiled/",
        "TargetDevice": "rasp3b",
        "CompilerOptions": "{'mattr': ['+neon']}",
    }
    done = run("validate", "-", stdin=json.dumps(request))
    assert done.returncode == 0, done.stdout
    assert "Python-style quotes" in done.stderr
    assert '\'{"mattr": ["+neon"]}\'' in done.stderr
    assert "'{\"data\": [1, 3, 224, 224]}'" in done.stderr


def test_validate_names_every_key_a_file_gives_twice() -> None:
    """Three keys given twice were refused naming the first one found: each fix met the next
    refusal. Every such key is named at once."""
    text = json.dumps(VALID_REQUEST)
    text = text.replace('"RoleArn"', '"CompilationJobName": "bad_name", "RoleArn"', 1)
    text = text.replace('"TargetDevice"', '"TargetDevice": "ml_m5", "TargetDevice"', 1)
    text = text.replace('"S3Uri"', '"S3Uri": "s3://b/other.tar.gz", "S3Uri"', 1)
    done = run("validate", "-", stdin=text)
    assert done.returncode == 1
    [line] = done.stdout.splitlines()
    for key in ("CompilationJobName", "TargetDevice", "S3Uri"):
        assert f"'{key}'" in line
    assert "keep one of each" in line


def test_validate_says_its_errors_before_its_warnings_on_one_stream() -> None:
    """With both streams on one pipe (2>&1), the warnings came before the errors: standard
    output waited in its buffer until the end."""
    request = json.loads(json.dumps(VALID_REQUEST))
    request["CompilationJobName"] = "bad_name"  # an error
    request["OutputConfig"]["S3OutputLocation"] = (
        "s3://b/out/"  # a bucket name S3 refuses: a warning
    )
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a shell's
    done = subprocess.run(
        [sys.executable, "-m", "core", "validate", "-"],
        cwd=ROOT,
        env=buffered,
        input=json.dumps(request),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("CompilationJobName: "), lines
    assert any(line.startswith("warning: ") for line in lines[1:])


@pytest.mark.parametrize("command", ["import", "validate"])
def test_a_file_that_is_not_utf8_is_refused_not_changed(tmp_path, command):
    """A Latin-1 'café' in S3OutputLocation was read as 'caf\ufffd': validate passed and import
    printed it, without a word about the change."""
    request = dict(VALID_REQUEST)
    request["OutputConfig"] = {**request["OutputConfig"], "S3OutputLocation": "s3://bucket/café/"}
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(request, ensure_ascii=False, indent=1).encode("latin-1"))
    done = run(command, str(path))
    assert done.returncode == 2, done.stdout
    line = next(n for n, text in enumerate(path.read_bytes().split(b"\n"), 1) if b"caf" in text)
    assert one_line_error(done) == (
        f"error: {path} is not UTF-8 text (byte 0xE9 on line {line} is not UTF-8): save it as "
        "UTF-8 (it may be Latin-1 or Windows-1252) and import it again."
    )
