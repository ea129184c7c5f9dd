"""Documented rules as data (rules.toml): every rule refuses or warns where it should, names
itself and its source, and the request corpus built from the documentation validates as it says.

Every rule id of rules.toml has a case below or in the invalid corpus
(tests/fixtures/requests/SOURCES.md), and a test checks that: removing a rule from the data fails
its case, and a rule added without a case fails the coverage test.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from core import cli
from core.errors import NeoConfigError
from core.knowledge import read_data
from core.knowledge import rules as knowledge_rules
from core.model import inspect_path
from core.model.check import model_problems
from core.spec import rules
from core.spec.request import check_output_config, check_request
from core.spec.strict import check_strict
from tests.conftest import VALID_REQUEST
from tests.unit.compile.compile_models import onnx_cnn

CORPUS = Path(__file__).parents[1] / "fixtures" / "requests"
TF = '{"input": [1, 224, 224, 3]}'
PT = '{"input0": [1, 3, 224, 224]}'


def rule_ids(problems: list[Any]) -> list[str]:
    """The rules.toml ids the problems' messages name."""
    return [m for p in problems for m in cli.RULE_NAMED.findall(p.message)]


def request(
    framework: str = "MXNET",
    shapes: str | None = '{"data": [1, 3, 224, 224]}',
    version: str | None = None,
    **output: Any,
) -> dict[str, Any]:
    """VALID_REQUEST with another model and target (keyword arguments replace the target)."""
    api = copy.deepcopy(VALID_REQUEST)
    api["InputConfig"] = {"S3Uri": "s3://my-bucket/models/model.tar.gz", "Framework": framework}
    if shapes is not None:
        api["InputConfig"]["DataInputConfig"] = shapes
    if version is not None:
        api["InputConfig"]["FrameworkVersion"] = version
    if output:
        api["OutputConfig"] = {"S3OutputLocation": "s3://my-bucket/compiled/", **output}
    return api


PLATFORM_X86 = {"TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}}
JETSON_PLATFORM = {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # (case, request, rule id, kind)
    (
        "tflite-lambda",
        request("TFLITE", TF, TargetDevice="lambda"),
        "framework-target/tflite-cloud",
        "refuse",
    ),
    (
        "onnx-inf1",
        request("ONNX", TargetDevice="ml_inf1", CompilerOptions='"--verbose 1"'),
        "framework-target/inferentia",
        "warn",  # the guide's tables list what Neo supports, as the cloud table does: a warning
    ),
    (
        "keras-inf2",
        request(
            "KERAS",
            '{"input_1": [1, 3, 224, 224]}',
            TargetDevice="ml_inf2",
            CompilerOptions='"--verbose 1"',
        ),
        "framework-target/inferentia2-trainium",
        "warn",
    ),
    ("mxnet-coreml", request("MXNET", TargetDevice="coreml"), "framework-target/coreml", "warn"),
    (
        "mxnet-eia",
        request("MXNET", TargetDevice="ml_eia2"),
        "framework-target/elastic-inference",
        "warn",
    ),
    ("darknet-ml-c5", request("DARKNET"), "framework-target/cloud-unlisted", "warn"),
    (
        "sklearn-rasp4b",
        request("SKLEARN", None, TargetDevice="rasp4b"),
        "framework-target/edge-unlisted",
        "warn",
    ),
    (
        "nna-android-arm-eabihf",
        request(TargetPlatform={"Os": "ANDROID", "Arch": "ARM_EABIHF", "Accelerator": "NNA"}),
        "platform/nna-unlisted-pair",
        "warn",  # no page describes NNA: nothing says what it makes a target, or not
    ),
    (
        "nna-linux-arm64",
        request(TargetPlatform={"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NNA"}),
        "platform/nna-undocumented",
        "warn",
    ),
    (
        "onnx-version",
        request("ONNX", version="1.7"),
        "framework-version/unversioned-framework",
        "refuse",
    ),
    (
        "pytorch-ml-c6g",
        request("PYTORCH", PT, "1.8", TargetDevice="ml_c6g"),
        "framework-version/undocumented",
        "warn",
    ),
    (
        "pytorch-platform",
        request("PYTORCH", PT, "1.8", **PLATFORM_X86),
        "framework-version/undocumented",
        "warn",
    ),
    (
        "tensorflow-coreml-version",
        request("TENSORFLOW", TF, "2.4", TargetDevice="coreml"),
        "framework-version/unversioned-targets",
        "warn",
    ),
    (
        "pytorch-1-3-ml-c5",
        request("PYTORCH", PT, "1.3"),
        "framework-version/cloud-pytorch",
        "warn",
    ),
    (
        "tensorflow-2-10-ml-m5",
        request("TENSORFLOW", TF, "2.10", TargetDevice="ml_m5"),
        "framework-version/cloud-tensorflow",
        "warn",
    ),
    (
        "mxnet-1-9-inf1",
        request("MXNET", version="1.9", TargetDevice="ml_inf1", CompilerOptions='"--verbose 1"'),
        "framework-version/inferentia-mxnet",
        "warn",
    ),
    (  # below the 1.8.0 listed: the page supports models of "1.8.0 or earlier", and the guide's
        # own SDK example (Prepare Model for Compilation) sends MXNet 1.7 for ml_c5
        "mxnet-1-7-ml-c5",
        request("MXNET", version="1.7"),
        "framework-version/cloud-mxnet",
        "warn",
    ),
    (
        "pytorch-1-12-inf1",
        request("PYTORCH", PT, "1.12", TargetDevice="ml_inf1", CompilerOptions='"--verbose 1"'),
        "framework-version/inferentia-pytorch",
        "warn",
    ),
    (
        "tensorflow-2-9-eia",
        request("TENSORFLOW", TF, "2.9", TargetDevice="ml_eia2"),
        "framework-version/elastic-inference-tensorflow",
        "warn",
    ),
    (
        "mxnet-1-5-rasp4b",
        request("MXNET", version="1.5", TargetDevice="rasp4b"),
        "framework-version/edge-mxnet",
        "warn",
    ),
    (
        "mxnet-1-9-rasp4b",
        request("MXNET", version="1.9", TargetDevice="rasp4b"),
        "framework-version/edge-mxnet",
        "warn",
    ),
    (
        "tensorflow-2-9-jetson",
        request("TENSORFLOW", TF, "2.9", TargetDevice="jetson_xavier"),
        "framework-version/edge-tensorflow",
        "warn",
    ),
    (
        "range-on-ml-c5",
        request("TENSORFLOW", '{"input": {"shape": ["1..4", 224, 224, 3]}}'),
        "shapes/coreml-converter-parameters",
        "warn",
    ),
    (
        "objects-mxnet",
        request("MXNET", '{"data": {"shape": [1, 3, 224, 224]}}'),
        "shapes/objects-undocumented",
        "warn",
    ),
    (
        "dtype-pytorch-1-8",
        request("PYTORCH", '[{"shape": [1, 3, 224, 224], "dtype": "float32"}]', "1.8"),
        "shapes/pytorch-objects-before-2",
        "warn",
    ),
    (
        "dtype-tensorflow-coreml",
        request(
            "TENSORFLOW",
            '{"input": {"shape": [1, 224, 224, 3], "dtype": "float32"}}',
            TargetDevice="coreml",
        ),
        "shapes/dtype-not-pytorch",
        "warn",
    ),
    (
        "unknown-input-key",
        request(
            "TENSORFLOW",
            '{"input": {"shape": [1, 224, 224, 3], "shapes": 1}}',
            TargetDevice="coreml",
        ),
        "shapes/unknown-input-keys",
        "warn",
    ),
    (
        "jetson-no-options",
        request(TargetDevice="jetson_tx1"),
        "options/nvidia-device-known-values",
        "warn",
    ),
    (
        "jetson-gpu-code-only",
        request(TargetDevice="jetson_nano", CompilerOptions='{"gpu-code": "sm_53"}'),
        "options/nvidia-device-missing",
        "warn",
    ),
    (
        "sm72-on-nano",
        request(TargetDevice="jetson_nano", CompilerOptions='{"gpu-code": "sm_72"}'),
        "options/gpu-code-device",
        "warn",
    ),
    (
        "kms-key-id-upper-case",
        request(TargetDevice="ml_c5", KmsKeyId="1234ABCD-12AB-34CD-56EF-1234567890AB"),
        "kms/key-form",
        "warn",
    ),
    (
        "class-labels-ml-c5",
        request(TargetDevice="ml_c5", CompilerOptions='{"class_labels": "labels.txt"}'),
        "options/undocumented-key",
        "warn",
    ),
    (
        "dtype-pytorch-inf2",
        request(
            "PYTORCH",
            '{"input0": [1, 3, 224, 224]}',
            TargetDevice="ml_inf2",
            CompilerOptions='{"dtype": "float32"}',
        ),
        "options/inferentia2-object",
        "warn",
    ),
    (
        "shapes-xgboost",
        request("XGBOOST", "[[1, 10]]"),
        "shapes/not-needed",
        "warn",
    ),
    (
        "mattr-unsigned-rasp3b",
        request(TargetDevice="rasp3b", CompilerOptions='{"mattr": ["neon"]}'),
        "options/mattr-unsigned",
        "warn",
    ),
    (
        "gpu-code-uppercase-platform",
        request(
            TargetPlatform=JETSON_PLATFORM,
            CompilerOptions='{"gpu-code": "SM_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}',
        ),
        "options/gpu-code-form",
        "warn",
    ),
    (
        "gpu-code-both-spellings-jetson",
        request(
            TargetDevice="jetson_tx2", CompilerOptions='{"gpu-code": "sm_62", "gpu_code": "sm_62"}'
        ),
        "options/gpu-code-twice",
        "warn",
    ),
    (
        "jetpack-major-only",
        request(
            TargetDevice="jetson_nano",
            CompilerOptions='{"JETPACK_VERSION": "4", "gpu_code": "sm_53"}',
        ),
        "options/jetpack-version-form",
        "warn",
    ),
    (  # the 28 days are botocore's "For all other jobs": a warning
        "max-runtime-29-days",
        {**request(), "StoppingCondition": {"MaxRuntimeInSeconds": 29 * 86400}},
        "stopping/max-runtime-28-days",
        "warn",
    ),
    (
        "options-key-twice",
        request(TargetDevice="ml_c5", CompilerOptions='{"mcpu": "core-avx2", "mcpu": "skylake"}'),
        "options/duplicate-key",
        "warn",
    ),
    (
        "pytorch-without-version-or-shapes",
        request("PYTORCH", None),
        "shapes/pytorch-version-unknown",
        "warn",
    ),
    (
        "empty-mcpu",
        request(TargetDevice="ml_c5", CompilerOptions='{"mcpu": ""}'),
        "options/empty-value",
        "warn",
    ),
    (
        "jetson-gpu-code-on-x86",
        request(
            TargetPlatform={"Os": "LINUX", "Arch": "X86_64", "Accelerator": "NVIDIA"},
            CompilerOptions='{"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"}',
        ),
        "options/jetson-gpu-code-on-x86",
        "warn",
    ),
    (  # the reference is silent on empty values: each warns, none refuses
        "empty-gpu-code",
        request(TargetDevice="jetson_tx2", CompilerOptions='{"gpu-code": ""}'),
        "options/empty-value",
        "warn",
    ),
    (
        "empty-mattr-flag",
        request(TargetDevice="rasp3b", CompilerOptions='{"mattr": ["+neon", ""]}'),
        "options/empty-value",
        "warn",
    ),
    (
        "blank-neuron-flags",
        request(TargetDevice="ml_inf1", CompilerOptions='"  "'),
        "options/empty-value",
        "warn",
    ),
    (  # a doubt, not a refusal: 2.0 may leave them out on cloud instances (ml_inf1 is one)
        "pytorch-on-inferentia-without-shapes",
        request("PYTORCH", None, TargetDevice="ml_inf1"),
        "shapes/pytorch-inferentia",
        "warn",
    ),
    (  # an edge device: the page lets cloud instances alone leave the shapes out
        "pytorch2-on-rasp4b-without-shapes",
        request("PYTORCH", None, "2.0", TargetDevice="rasp4b"),
        "shapes/pytorch2-cloud-only",
        "refuse",
    ),
    (
        "pytorch2-on-inf2-without-shapes",
        request("PYTORCH", None, "2.0", TargetDevice="ml_inf2"),
        "shapes/pytorch2-unlisted-instance",
        "warn",
    ),
    (
        "jetpack-form-for-pytorch",
        request(
            "PYTORCH",
            "[[1, 3, 224, 224]]",
            "1.8",
            TargetDevice="jetson_nano",
            CompilerOptions='{"JETPACK_VERSION": "4.6", "gpu_code": "sm_53"}',
        ),
        "options/jetpack-not-tensorflow",
        "warn",
    ),
    (  # the guide shows the JetPack form on jetson_nano's row alone
        "jetpack-form-on-another-jetson",
        request(
            "TENSORFLOW",
            '{"input": [1, 224, 224, 3]}',
            "2.4",
            TargetDevice="jetson_xavier",
            CompilerOptions='{"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"}',
        ),
        "options/jetpack-device",
        "warn",
    ),
    (
        "jetpack-beside-the-three-platform-keys",
        request(
            "TENSORFLOW",
            '{"input": [1, 224, 224, 3]}',
            TargetPlatform=JETSON_PLATFORM,
            CompilerOptions='{"gpu_code": "sm_72", "trt-ver": "8.0.1", "cuda-ver": "10.2", '
            '"JETPACK_VERSION": "4.6"}',
        ),
        "options/jetpack-beside-platform-keys",
        "warn",
    ),
    (
        "jetpack-form-for-tensorflow-1",
        request(
            "TENSORFLOW",
            '{"input": [1, 224, 224, 3]}',
            "1.15",
            TargetDevice="jetson_nano",
            CompilerOptions='{"JETPACK_VERSION": "4.6", "gpu_code": "sm_53"}',
        ),
        "options/jetpack-tensorflow-1",
        "warn",
    ),
    (
        "tensorflow-2-5-on-a-board",
        request("TENSORFLOW", '{"input": [1, 224, 224, 3]}', "2.5", TargetDevice="rasp3b"),
        "framework-version/edge-tensorflow-2-5",
        "warn",
    ),
    (
        "image-without-scale",
        request(
            "TENSORFLOW",
            '{"input_1": {"shape": [1, 224, 224, 3], "type": "Image", "bias": [-1, -1, -1]}}',
            TargetDevice="coreml",
        ),
        "shapes/image-without-bias-scale",
        "refuse",  # the reference: "you need to provide" each of them
    ),
    (
        "swapped-vpc-ids",
        {
            **request(),
            "VpcConfig": {
                "SecurityGroupIds": ["subnet-0123456789abcdef0"],
                "Subnets": ["sg-0123456789abcdef0"],
            },
        },
        "vpc/security-group-form",
        "warn",
    ),
    (
        "vpc-subnet-not-a-subnet",
        {**request(), "VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["abc"]}},
        "vpc/subnet-form",
        "warn",
    ),
    (
        "model-package-without-version",
        {
            **{k: v for k, v in request().items() if k != "InputConfig"},
            "ModelPackageVersionArn": (
                "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-group"
            ),
        },
        "model-package/versioned",
        "warn",
    ),
    ("null-size", request("MXNET", '{"data": [null, 3, 224, 224]}'), "shapes/dynamic-size", "warn"),
    (
        "size-with-a-point",
        request("ONNX", '{"data": [1, 3, 224.0, 224]}'),
        "shapes/size-not-whole",
        "warn",
    ),
    (
        "size-zero",
        request("PYTORCH", "[[1, 3, 0, 224]]", "1.13"),
        "shapes/size-not-positive",
        "warn",
    ),
    (
        "size-of-twenty-digits",
        request("ONNX", '{"data": [1, 3, 99999999999999999999, 224]}'),
        "shapes/size-oversized",
        "warn",
    ),
    (
        "sizes-whose-product-is-past-int32",
        request("ONNX", '{"data": [1, 3, 100000, 100000]}'),
        "shapes/size-oversized",
        "warn",
    ),
    ("unnamed-input", request("ONNX", '{"": [1, 3, 224, 224]}'), "shapes/empty-name", "warn"),
    (
        "zero-width-space-in-a-name",
        request("ONNX", '{"data\\u200b": [1, 3, 224, 224]}'),
        "shapes/name-hidden-characters",
        "warn",
    ),
    (
        "space-after-a-name",
        request("ONNX", '{"data ": [1, 3, 224, 224]}'),
        "shapes/name-hidden-characters",
        "warn",
    ),
    (
        "input-named-twice",
        request("MXNET", '{"data": [1, 3, 224, 224], "data": [1, 3, 32, 32]}'),
        "shapes/duplicate-key",
        "warn",
    ),
    (
        "neuron-no-dash",
        request(TargetDevice="ml_inf1", CompilerOptions='"verbose 1"'),
        "options/neuron-flags",
        "warn",
    ),
    (
        "model-zip",
        {**request(), "InputConfig": {**request()["InputConfig"], "S3Uri": "s3://my-bucket/m.zip"}},
        "s3/input-not-tar-gz",
        "warn",
    ),
    (
        "dtype-mxnet-ml-c5",
        request(TargetDevice="ml_c5", CompilerOptions='{"dtype": "float32"}'),
        "options/dtype-pytorch-only",
        "warn",
    ),
    (
        "max-wait-on-a-compilation-job",
        {
            **request(),
            "StoppingCondition": {"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 900},
        },
        "stopping/max-wait-spot-training",
        "warn",
    ),
    (
        "max-wait-below-runtime",
        {
            **request(),
            "StoppingCondition": {"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 600},
        },
        "stopping/max-wait-below-runtime",
        "warn",
    ),
    (
        "tag-value-with-aws-prefix",
        {**request(), "Tags": [{"Key": "team", "Value": "AWS:vision"}]},
        "tags/aws-prefix-value",
        "warn",
    ),
    (
        "role-arn-without-a-slash",
        {**request(), "RoleArn": "arn:aws:iam::123456789012:roleSageMaker"},
        "role/arn-form",
        "warn",
    ),
    (
        "line-break-in-s3-uri",
        {**request(), "InputConfig": {**request()["InputConfig"], "S3Uri": "s3://b/m\n.tar.gz"}},
        "s3/input-line-break",
        "warn",
    ),
    (  # Java's "." takes none of Java's line terminators; Python's took U+2028 unsaid
        "unicode-line-separator-in-s3-uri",
        {
            **request(),
            "InputConfig": {**request()["InputConfig"], "S3Uri": "s3://b/m\u2028.tar.gz"},
        },
        "s3/input-line-break",
        "warn",
    ),
    (
        "next-line-in-output-location",
        request(S3OutputLocation="s3://b/out\x85x", TargetDevice="ml_c5"),
        "s3/output-line-break",
        "warn",
    ),
    (
        "line-break-in-output-location",
        request(S3OutputLocation="s3://b/out\r\n", TargetDevice="ml_c5"),
        "s3/output-line-break",
        "warn",
    ),
    (
        "bucket-with-capitals",
        {**request(), "InputConfig": {**request()["InputConfig"], "S3Uri": "s3://My_Models/m.tgz"}},
        "s3/input-bucket-name",
        "warn",
    ),
    (
        "bucket-with-accent",
        request(S3OutputLocation="s3://bücket/out/", TargetDevice="ml_c5"),
        "s3/output-bucket-name",
        "warn",
    ),
    (
        "neon-on-ml-c5",
        request(TargetDevice="ml_c5", CompilerOptions='{"mattr": ["+neon"]}'),
        "options/neon-on-x86-device",
        "warn",
    ),
    (
        "neon-on-linux-x86",
        request(**PLATFORM_X86, CompilerOptions='{"mcpu": "core-avx2", "mattr": "+neon"}'),
        "options/neon-on-x86-platform",
        "warn",
    ),
    (
        "neon-on-android-x86",
        request(
            TargetPlatform={"Os": "ANDROID", "Arch": "X86"},
            CompilerOptions='{"ANDROID_PLATFORM": 25, "mattr": ["+neon"]}',
        ),
        "options/neon-on-x86-platform",
        "warn",
    ),
    (
        "model-on-a-lookalike-host",
        {
            **request(),
            "InputConfig": {
                **request()["InputConfig"],
                "S3Uri": "https://evil-amazonaws.com/models/model.tar.gz",
            },
        },
        "s3/input-https-not-s3",
        "warn",
    ),
    (
        "sklearn-with-shapes",
        request("SKLEARN", '{"data": [1, 4]}', TargetDevice="ml_c5"),
        "shapes/sklearn-undocumented",
        "warn",
    ),
    (
        "sklearn-on-lambda",
        request("SKLEARN", None, TargetDevice="lambda"),
        "framework-target/sklearn-unlisted",
        "warn",
    ),
    (
        "model-on-a-web-server",
        {
            **request(),
            "InputConfig": {
                **request()["InputConfig"],
                "S3Uri": "https://example.com/models/model.tar.gz",
            },
        },
        "s3/input-https-not-s3",
        "warn",
    ),
    (
        "output-to-a-web-server",
        request(S3OutputLocation="https://example.com/out/", TargetDevice="ml_c5"),
        "s3/output-https-not-s3",
        "warn",
    ),
    (
        "dtype-a-number",
        request(
            "PYTORCH", '[{"shape": [1, 3, 224, 224], "dtype": 32}]', "2.0", TargetDevice="ml_c5"
        ),
        "shapes/dtype-not-text",
        "warn",
    ),
    (
        "pytorch-objects-on-a-board",
        request("PYTORCH", '{"input0": {"shape": [1, 3, 224, 224]}}', "1.8", TargetDevice="rasp4b"),
        "shapes/pytorch-objects-not-cloud",
        "warn",
    ),
    (
        "tag-key-twice",
        {**request(), "Tags": [{"Key": "team", "Value": "a"}, {"Key": "team", "Value": "b"}]},
        "tags/unique-keys",
        "refuse",
    ),
]

NVIDIA_ARM = {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"}
NESTED = '{"a": ' + "[" * 40 + "]" * 40 + "}"

MODEL_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # the request models' own refusals ([[model_check]] rows): (case, request, rule id, kind)
    (
        "device-and-platform",
        request(TargetDevice="ml_c5", TargetPlatform={"Os": "LINUX", "Arch": "X86_64"}),
        "target/exactly-one",
        "refuse",
    ),
    (
        "unlisted-platform",
        request(TargetPlatform={"Os": "ANDROID", "Arch": "X86_64", "Accelerator": "NVIDIA"}),
        "platform/listed",
        "refuse",
    ),
    (
        "input-and-model-package",
        {
            **request(),
            "ModelPackageVersionArn": (
                "arn:aws:sagemaker:us-east-1:123456789012:model-package/my-group/1"
            ),
        },
        "input/exactly-one-source",
        "refuse",
    ),
    (
        "kms-role-arn",
        request(TargetDevice="ml_c5", KmsKeyId="arn:aws:iam::123456789012:role/x"),
        "kms/form",
        "refuse",
    ),
    (
        "nvidia-platform-bare",
        request(TargetPlatform=NVIDIA_ARM),
        "options/nvidia-required",
        "refuse",
    ),
    (
        "trt-ver-two-parts",
        request(
            TargetDevice="jetson_nano",
            CompilerOptions='{"gpu-code": "sm_53", "trt-ver": "6.0", "cuda-ver": "10.0"}',
        ),
        "options/nvidia-forms",
        "refuse",
    ),
    (
        "android-19",
        request(
            TargetPlatform={"Os": "ANDROID", "Arch": "ARM64"},
            CompilerOptions='{"ANDROID_PLATFORM": 19}',
        ),
        "options/android-platform",
        "refuse",
    ),
    (
        "dtype-int8",
        request("PYTORCH", PT, "1.13", TargetDevice="ml_c5", CompilerOptions='{"dtype": "int8"}'),
        "options/dtype-values",
        "refuse",
    ),
    (
        "mattr-number",
        request(TargetDevice="rasp3b", CompilerOptions='{"mattr": 5}'),
        "options/cpu-forms",
        "refuse",
    ),
    (
        "class-labels-list",
        request("TENSORFLOW", TF, TargetDevice="coreml", CompilerOptions='{"class_labels": [5]}'),
        "options/coreml-forms",
        "refuse",
    ),
    (
        "class-labels-number",
        request("TENSORFLOW", TF, TargetDevice="coreml", CompilerOptions='{"class_labels": 5}'),
        "options/number-as-text",
        "warn",
    ),
    (
        "precision-fp8",
        request(
            "TENSORFLOW", TF, TargetDevice="ml_eia2", CompilerOptions='{"precision_mode": "FP8"}'
        ),
        "options/eia-forms",
        "refuse",
    ),
    (
        "neuron-object",
        request("MXNET", TargetDevice="ml_inf1", CompilerOptions='{"verbose": 1}'),
        "options/neuron-string",
        "refuse",
    ),
    (
        "options-a-list",
        request(TargetDevice="rasp3b", CompilerOptions="[1]"),
        "options/json-object",
        "refuse",
    ),
    (
        "options-no-json",
        request(TargetDevice="rasp3b", CompilerOptions="{mattr: x}"),
        "options/json",
        "refuse",
    ),
    (
        "options-40-deep",
        request(TargetDevice="rasp3b", CompilerOptions=NESTED),
        "options/json-depth",
        "refuse",
    ),
    (
        "options-nan",
        request(TargetDevice="rasp3b", CompilerOptions='{"mcpu": NaN}'),
        "options/json-numbers",
        "refuse",
    ),
    (  # JSON allows 1e400; read as infinity, it would be sent as Infinity, which is not JSON
        "options-past-a-float",
        request(TargetDevice="ml_c5", CompilerOptions='{"mcpu": "skylake-avx512", "x": 1e400}'),
        "options/json-numbers",
        "refuse",
    ),
    (  # a size of 309 digits overflowed a float and crashed validate
        "shapes-size-of-309-digits",
        request("MXNET", '{"data": [1, 3, 224, ' + "9" * 309 + "]}"),
        "shapes/size-oversized",
        "warn",
    ),
    (  # 1e400 is a JSON number: it was refused as "has Infinity"
        "shapes-size-past-a-float",
        request("MXNET", '{"data": [1, 3, 224, 1e400]}'),
        "shapes/size-oversized",
        "warn",
    ),
    (  # the API text's own spelling, gpu_code, as a number: refused where gpu-code warned
        "gpu-underscore-code-as-a-number",
        request(
            TargetPlatform=JETSON_PLATFORM,
            CompilerOptions='{"gpu_code": 62, "trt-ver": "6.0.1", "cuda-ver": "10.0"}',
        ),
        "options/number-as-text",
        "warn",
    ),
    ("tensorflow-no-shapes", request("TENSORFLOW", None), "shapes/required", "refuse"),
    ("shapes-no-json", request("MXNET", "{data: [1]}"), "shapes/json", "refuse"),
    ("mxnet-shape-list", request("MXNET", "[[1, 3, 224, 224]]"), "shapes/named", "refuse"),
    (
        "coreml-type-video",
        request(
            "TENSORFLOW",
            '{"input": {"shape": [1, 224, 224, 3], "type": "Video"}}',
            TargetDevice="coreml",
        ),
        "shapes/coreml-object-forms",
        "refuse",
    ),
    (
        "range-outside-an-object",
        request("MXNET", '{"data": ["1..10", 3, 224, 224]}'),
        "shapes/coreml-forms",
        "refuse",
    ),
    ("shape-empty", request("MXNET", '{"data": []}'), "shapes/scalar", "warn"),
    (
        "default-shape-no-list",
        request(
            "TENSORFLOW",
            '{"input": {"shape": ["1..4", 224, 224, 3], "default_shape": "1, 224, 224, 3"}}',
            TargetDevice="coreml",
        ),
        "shapes/form",
        "refuse",
    ),
    (
        "default-shape-empty",
        request(
            "TENSORFLOW",
            '{"input": {"shape": ["1..4", 224, 224, 3], "default_shape": []}}',
            TargetDevice="coreml",
        ),
        "shapes/scalar",
        "warn",
    ),
    (
        "range-in-enumerated-shapes",
        request(
            "TENSORFLOW",
            '{"input": {"shape": [["1..4", 224, 224, 3], [1, 160, 160, 3]]}}',
            TargetDevice="coreml",
        ),
        "shapes/coreml-range-placed",
        "warn",
    ),
]


MODEL_FILE_CASES: list[tuple[str, str, str, str, str]] = [
    # the model check's findings against a CNN read from its file, data [1, 3, 32, 32]
    # ([[model_check]] model/* rows): (case, DataInputConfig, Framework, rule id, kind)
    ("another-framework", '{"data": [1, 3, 32, 32]}', "PYTORCH", "model/framework", "refuse"),
    ("unknown-input", '{"image": [1, 3, 32, 32]}', "ONNX", "model/inputs", "refuse"),
    ("nhwc-for-nchw", '{"data": [1, 32, 32, 3]}', "ONNX", "model/layout", "refuse"),
    ("fixed-size-changed", '{"data": [1, 3, 64, 64]}', "ONNX", "model/fixed-size", "warn"),
]


@pytest.mark.parametrize(
    ("config", "framework", "rule_id", "kind"),
    [c[1:] for c in MODEL_FILE_CASES],
    ids=[c[0] for c in MODEL_FILE_CASES],
)
def test_each_model_check_applies_where_its_data_says(
    tmp_path: Path, config: str, framework: str, rule_id: str, kind: str
) -> None:
    """Every finding of the model check names its row and source, with the row's kind."""
    info = inspect_path(onnx_cnn(tmp_path / "cnn.onnx"))
    matching = [p for p in model_problems(config, framework, info) if rule_id in rule_ids([p])]
    assert matching
    assert all(p.severity == ("error" if kind == "refuse" else "warning") for p in matching)


@pytest.mark.parametrize(
    ("api", "rule_id", "kind"),
    [c[1:] for c in CASES + MODEL_CASES],
    ids=[c[0] for c in CASES + MODEL_CASES],
)
def test_each_rule_applies_where_its_data_says(
    api: dict[str, Any], rule_id: str, kind: str
) -> None:
    """The case's rule is among the findings, refusing (no request) or warning (a request)."""
    result, problems = check_request(api)
    assert rule_id in rule_ids(problems), problems
    matching = [p for p in problems if rule_id in rule_ids([p])]
    severity = "error" if kind == "refuse" else "warning"
    assert all(p.severity == severity for p in matching)
    assert (result is None) == (kind == "refuse")


def test_the_jetpack_form_for_another_framework_asks_to_drop_it_not_for_keys_given() -> None:
    """With gpu-code, trt-ver and cuda-ver all given beside JETPACK_VERSION, the advice was to
    "give gpu-code, trt-ver and cuda-ver": the fix is to leave JETPACK_VERSION out."""
    options = {"JETPACK_VERSION": "4.6", "gpu-code": "sm_53", "trt-ver": "8.0.1"}
    options["cuda-ver"] = "10.2"
    api = request("PYTORCH", "[[1, 3, 224, 224]]", "1.8", TargetDevice="jetson_nano")
    api["OutputConfig"]["CompilerOptions"] = json.dumps(options)
    _, problems = check_request(api)
    [said] = [p.message for p in problems if "options/jetpack-not-tensorflow" in p.message]
    assert "give gpu-code, trt-ver and cuda-ver without JETPACK_VERSION" in said


@pytest.mark.parametrize(
    ("options", "missing"),
    [
        ('{"gpu-code": "sm_53", "trt-ver": "5.0.6"}', "cuda-ver"),
        ('{"JETPACK_VERSION": "4.6"}', "gpu-code"),
        ('{"JETPACK_VERSION": "4.6", "gpu_code": "sm_53"}', None),
        ('{"gpu_code": "sm_53", "trt-ver": "5.0.6", "cuda-ver": "10.0"}', None),
    ],
)
def test_a_jetson_missing_nvidia_options_is_told_which(options: str, missing: str | None) -> None:
    """The three NVIDIA keys, or the guide's TensorFlow 2 form (JETPACK_VERSION and gpu_code)."""
    _, problems = check_request(request(TargetDevice="jetson_nano", CompilerOptions=options))
    said = [p.message for p in problems if "options/nvidia-device-missing" in p.message]
    if missing is None:
        assert said == []
    else:
        assert len(said) == 1 and said[0].startswith(f"CompilerOptions leave out {missing};")


@pytest.mark.parametrize(
    ("api", "quiet"),
    [
        (request(TargetDevice="rasp3b", CompilerOptions='{"mattr": ["+neon"]}'), "neon-on-x86"),
        (request(TargetDevice="ml_c6g", CompilerOptions='{"mattr": ["+neon"]}'), "neon-on-x86"),
        (
            request(
                TargetPlatform={"Os": "LINUX", "Arch": "ARM_EABIHF"},
                CompilerOptions='{"mattr": ["+neon"]}',
            ),
            "neon-on-x86",
        ),
        (
            {
                **request(),
                "InputConfig": {
                    **request()["InputConfig"],
                    "S3Uri": "https://MY-BUCKET.S3.EU-WEST-1.AMAZONAWS.COM:443/m/model.tar.gz",
                },
            },
            "https-not-s3",
        ),
        (
            request(
                "PYTORCH",
                '[{"shape": [1, 3, 224, 224], "dtype": "float32"}]',
                "2.0",
                TargetDevice="ml_c5",
            ),
            "shapes/",
        ),
        (request("SKLEARN", None, TargetDevice="ml_c5"), "sklearn-unlisted"),
        (request("ONNX", '{"input 1": [1, 3], "ïnput": [1, 3]}'), "shapes/name-hidden"),
    ],
    ids=[
        "neon-rasp3b",
        "neon-graviton",
        "neon-arm32-platform",
        "s3-https",
        "pt2-objects",
        "sk-c5",
        "names-with-spaces-and-accents",
    ],
)
def test_the_new_rules_keep_quiet_where_their_sources_allow(
    api: dict[str, Any], quiet: str
) -> None:
    """NEON on ARM, S3's own https addresses, PyTorch 2 objects on a cloud instance; SKLEARN on
    a table's target is said by that table's rule, once."""
    result, problems = check_request(api)
    assert result is not None, problems
    assert not [r for r in rule_ids(problems) if quiet in r], problems


def corpus_table(folder: str) -> dict[str, list[str]]:
    """SOURCES.md's table for valid/ or invalid/: file -> its other columns."""
    text = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    section = text.split(f"## {folder}/", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| ")
    ]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows[2:]}


def test_every_rule_has_a_case() -> None:
    """Each rule id of rules.toml is exercised by CASES or by the invalid or warned corpus."""
    book = knowledge_rules.rule_book()
    ids = {r.id for r in book.rules} | {r.rule_id for r in book.versions}
    ids |= {c.id for c in book.model_checks}
    covered = (
        {c[2] for c in CASES + MODEL_CASES}
        | {c[3] for c in MODEL_FILE_CASES}
        | {row[1] for folder in ("invalid", "warned") for row in corpus_table(folder).values()}
    )
    assert ids - covered == set()
    assert covered - ids == set(), "a case names a rule rules.toml does not hold"


def test_every_corpus_file_is_listed_with_its_source() -> None:
    """Each file has a line in SOURCES.md, and each line a file."""
    for folder in ("valid", "invalid", "warned"):
        files = {path.name for path in (CORPUS / folder).glob("*.json")}
        assert files == set(corpus_table(folder)), folder
        assert all(row[0] for row in corpus_table(folder).values())


@pytest.mark.parametrize("path", sorted((CORPUS / "valid").glob("*.json")), ids=lambda p: p.stem)
def test_validate_accepts_what_the_documentation_shows(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """python -m core validate exits 0 on every documented request, printing no problem."""
    assert cli.main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == ""


INVALID = corpus_table("invalid")


@pytest.mark.parametrize("name", sorted(INVALID), ids=lambda n: n.removesuffix(".json"))
def test_validate_refuses_each_exclusion_in_one_line_naming_rule_and_source(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 and one line on standard output naming the rule and its source page; standard
    error gives the page's public address."""
    assert cli.main(["validate", str(CORPUS / "invalid" / name)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    rule_id = INVALID[name][1]
    assert len(lines) == 1, lines
    assert f"(rule {rule_id}, " in lines[0]
    rule = knowledge_rules.rule_book().rule(rule_id)
    assert rule.source.title in lines[0]
    assert f"source of rule {rule_id}: {rule.source.url}" in captured.err


WARNED = corpus_table("warned")


@pytest.mark.parametrize("name", sorted(WARNED), ids=lambda n: n.removesuffix(".json"))
def test_validate_sends_a_version_the_tables_do_not_list_with_a_warning(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0 (a version past the guide's table is a doubt, never a refusal), and one warning
    on standard error naming the rule and its source page."""
    assert cli.main(["validate", str(CORPUS / "warned" / name)]) == 0
    captured = capsys.readouterr()
    rule_id = WARNED[name][1]
    warnings = [
        line
        for line in captured.err.splitlines()
        if line.startswith("warning: ") and f"(rule {rule_id}, " in line
    ]
    assert len(warnings) == 1, captured.err
    assert "may refuse it" in warnings[0]
    assert captured.out == ""


def test_rule_sources_are_public_pages() -> None:
    """Every source is a public AWS documentation page, the SDK's source on GitHub, an IETF
    standard (JSON's, for what the Neo pages leave to it) or a vendor's datasheet (NVIDIA's
    compute capabilities, for what the Neo pages take for granted)."""
    public = re.compile(
        r"https://(docs\.aws\.amazon\.com/\S+\.html|github\.com/aws/sagemaker-python-sdk/\S+"
        r"|www\.rfc-editor\.org/rfc/rfc\d+(#section-[\d.]+)?|developer\.nvidia\.com/cuda-gpus)"
    )
    for source in knowledge_rules.rule_book().sources.values():
        assert public.fullmatch(source.url), source


def test_every_selector_has_a_meaning() -> None:
    """Each selector the loader accepts is one the engine evaluates (none raises)."""
    options = {"mattr": ["+neon", "neon", ""], "gpu-code": "sm_62", "mcpu": " "}
    facts = rules.Facts(framework="MXNET", device="ml_c5", options=options, api=VALID_REQUEST)
    book = knowledge_rules.rule_book()
    samples: dict[str, Any] = {
        "framework_version_row": "none",
        "framework_version_below": "2.0",
        "device_group": "edge",
        "device_group_not": ["edge"],
        "option_mismatch": {"keys": ["gpu-code"], "example": "gpu-code"},
        "option_not_matching": {"keys": ["gpu-code"], "pattern": "sm_.*"},
        "option_flag": {"key": "mattr", "flags": ["+neon"]},
        "option_unsigned_flag": "mattr",
    }
    for key in knowledge_rules.SELECTORS - knowledge_rules.FIELD_KEYS:
        rules._holds(key, samples.get(key, []), facts, book, {})


def with_data(monkeypatch: pytest.MonkeyPatch, edit: Any) -> None:
    """rules.toml as edited by edit(data), for this test only."""
    data = copy.deepcopy(read_data("rules.toml"))
    edit(data)
    original = read_data

    def patched(name: str) -> dict[str, Any]:
        return data if name == "rules.toml" else original(name)

    monkeypatch.setattr(knowledge_rules, "read_data", patched)


def test_the_next_rule_is_a_line_of_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added to the data alone refuses, naming its id and source: no code changes."""
    assert check_request(request("DARKNET"))[0] is not None

    def add(data: dict[str, Any]) -> None:
        data["rule"].append(
            {
                "id": "framework-target/darknet-ml-c5",
                "kind": "refuse",
                "path": "InputConfig.Framework",
                "when": {"framework": ["DARKNET"], "device": ["ml_c5"]},
                "message": "No {framework} on {device}",
                "source": "guide-cloud",
            }
        )

    with_data(monkeypatch, add)
    result, problems = check_request(request("DARKNET"))
    assert result is None
    assert rule_ids(problems) == ["framework-target/darknet-ml-c5"]
    assert problems[0].message.startswith(
        "No DARKNET on ml_c5 (rule framework-target/darknet-ml-c5"
    )


def test_removing_a_rule_from_the_data_removes_its_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The TFLite-on-cloud refusal lives in the data: without the line, the request passes."""
    api = request("TFLITE", TF)
    assert check_request(api)[0] is None
    with_data(
        monkeypatch,
        lambda data: data.update(
            rule=[r for r in data["rule"] if r["id"] != "framework-target/tflite-cloud"]
        ),
    )
    assert check_request(api)[0] is not None


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d["rule"][0]["when"].update(framwork=["X"]), "unknown selectors framwork"),
        (lambda d: d["rule"][0].update(kind="deny"), "kind 'deny'"),
        (lambda d: d["rule"][0].update(source="nowhere"), "source 'nowhere'"),
        (lambda d: d["rule"].append(dict(d["rule"][0])), "given twice"),
        (lambda d: d["framework_version"][0].update(group="moon"), "group 'moon'"),
    ],
)
def test_malformed_rule_data_fails_loudly(
    monkeypatch: pytest.MonkeyPatch, edit: Any, words: str
) -> None:
    """A typo in rules.toml is an error naming what is wrong, never a rule that matches nothing."""
    with_data(monkeypatch, edit)
    with pytest.raises(NeoConfigError, match=re.escape(words)):
        knowledge_rules.rule_book()


@pytest.mark.parametrize(
    ("framework", "version", "device", "ok"),
    [
        ("TENSORFLOW", "1.15.3", "ml_c5", True),
        ("TENSORFLOW", "1.15", "ml_c5", True),
        ("TENSORFLOW", "2.9", "ml_c5", True),
        ("TENSORFLOW", "2.8", "ml_c5", False),
        ("MXNET", "1.8", "ml_c5", True),
        ("MXNET", "1.8.0", "ml_c5", True),
        ("PYTORCH", "2.0", "ml_c5", True),
        ("PYTORCH", "1.13", "ml_g4dn", True),
        ("PYTORCH", "1.9", "ml_inf1", True),
        ("TENSORFLOW", "2.3.2", "ml_eia2", True),
        ("TENSORFLOW", "2.4", "jetson_tx2", True),
        ("TFLITE", "1.15", "qcs605", True),
    ],
)
def test_versions_compare_on_major_minor(
    framework: str, version: str, device: str, ok: bool
) -> None:
    """The guide writes 1.15.3 and 1.15 alike and the SDK sends major.minor: those compare
    (a version the table does not list is sent, with the row's warning)."""
    shapes = {"TENSORFLOW": TF, "TFLITE": TF, "PYTORCH": PT}.get(
        framework, '{"data": [1, 3, 8, 8]}'
    )
    options = '"--verbose 1"' if device == "ml_inf1" else None
    output: dict[str, Any] = {"TargetDevice": device}
    if options:
        output["CompilerOptions"] = options
    result, problems = check_request(request(framework, shapes, version, **output))
    assert result is not None, problems
    version_rows = [r for r in rule_ids(problems) if r.startswith("framework-version/")]
    assert (not version_rows) == ok, problems


def test_a_refusal_and_a_warning_together_keep_their_kinds() -> None:
    """Refusals come first and are errors; the warnings beside them stay warnings."""
    api = request("TFLITE", TF, TargetDevice="ml_c5")
    api["StoppingCondition"]["MaxRuntimeInSeconds"] = 3_000_000
    _, problems = check_request(api)
    assert sorted(rule_ids(problems)) == [
        "framework-target/tflite-cloud",
        "stopping/max-runtime-28-days",
    ]


def test_output_config_alone_gets_the_target_rules() -> None:
    """An OutputConfig pasted alone is refused or warned by the rules that read it alone."""
    jetpack = {
        "S3OutputLocation": "s3://my-bucket/o/",
        "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"},
        "CompilerOptions": '{"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"}',
    }
    config, problems = check_output_config(jetpack)
    assert config is None and rule_ids(problems) == ["options/jetpack-platform"]
    # beside the three keys the platform requires, JETPACK_VERSION is one more key: a warning
    jetpack["CompilerOptions"] = (
        '{"JETPACK_VERSION": "4.6", "gpu-code": "sm_72", "trt-ver": "8.0.1", "cuda-ver": "10.2"}'
    )
    config, problems = check_output_config(jetpack)
    assert config is not None
    assert rule_ids(problems) == ["options/jetpack-beside-platform-keys"]
    config, problems = check_output_config(
        {"S3OutputLocation": "s3://my-bucket/o/", "TargetDevice": "jetson_nano"}
    )
    assert config is not None
    assert rule_ids(problems) == ["options/nvidia-device-known-values"]


def test_output_config_alone_that_fails_still_gets_its_field_rules() -> None:
    """An OutputConfig pasted alone with no target yet still hears about its short bucket name;
    before, its field rules waited for the whole OutputConfig to validate."""
    config, problems = check_output_config({"S3OutputLocation": "s3://ab/o/"})
    assert config is None
    assert "s3/output-bucket-name" in rule_ids(problems)
    assert [p.path for p in problems if p.severity == "error"] == ["OutputConfig"]  # no target


def test_strict_check_keeps_rule_warnings_and_refusals() -> None:
    """The strict check (validate) says the same: warnings stay warnings, refusals errors."""
    request_ok, problems = check_strict(request(TargetDevice="jetson_nano"))
    assert request_ok is not None and rule_ids(problems) == ["options/nvidia-device-known-values"]
    refused, problems = check_strict(request("TFLITE", TF))
    assert refused is None and rule_ids(problems) == ["framework-target/tflite-cloud"]


def test_tag_keys_with_aws_are_refused_and_values_warned_each() -> None:
    """Keys starting with aws: (any case) are refused, at their own index; a value starting
    with it warns (the pages reserve the prefix "for either keys or values"; the API is known
    to refuse keys only)."""
    api = request()
    api["Tags"] = [
        {"Key": "team", "Value": "aws:ok"},
        {"Key": "Aws:Owner", "Value": "x"},
        {"Key": "awsome", "Value": "x"},
    ]
    _, problems = check_request(api)
    assert [(p.path, p.severity) for p in problems] == [
        ("Tags[1].Key", "error"),
        ("Tags[0].Value", "warning"),
    ]


def test_a_tag_key_given_again_is_refused_where_it_repeats() -> None:
    """Each tag key of a resource holds one value: the second "team" is refused at its own index
    (keys are case-sensitive, so "Team" is another key)."""
    api = request()
    api["Tags"] = [
        {"Key": "team", "Value": "a"},
        {"Key": "Team", "Value": "b"},
        {"Key": "owner", "Value": "c"},
        {"Key": "team", "Value": "d"},
    ]
    refused, problems = check_request(api)
    assert refused is None
    assert [(p.path, rule_ids([p])) for p in problems] == [("Tags[3].Key", ["tags/unique-keys"])]


def test_bucket_names_are_checked_for_s3_uris_only() -> None:
    """S3's naming rules apply to the bucket of an s3:// URI; an https:// URI and valid names
    (dots, hyphens, digits) pass."""
    for uri, warned in (
        ("s3://my-bucket.v2/out/", False),
        ("s3://abc", False),
        ("https://My_Bucket.s3.amazonaws.com/out/", False),
        ("s3://ab/out/", True),
        ("s3://-bucket/out/", True),
        ("s3://My-Bucket/out/", True),
    ):
        accepted, problems = check_request(request(S3OutputLocation=uri, TargetDevice="ml_c5"))
        assert accepted is not None
        assert ("s3/output-bucket-name" in rule_ids(problems)) == warned, uri


@pytest.mark.parametrize(
    ("change", "said", "not_said"),
    [
        (
            {"VpcConfig": {"SecurityGroupIds": ["default"], "Subnets": ["subnet-1"]}},
            "not its name",
            "is it a subnet",
        ),
        (
            {"VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["private-a"]}},
            "not its name",
            "is it a security group",
        ),
        (
            {"StoppingCondition": {"MaxRuntimeInSeconds": 2419201}},
            "for jobs other than compilation jobs",
            "does not say whether",
        ),
    ],
    ids=["group-by-name", "subnet-by-name", "runtime-past-28-days"],
)
def test_warnings_say_what_their_sources_say(
    change: dict[str, Any], said: str, not_said: str
) -> None:
    """A security group named "default" was asked "is it a subnet ID?"; the 28-day warning
    said the reference does not say whether it covers compilation jobs, where its paragraph
    is "For all other jobs"."""
    _, problems = check_request({**request(), **change})
    [warning] = [p.message for p in problems if p.severity == "warning"]
    assert said in warning and not_said not in warning


@pytest.mark.parametrize(
    ("api", "rule", "said", "not_said"),
    [
        (
            request(TargetDevice="rasp3b", CompilerOptions='{"mcpu": 5}'),
            "options/number-as-text",
            "sent as a number",
            "sent as written",
        ),
        (
            request("PYTORCH", '{"input0": [1, 3, 224, 224]}', "1.8", TargetDevice="lambda"),
            "framework-version/unversioned-targets",
            "no page says whether SageMaker takes it there",
            "); leave it out",
        ),
    ],
    ids=["number-as-text", "sdk-unversioned-target"],
)
def test_a_rules_message_claims_no_more_than_its_source(
    api: dict[str, Any], rule: str, said: str, not_said: str
) -> None:
    """1e1 where text goes was said to be "sent as written" and goes as 10.0; lambda's
    FrameworkVersion was told "leave it out" on the SDK's word alone, where no page says."""
    _, problems = check_request(api)
    [message] = [p.message for p in problems if f"(rule {rule}," in p.message]
    assert said in message and not_said not in message


def test_max_wait_is_compared_with_the_runtime_sent() -> None:
    """Below the runtime the request carries it warns; equal or above, nothing; with no runtime
    given, AWS's own default applies, which the reference does not give for compilation jobs."""
    for stopping, warned in (
        ({"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 899}, True),
        ({"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 900}, False),
        ({"MaxWaitTimeInSeconds": 1}, False),
        ({"MaxRuntimeInSeconds": 60, "MaxWaitTimeInSeconds": 120}, False),
        ({"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 1800}, True),
    ):
        accepted, problems = check_request({**request(), "StoppingCondition": stopping})
        assert accepted is not None
        assert ("stopping/max-wait-below-runtime" in rule_ids(problems)) == warned, stopping


def test_suggested_options_follow_the_suggestion_rule() -> None:
    """A Jetson without options gets its guide values; other targets get none."""
    nano, _ = check_output_config({"S3OutputLocation": "s3://b/o/", "TargetDevice": "jetson_nano"})
    assert nano is not None
    assert rules.suggested_options(nano.facts()) == {
        "gpu-code": "sm_53",
        "trt-ver": "5.0.6",
        "cuda-ver": "10.0",
    }
    c5, _ = check_output_config({"S3OutputLocation": "s3://b/o/", "TargetDevice": "ml_c5"})
    assert c5 is not None and rules.suggested_options(c5.facts()) is None


def test_every_valid_corpus_file_is_valid_json_of_a_full_request() -> None:
    """The corpus holds requests as boto3 takes them (no comments, no Python quotes)."""
    for path in (CORPUS / "valid").glob("*.json"):
        api = json.loads(path.read_text(encoding="utf-8"))
        assert {"CompilationJobName", "RoleArn", "OutputConfig", "StoppingCondition"} <= set(api)


def test_field_rules_judge_a_request_that_does_not_validate_yet() -> None:
    """The rules that read fields alone speak with the other problems: a tag key given twice
    and a MaxWait below the runtime are said while RoleArn is still wrong."""
    api = request(TargetDevice="ml_c5")
    api["RoleArn"] = "not-a-role"
    api["Tags"] = [{"Key": "team", "Value": "a"}, {"Key": "team", "Value": "b"}]
    api["StoppingCondition"] = {"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 60}
    result, problems = check_request(api)
    assert result is None
    by_path = {p.path: p for p in problems}
    assert by_path["Tags[1].Key"].severity == "error"
    assert "tags/unique-keys" in by_path["Tags[1].Key"].message
    assert by_path["StoppingCondition.MaxWaitTimeInSeconds"].severity == "warning"
    assert "RoleArn" in by_path


def test_a_fields_own_error_is_not_repeated_by_a_rule_about_its_value() -> None:
    """KmsKeyId 'foo' is refused by its model; kms/key-form adds nothing at the same place."""
    api = request(TargetDevice="ml_c5", KmsKeyId="foo")
    api["RoleArn"] = "not-a-role"
    _, problems = check_request(api)
    at_kms = [p for p in problems if p.path == "OutputConfig.KmsKeyId"]
    assert len(at_kms) == 1 and at_kms[0].severity == "error"


def test_a_five_thousand_digit_runtime_in_an_unfinished_request_is_said_in_words() -> None:
    """Raw values reach the field rules: a number Python will not print is described."""
    api = request(TargetDevice="ml_c5")
    api["RoleArn"] = "not-a-role"
    api["StoppingCondition"] = {"MaxRuntimeInSeconds": 10**5000, "MaxWaitTimeInSeconds": 5}
    _, problems = check_request(api)
    runtime = [p for p in problems if p.path == "StoppingCondition.MaxRuntimeInSeconds"]
    assert runtime and "about 5,001 digits" in runtime[0].message
    assert all(len(p.message) < 600 for p in problems)


def test_an_output_config_alone_gets_its_field_rules() -> None:
    """An OutputConfig imported alone is judged by the field rules that read OutputConfig (the
    KMS key's case, the S3 location's form), as it is inside a request; an empty KmsKeyId is
    not sent, so nothing is said about it."""
    config = {
        "S3OutputLocation": "s3://my-bucket/out/",
        "TargetDevice": "ml_c5",
        "KmsKeyId": "1234ABCD-12AB-34CD-56EF-1234567890AB",
    }
    result, problems = check_output_config(config)
    assert result is not None and rule_ids(problems) == ["kms/key-form"]
    _, problems = check_output_config({**config, "KmsKeyId": ""})
    assert problems == []


def test_a_negative_five_thousand_digit_runtime_is_said_in_words() -> None:
    """The service model's minimum names the value too: described, never Python's complaint
    about printing it."""
    api = request(TargetDevice="ml_c5")
    api["StoppingCondition"] = {"MaxRuntimeInSeconds": -(10**5000)}
    _, problems = check_request(api)
    [runtime] = [p for p in problems if p.path == "StoppingCondition.MaxRuntimeInSeconds"]
    assert "must be at least 1" in runtime.message and "5,001 digits" in runtime.message
    assert "set_int_max_str_digits" not in runtime.message


def test_hostile_values_in_an_unfinished_request_get_sentences() -> None:
    """The field rules read raw values: a tag key nested 100,000 lists deep and 70,000 tags
    (past the API's 50) are answered with sentences, the repeated key among them."""
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    api = request(TargetDevice="ml_c5")
    api["Tags"] = [{"Key": nested, "Value": "v"}]
    result, problems = check_request(api)
    assert result is None and problems
    api["Tags"] = [{"Key": f"k{i}", "Value": "v"} for i in range(70_000)] + [
        {"Key": "k1", "Value": "v"}
    ]
    _, problems = check_request(api)
    assert any("at most 50" in p.message for p in problems)
    assert [p.path for p in problems if "tags/unique-keys" in p.message] == ["Tags[70000].Key"]


def test_a_presigned_model_address_ending_in_tar_gz_is_not_warned_about() -> None:
    """An https:// address with a query after .tar.gz names a .tar.gz: no s3/input-not-tar-gz."""
    api = request()
    api["InputConfig"]["S3Uri"] = "https://b.s3.amazonaws.com/m.tar.gz?X-Amz-Signature=abc"
    assert "s3/input-not-tar-gz" not in rule_ids(check_request(api)[1])
    api["InputConfig"]["S3Uri"] = "https://b.s3.amazonaws.com/m.zip?X-Amz-Signature=abc"
    assert "s3/input-not-tar-gz" in rule_ids(check_request(api)[1])


def test_the_guides_jetpack_example_on_jetson_nano_is_not_warned_of_its_gpu_code() -> None:
    """jetson_nano's row gives {'JETPACK_VERSION': '4.6', 'gpu_code': 'sm_72'} beside its own
    sm_53: that example, copied, is no mismatch; gpu-code sm_72 in the usual form still is."""
    jetpack = request(
        "TENSORFLOW",
        TF,
        TargetDevice="jetson_nano",
        CompilerOptions='{"JETPACK_VERSION": "4.6", "gpu_code": "sm_72"}',
    )
    request_model, problems = check_request(jetpack)
    assert request_model is not None and "options/gpu-code-device" not in rule_ids(problems)
    usual = request(
        "TENSORFLOW",
        TF,
        TargetDevice="jetson_nano",
        CompilerOptions='{"gpu-code": "sm_72", "trt-ver": "5.0.6", "cuda-ver": "10.0"}',
    )
    assert "options/gpu-code-device" in rule_ids(check_request(usual)[1])


SERVICE_MODEL_ERRORS = {
    "api_limit",  # botocore's min, max and pattern of the field
    "api_enum",  # botocore's enum
    "list_size",  # botocore's list limits
    "target_key",  # botocore's member names (OutputConfig has no 'target')
    "platform_kind",  # botocore's TargetPlatform structure
    "platform_type",
    "options_not_string",  # botocore's CompilerOptions type
    "bool_seconds",  # botocore's integer type
    "documented_rule",  # a [[rule]]'s own refusal, cited in its message
}
"""Error types core/spec raises for the service model's own facts: no [[model_check]] cites them."""


def test_every_refusal_the_models_make_is_cited_or_the_service_models() -> None:
    """Each error type raised in core/spec is cited by a [[model_check]] row or is one of the
    service model's facts: a new refusal in code cannot leave its source unnamed."""
    spec = Path(__file__).parents[2] / "core" / "spec"
    text = "\n".join(path.read_text(encoding="utf-8") for path in spec.glob("*.py"))
    raised = set(re.findall(r'PydanticCustomError\(\s*"([a-z_]+)"', text))
    raised |= set(re.findall(r'fail\(\s*\([^)]*\),\s*"([a-z_]+)"', text))
    assert "options_required" in raised and "api_limit" in raised  # the scan reads both forms
    shape_kinds = set(re.findall(r'ShapeError\((?:[^()]|\([^()]*\))*?,\s*"([a-z]+)",?\s*\)', text))
    assert shape_kinds == {"json", "named", "coreml"}
    raised |= {f"input_shapes.{kind}" for kind in shape_kinds | {"form"}}
    cited = {t for check in knowledge_rules.rule_book().model_checks for t in check.types}
    assert raised - SERVICE_MODEL_ERRORS - cited == set()


@pytest.mark.parametrize(
    "spec",
    [
        {"shape": [1, 224, 224, 3], "type": "Image"},
        {"shape": [1, 224, 224, 3], "type": "image"},
        {"shape": [1, 224, 224, 3], "type": "Image", "bias": [-1], "scale": [0.0078]},
        {"shape": [1, 224, 224, 3], "type": "Tensor", "bias": "-1"},
    ],
)
def test_core_mls_input_forms_refuse_for_core_ml_and_warn_elsewhere(spec: dict[str, Any]) -> None:
    """type, bias and scale are documented for Core ML only: there their forms refuse; for
    another target the reference is silent on them, so the request warns and is sent (they
    were refused for ml_c5 too)."""
    shapes = json.dumps({"input": spec})
    coreml, problems = check_request(request("TENSORFLOW", shapes, TargetDevice="coreml"))
    assert coreml is None, problems
    c5, problems = check_request(request("TENSORFLOW", shapes, TargetDevice="ml_c5"))
    assert c5 is not None, problems
    assert "shapes/coreml-converter-parameters" in rule_ids(problems)


def test_dtype_values_are_pytorchs_and_refuse_for_pytorch_only() -> None:
    """The reference lists dtype's values for PyTorch on ml_*: another value refuses there; for
    TensorFlow it is silent on dtype, which warns and is sent (float16 was refused for it)."""
    options = '{"dtype": "float16"}'
    pytorch, problems = check_request(
        request("PYTORCH", PT, "1.13", TargetDevice="ml_c5", CompilerOptions=options)
    )
    assert pytorch is None and "options/dtype-values" in rule_ids(problems)
    tensorflow, problems = check_request(
        request(
            "TENSORFLOW",
            '{"input": [1, 224, 224, 3]}',
            TargetDevice="ml_c5",
            CompilerOptions=options,
        )
    )
    assert tensorflow is not None, problems
    assert rule_ids(problems) == ["options/dtype-pytorch-only"]
    assert tensorflow.to_api()["OutputConfig"]["CompilerOptions"] == options
