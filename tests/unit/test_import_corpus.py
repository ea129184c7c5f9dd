"""The corpus of snippets people paste (tests/fixtures/snippets/): for each, every value a reader
resolves by hand comes through, and each value that comes from somewhere the text does not show
(a call to AWS, the environment, a training job) is named, never guessed and never lost."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.interchange.importer import import_text

SNIPPETS = Path(__file__).resolve().parents[1] / "fixtures" / "snippets"
ROLE_123 = "arn:aws:iam::123456789012:role/"
GUIDE_ROLE = (
    "arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-20201201T120000"
)


@dataclass(frozen=True)
class Prefix:
    """A value that starts with this text (a job name the SDK makes with a timestamp)."""

    text: str


ABSENT = object()
"""A member the snippet's request does not send (FrameworkVersion the SDK leaves out)."""

# file -> (what a reader resolves by hand: path -> value, what cannot be: path -> its source)
EXPECTED: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "apiref_backslash_escaped.txt": (
        {
            "S3OutputLocation": "s3://escaped-bucket/out",
            "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"},
            "CompilerOptions": {"mcpu": "skylake-avx512"},
        },
        {},
    ),
    "apiref_inferentia_doubled_quotes.txt": (
        {"TargetDevice": "ml_inf1", "CompilerOptions": '"--verbose 1 --num-neuroncores 2 -O2"'},
        {},
    ),
    "cli_input_json_plus_flags.sh": (
        {
            "CompilationJobName": "onnx-from-flag",
            "RoleArn": ROLE_123 + "NeoRole",
            "InputConfig.S3Uri": "s3://cli-bucket/model.tar.gz",
            "InputConfig.Framework": "ONNX",
            "InputConfig.DataInputConfig": {"input": [1, 3, 224, 224]},
            "OutputConfig": {"S3OutputLocation": "s3://cli-bucket/out-m5", "TargetDevice": "ml_m5"},
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {},
    ),
    "cli_unknown_variables.sh": (
        {
            "InputConfig.S3Uri": "s3://edge-workshop/models/yolov5.tar.gz",
            "InputConfig.Framework": "PYTORCH",
            "InputConfig.FrameworkVersion": "1.8",
            "InputConfig.DataInputConfig": {"input0": [1, 3, 640, 640]},
            "OutputConfig.S3OutputLocation": "s3://edge-workshop/compiled",
            "OutputConfig.TargetDevice": "jetson_xavier",
            "StoppingCondition.MaxRuntimeInSeconds": 3600,
            "Tags": [{"Key": "workshop", "Value": "edge-manager"}],
        },
        {"CompilationJobName": "$COMPILATION_JOB", "RoleArn": "$ACCOUNT_ID"},
    ),
    "cloudformation_template.yaml": (
        {
            "CompilationJobName": "cfn-resnet50-c5",
            "InputConfig.Framework": "TENSORFLOW",
            "InputConfig.DataInputConfig": {"input_1": [1, 224, 224, 3]},
            "OutputConfig.S3OutputLocation": "s3://cfn-output-bucket/compiled",
            "OutputConfig.TargetDevice": "ml_c5",
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {"RoleArn": "!GetAtt NeoRole.Arn", "InputConfig.S3Uri": "!Sub"},
    ),
    "dlr_boto3_jetson_nano.py": (
        {
            "RoleArn": ROLE_123 + "DLRNeoRole",
            "InputConfig.S3Uri": "s3://dlr-demo/models/mobilenet_v2.tar.gz",
            "InputConfig.DataInputConfig": {"data": [1, 3, 224, 224]},
            "InputConfig.Framework": "MXNET",
            "OutputConfig.S3OutputLocation": "s3://dlr-demo/output/jetson_nano",
            "OutputConfig.TargetDevice": "jetson_nano",
            "StoppingCondition.MaxRuntimeInSeconds": 1800,
        },
        {"CompilationJobName": "time.time()"},
    ),
    "dlr_cli_shell_script.sh": (
        {
            "CompilationJobName": "ssd-mobilenet-rk3399",
            "RoleArn": ROLE_123 + "DLRNeoRole",
            "InputConfig.S3Uri": "s3://dlr-shell-demo/models/ssd.tar.gz",
            "InputConfig.DataInputConfig": {"normalized_input_image_tensor": [1, 300, 300, 3]},
            "InputConfig.Framework": "TFLITE",
            "OutputConfig.S3OutputLocation": "s3://dlr-shell-demo/compiled",
            "OutputConfig.TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"},
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {},
    ),
    "dlr_rasp_python_dict_comments.txt": (
        {
            "CompilationJobName": "rasp3b-resnet",
            "RoleArn": ROLE_123 + "DLRNeoRole",
            "InputConfig.S3Uri": "s3://dlr-demo/models/resnet18.tar.gz",
            "InputConfig.DataInputConfig": {"data": [1, 3, 224, 224]},
            "OutputConfig": {"S3OutputLocation": "s3://dlr-demo/output", "TargetDevice": "rasp3b"},
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {},
    ),
    "double_encoded.json": (
        {
            "CompilationJobName": "double-encoded",
            "RoleArn": ROLE_123 + "R",
            "InputConfig.DataInputConfig": {"input0": [1, 3, 224, 224]},
            "InputConfig.Framework": "PYTORCH",
            "OutputConfig.TargetDevice": "ml_g4dn",
            "OutputConfig.CompilerOptions": {"dtype": "float32"},
        },
        {},
    ),
    "edge_manager_env_role.py": (
        {
            "CompilationJobName": "edge-mobilenet-jetson",
            "InputConfig.DataInputConfig": {"input_1": [1, 224, 224, 3]},
            "InputConfig.Framework": "KERAS",
            "OutputConfig.S3OutputLocation": "s3://edge-manager-output/compiled",
            "OutputConfig.TargetPlatform": {
                "Os": "LINUX",
                "Arch": "ARM64",
                "Accelerator": "NVIDIA",
            },
            "OutputConfig.CompilerOptions": {
                "gpu-code": "sm_53",
                "trt-ver": "7.1.3",
                "cuda-ver": "10.2",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {"RoleArn": "os.environ['EDGE_ROLE_ARN']", "InputConfig.S3Uri": "get_caller_identity()"},
    ),
    "edge_workshop_config.yaml": (
        {
            "CompilationJobName": "edge-yolov5-xavier",
            "RoleArn": ROLE_123 + "EdgeManagerRole",
            "InputConfig.S3Uri": "s3://edge-workshop/models/yolov5.tar.gz",
            "InputConfig.Framework": "PYTORCH",
            "InputConfig.FrameworkVersion": "1.10",
            "InputConfig.DataInputConfig": {"input0": [1, 3, 640, 640]},
            "OutputConfig.TargetPlatform": {
                "Os": "LINUX",
                "Arch": "ARM64",
                "Accelerator": "NVIDIA",
            },
            "OutputConfig.CompilerOptions": {
                "gpu-code": "sm_72",
                "trt-ver": "8.0.1",
                "cuda-ver": "10.2",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 3600,
            "Tags": [
                {"Key": "workshop", "Value": "edge-manager"},
                {"Key": "reviewed", "Value": "no"},
            ],
        },
        {},
    ),
    "ex_boto3_try_role_fstrings.py": (
        {
            "CompilationJobName": "yolov3-jetson-xavier",
            "RoleArn": ROLE_123 + "service-role/AmazonSageMaker-ExecutionRole-20200101T000000",
            "InputConfig.S3Uri": "s3://neo-demo-bucket/models/yolov3.tar.gz",
            "InputConfig.DataInputConfig": {"data": [1, 3, 416, 416]},
            "InputConfig.Framework": "DARKNET",
            "OutputConfig.S3OutputLocation": "s3://neo-demo-bucket/compiled/jetson_xavier",
            "OutputConfig.TargetDevice": "jetson_xavier",
            "OutputConfig.CompilerOptions": {
                "gpu-code": "sm_72",
                "trt-ver": "5.1.6",
                "cuda-ver": "10.0",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {},
    ),
    "ex_keras_then_tensorflow_model.py": (
        {
            "CompilationJobName": "mobilenet-jetson-nano",
            "RoleArn": ROLE_123 + "NeoRole",
            "InputConfig.S3Uri": "s3://keras-bucket/mobilenet/model.tar.gz",
            "InputConfig.Framework": "TENSORFLOW",
            "InputConfig.FrameworkVersion": "2.4",  # sent by some SDK v2 releases: a warning
            "InputConfig.DataInputConfig": {"input_1": [1, 224, 224, 3]},
            "OutputConfig.S3OutputLocation": "s3://keras-bucket/mobilenet/compiled",
            "OutputConfig.TargetDevice": "jetson_nano",
            "OutputConfig.CompilerOptions": {
                "gpu-code": "sm_53",
                "trt-ver": "5.0.6",
                "cuda-ver": "10.0",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {},
    ),
    "ex_model_role_only_on_model.py": (
        {
            "CompilationJobName": "onnx-resnet50-m5",
            "InputConfig.S3Uri": "s3://onnx-neo/models/resnet50.tar.gz",
            "InputConfig.Framework": "ONNX",
            "InputConfig.DataInputConfig": {"data": [1, 3, 224, 224]},
            "OutputConfig": {"S3OutputLocation": "s3://onnx-neo/compiled", "TargetDevice": "ml_m5"},
        },
        {"RoleArn": "no role"},
    ),
    "ex_mxnet_estimator_compile_model.py": (
        {
            "CompilationJobName": Prefix("compilation-mxnet-training-"),
            "InputConfig.DataInputConfig": {"data": [1, 784]},
            "InputConfig.Framework": "MXNET",
            "InputConfig.FrameworkVersion": ABSENT,
            "OutputConfig": {
                "S3OutputLocation": "s3://my-bucket/mnist/compiled",
                "TargetDevice": "ml_c5",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {
            "RoleArn": "sagemaker.get_execution_role()",
            "InputConfig.S3Uri": "training job of 'mnist_estimator'",
        },
    ),
    "ex_pytorch_model_compile.py": (
        {
            "CompilationJobName": "resnet18-ml-c5",
            "InputConfig.S3Uri": "s3://my-neo-bucket/neo-pytorch-resnet18/model.tar.gz",
            "InputConfig.DataInputConfig": {"input0": [1, 3, 224, 224]},
            "InputConfig.Framework": "PYTORCH",
            "InputConfig.FrameworkVersion": "1.8",
            "OutputConfig.S3OutputLocation": "s3://my-neo-bucket/neo-pytorch-resnet18/compiled",
            "OutputConfig.TargetDevice": "ml_c5",
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {"RoleArn": "get_execution_role()"},
    ),
    "ex_sdk_sagemaker_session_compile.py": (
        {
            "CompilationJobName": "sdk-compile-unit",
            "RoleArn": ROLE_123 + "SageMakerRole",
            "InputConfig.S3Uri": "s3://sdk-tests/model.tar.gz",
            "InputConfig.DataInputConfig": {"data": [1, 3, 1024, 1024]},
            "OutputConfig": {
                "S3OutputLocation": "s3://sdk-tests/compiled",
                "TargetDevice": "ml_c4",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 300,
            "Tags": [{"Key": "suite", "Value": "unit"}],
        },
        {},
    ),
    "ex_tensorflow_estimator_platform.py": (
        {
            "CompilationJobName": Prefix("compilation-tf-mnist-"),
            "RoleArn": ROLE_123 + "service-role/AmazonSageMaker-ExecutionRole",
            "InputConfig.DataInputConfig": {"input_1": [1, 28, 28, 1]},
            "InputConfig.Framework": "TENSORFLOW",
            "InputConfig.FrameworkVersion": ABSENT,
            "OutputConfig.S3OutputLocation": "s3://my-bucket/tf-mnist/compiled",
            "OutputConfig.TargetPlatform": {
                "Os": "LINUX",
                "Arch": "ARM64",
                "Accelerator": "NVIDIA",
            },
            "OutputConfig.CompilerOptions": {
                "gpu-code": "sm_72",
                "trt-ver": "7.1.3",
                "cuda-ver": "10.2",
            },
        },
        {"InputConfig.S3Uri": "training job of 'mnist_estimator'"},
    ),
    "ex_tensorflow_if_else_target.py": (
        {
            "CompilationJobName": "tf-serving-neo",
            "RoleArn": ROLE_123 + "SageMakerRole",
            "InputConfig.S3Uri": "s3://tf-serving-bucket/model/model.tar.gz",
            "InputConfig.Framework": "TENSORFLOW",
            "InputConfig.FrameworkVersion": "2.9",
            "OutputConfig.S3OutputLocation": "s3://tf-serving-bucket/compiled",
        },
        {"OutputConfig.TargetDevice": "'ml_p3' or 'ml_c5'"},
    ),
    "ex_xgboost_compile_model.py": (
        {
            "CompilationJobName": Prefix("compilation-"),
            "RoleArn": ROLE_123 + "SageMakerRole",
            "InputConfig.DataInputConfig": {"data": [1, 69]},
            "InputConfig.Framework": "XGBOOST",
            "OutputConfig": {
                "S3OutputLocation": "s3://xgb-bucket/compiled",
                "TargetDevice": "ml_c5",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 1200,
        },
        {"InputConfig.S3Uri": "training job of 'xgb'"},
    ),
    "guide_cli_device_job.json": (
        {
            "CompilationJobName": "neo-compilation-job-demo",
            "RoleArn": GUIDE_ROLE,
            "InputConfig": {
                "S3Uri": "s3://demo-bucket/sagemaker/neo-compilation-job-demo-data/train",
                "DataInputConfig": {"data": [1, 3, 1024, 1024]},
                "Framework": "MXNET",
            },
            "OutputConfig": {
                "S3OutputLocation": "s3://demo-bucket/sagemaker/neo-compilation-job-demo-data/compile",
                "TargetDevice": "ml_c5",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 300,
        },
        {},
    ),
    "guide_cli_platform_job.txt": (
        {
            "CompilationJobName": "neo-test-compilation-job",
            "RoleArn": GUIDE_ROLE,
            "InputConfig.DataInputConfig": {"data": [1, 3, 1024, 1024]},
            "OutputConfig.TargetPlatform": {
                "Os": "LINUX",
                "Arch": "X86_64",
                "Accelerator": "NVIDIA",
            },
            "OutputConfig.CompilerOptions": {
                "cuda-ver": "10.0",
                "trt-ver": "6.0.1",
                "gpu-code": "sm_70",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 300,
        },
        {},
    ),
    "guide_cli_pytorch_dtype.json": (
        {
            "CompilationJobName": "neo-pytorch-demo",
            "InputConfig.DataInputConfig": {"input0": [1, 3, 224, 224]},
            "InputConfig.Framework": "PYTORCH",
            "InputConfig.FrameworkVersion": "1.6",
            "OutputConfig.TargetDevice": "ml_c5",
            "OutputConfig.CompilerOptions": {"dtype": "long"},
        },
        {},
    ),
    "guide_inferentia_pytorch.py": (
        {
            "CompilationJobName": "resnet50-inf1",
            "RoleArn": ROLE_123 + "SageMakerRole",
            "InputConfig.S3Uri": "s3://inf-bucket/resnet50/model.tar.gz",
            "InputConfig.Framework": "PYTORCH",
            "InputConfig.FrameworkVersion": "1.5",  # shortened; some releases send it for inf1
            "OutputConfig.TargetDevice": "ml_inf1",
            "OutputConfig.CompilerOptions": '"--dtype int64"',
        },
        {},
    ),
    "guide_sdk_estimator_doc.py": (
        {
            "InputConfig.DataInputConfig": {"data": [1, 784]},
            "OutputConfig": {
                "S3OutputLocation": "s3://my-bucket/compiled-model",
                "TargetDevice": "ml_c5",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {
            "RoleArn": "trained_model_estimator.role",
            "InputConfig.S3Uri": "training job of 'trained_model_estimator'",
            "InputConfig.Framework": "no framework",
        },
    ),
    "moto_helper_function.py": (
        {
            "CompilationJobName": "describe-me",
            "RoleArn": ROLE_123 + "FakeRole",
            "InputConfig.Framework": "TFLITE",
            "OutputConfig": {
                "S3OutputLocation": "s3://fake-bucket/output",
                "TargetDevice": "rasp4b",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 60,
        },
        {},
    ),
    "moto_platform_no_accelerator.py": (
        {
            "CompilationJobName": "platform-job",
            "InputConfig.Framework": "ONNX",
            "OutputConfig.TargetPlatform": {"Os": "LINUX", "Arch": "ARM_EABIHF"},
            "OutputConfig.CompilerOptions": {"mattr": ["+neon"]},
            "StoppingCondition.MaxRuntimeInSeconds": 300,
        },
        {},
    ),
    "moto_test_create_compilation_job.py": (
        {
            "CompilationJobName": "testcompilationjob",
            "InputConfig": {
                "S3Uri": "s3://MyBucket/model.tar.gz",
                "DataInputConfig": {"input0": [1, 3, 224, 224]},
                "Framework": "PYTORCH",
                "FrameworkVersion": "1.8",
            },
            "OutputConfig": {"S3OutputLocation": "s3://MyBucket/output", "TargetDevice": "ml_c5"},
            "StoppingCondition.MaxRuntimeInSeconds": 123,
        },
        {"RoleArn": "ACCOUNT_ID"},
    ),
    "nb_dlr_bang_aws.ipynb": (
        {
            "CompilationJobName": "dlr-rasp3b-mobilenet",
            "RoleArn": ROLE_123 + "NeoRole",
            "InputConfig.S3Uri": "s3://dlr-notebook/model.tar.gz",
            "InputConfig.DataInputConfig": {"input": [1, 224, 224, 3]},
            "OutputConfig": {"S3OutputLocation": "s3://dlr-notebook/out", "TargetDevice": "rasp3b"},
            "StoppingCondition.MaxRuntimeInSeconds": 600,
        },
        {},
    ),
    "nb_edge_bash_cell.ipynb": (
        {
            "CompilationJobName": "keras-resnet-ambarella",
            "RoleArn": ROLE_123 + "EdgeManagerRole",
            "InputConfig.S3Uri": "s3://edge-bash-cell/resnet.tar.gz",
            "InputConfig.DataInputConfig": {"input_1": [1, 3, 224, 224]},
            "InputConfig.Framework": "KERAS",
            "OutputConfig": {
                "S3OutputLocation": "s3://edge-bash-cell/out",
                "TargetDevice": "amba_cv25",
            },
        },
        {},
    ),
    "nb_edge_ternary_try_else.ipynb": (
        {
            "CompilationJobName": Prefix("compilation-tuned-resnet-"),
            "RoleArn": ROLE_123 + "EdgeManagerRole",
            "InputConfig.DataInputConfig": {"input0": [1, 3, 224, 224]},
            "InputConfig.Framework": "PYTORCH",
            "InputConfig.FrameworkVersion": "1.8",
            "OutputConfig.S3OutputLocation": "s3://edge-workshop/compiled/g4dn",
            "OutputConfig.TargetDevice": "ml_g4dn",
            "OutputConfig.CompilerOptions": {"dtype": "float32"},
        },
        {"InputConfig.S3Uri": "training job of '(tuned if use_tuned else base)'"},
    ),
    "nb_gluoncv_yolo_platform.ipynb": (
        {
            "CompilationJobName": "yolo3-jetson-platform",
            "InputConfig.S3Uri": "s3://gluoncv-neo-demo/models/yolo3_darknet53_coco.tar.gz",
            "InputConfig.DataInputConfig": {"data": [1, 3, 512, 512]},
            "InputConfig.Framework": "MXNET",
            "OutputConfig.S3OutputLocation": "s3://gluoncv-neo-demo/compiled",
            "OutputConfig.TargetPlatform": {
                "Os": "LINUX",
                "Arch": "ARM64",
                "Accelerator": "NVIDIA",
            },
            "OutputConfig.CompilerOptions": {
                "gpu-code": "sm_72",
                "trt-ver": "6.0.1",
                "cuda-ver": "10.0",
            },
        },
        {"RoleArn": "sagemaker.get_execution_role()"},
    ),
    "readme_markdown_fence.md": (
        {
            "CompilationJobName": "readme-rasp4b",
            "RoleArn": ROLE_123 + "NeoRole",
            "InputConfig.DataInputConfig": {"input": [1, 224, 224, 3]},
            "OutputConfig.TargetDevice": "rasp4b",
            "StoppingCondition.MaxRuntimeInSeconds": 600,
        },
        {},
    ),
    "sdk_integ_mxnet_role_name.py": (
        {
            "InputConfig.S3Uri": "s3://sagemaker-integ/mxnet_mnist/model.tar.gz",
            "InputConfig.DataInputConfig": {"data": [1, 1, 28, 28]},
            "InputConfig.Framework": "MXNET",
            "OutputConfig.S3OutputLocation": "s3://sagemaker-integ/mxnet_mnist",
            "OutputConfig.TargetDevice": "ml_inf1",
            "OutputConfig.CompilerOptions": '"--num-neuroncores 1"',
        },
        {"CompilationJobName": "unique_name_from_base(", "RoleArn": "'SageMakerRole'"},
    ),
    "sdk_integ_positional_compile.py": (
        {
            "CompilationJobName": "neo-mxnet-ml-c4",
            "RoleArn": ROLE_123 + "SageMakerRole",
            "InputConfig.DataInputConfig": {"data": [1, 1, 28, 28]},
            "InputConfig.Framework": "MXNET",
            "OutputConfig": {
                "S3OutputLocation": "s3://sdk-integ/compiled/mxnet",
                "TargetDevice": "ml_c4",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 600,
            "Tags": [{"Key": "integ", "Value": "neo"}],
        },
        {"InputConfig.S3Uri": "model.model_data"},
    ),
    "terraform_snake_case.json": (
        {
            "CompilationJobName": "tf-vars-mobilenet",
            "RoleArn": ROLE_123 + "TerraformNeo",
            "InputConfig.S3Uri": "s3://tf-bucket/mobilenet.tar.gz",
            "InputConfig.Framework": "TFLITE",
            "OutputConfig": {
                "S3OutputLocation": "s3://tf-bucket/compiled",
                "TargetDevice": "imx8mplus",
            },
            "StoppingCondition.MaxRuntimeInSeconds": 900,
        },
        {},
    ),
}

JSON_TEXT = ("DataInputConfig", "CompilerOptions")


def _at(api: dict[str, Any], path: str) -> Any:
    value: Any = api
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return ABSENT
        value = value[part]
    return value


def _same(expected: Any, actual: Any, path: str) -> bool:
    """Equal, JSON text compared as what it encodes (a reader writes {"data": [...]})."""
    if isinstance(expected, Prefix):
        return isinstance(actual, str) and actual.startswith(expected.text)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() <= actual.keys() and all(
            _same(value, actual[key], f"{path}.{key}") for key, value in expected.items()
        )
    if path.rsplit(".", 1)[-1] in JSON_TEXT and isinstance(expected, (dict, list)):
        return isinstance(actual, str) and json.loads(actual) == expected
    return bool(expected == actual)


def import_snippet(name: str) -> Any:
    return import_text((SNIPPETS / name).read_text(encoding="utf-8"))


def test_the_corpus_is_every_snippet_on_disk() -> None:
    """Each snippet has its expectations, and names the style it imitates in a comment."""
    files = sorted(p.name for p in SNIPPETS.iterdir() if p.name != "README.md")
    assert files == sorted(EXPECTED) and len(files) >= 36
    for name in files:
        assert "Style: " in (SNIPPETS / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_value_a_reader_resolves_comes_through(name: str) -> None:
    resolved, unresolved = EXPECTED[name]
    result = import_snippet(name)
    for path, expected in resolved.items():
        actual = _at(result.api, path)
        assert _same(expected, actual, path), (path, actual)
    for path, source in unresolved.items():
        assert _at(result.api, path) is ABSENT, path
        said = [p.message for p in result.notes if p.path == path and p.severity == "error"]
        assert said and source in said[0], (path, said)
    errors_read = {p.path for p in result.notes if p.severity == "error"}
    assert errors_read == set(unresolved), "only what cannot be resolved is named"


def test_import_rate_of_the_corpus() -> None:
    """The measure of the issue: every snippet imports, none is refused."""
    imported = 0
    for name in EXPECTED:
        import_snippet(name)  # raises NeoConfigError if refused
        imported += 1
    assert imported == len(EXPECTED)


def test_a_role_given_only_to_the_model_is_a_decision() -> None:
    """compile() without role=: the SDK does not use the Model's role, so using it is the
    person's choice (a decision), applied only when accepted."""
    text = (SNIPPETS / "ex_model_role_only_on_model.py").read_text(encoding="utf-8")
    [decision] = import_text(text).decisions
    assert (decision.key, decision.before, decision.applied) == ("RoleArn", None, False)
    assert decision.after == ROLE_123 + "OnnxNeoRole"
    chosen = import_text(text, accept=[decision.key])
    assert chosen.api["RoleArn"] == ROLE_123 + "OnnxNeoRole"
    assert not any(p.path == "RoleArn" for p in chosen.problems)
