"""moto's SageMaker, made to behave like SageMaker for this app's flows.

moto gives a real HTTP SageMaker API offline, but its compilation jobs differ from AWS in ways
the app would show: jobs finish at once, stopping is missing, listing crashes on platforms with
no accelerator, and nothing is validated. The small patches below close those gaps (each names
the gap it fixes); they are applied once, before the server starts, and only in this process.
How a job runs is the compiler backend's to say (`core.local.lifecycle`).
"""

from __future__ import annotations

import threading
from typing import Any

from moto.sagemaker import models as moto_models
from moto.sagemaker import responses as moto_responses
from moto.sagemaker.exceptions import ResourceNotFound, ValidationError

from core.local.lifecycle import TERMINAL, Progress, backend
from core.spec import service


class SimulatedCompilationJob(moto_models.CompilationJob):
    """moto's job with a lifecycle: STARTING -> INPROGRESS -> COMPLETED over a few seconds.

    Gap fixed: moto marks jobs COMPLETED at creation, so there is nothing to monitor.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        output = self.output_config
        target = output.get("TargetDevice") or "-".join(
            str(v).lower() for v in (output.get("TargetPlatform") or {}).values()
        )
        model = str((self.input_config or {}).get("S3Uri", "model")).rstrip("/").split("/")[-1]
        stem = model.removesuffix(".tar.gz") or "model"
        self.model_artifacts = {
            "S3ModelArtifacts": f"{output['S3OutputLocation'].rstrip('/')}/{stem}-{target}.tar.gz"
        }
        request = {"InputConfig": self.input_config, "OutputConfig": output}
        self._run = backend().start(self.compilation_job_name, request, self.creation_time)

    def _progress(self) -> Progress:
        return self._run.progress(moto_models.utcnow())

    @property
    def compilation_job_status(self) -> str:
        return self._progress().status if hasattr(self, "_run") else "STARTING"

    @compilation_job_status.setter
    def compilation_job_status(self, value: str) -> None:
        """moto's constructor sets COMPLETED; the run decides instead."""

    def stop(self) -> None:
        status = self.compilation_job_status
        if status in TERMINAL:
            raise ValidationError(
                message=f"Compilation job {self.compilation_job_name} is {status} and "
                "cannot be stopped."
            )
        now = moto_models.utcnow()
        self._run.stop(now)
        self.last_modified_time = now

    def _times(self) -> dict[str, Any]:
        progress = self._progress()
        times: dict[str, Any] = {}
        if progress.started is not None:
            times["CompilationStartTime"] = progress.started
        if progress.ended is not None:
            times["CompilationEndTime"] = progress.ended
        return times

    def describe(self) -> dict[str, Any]:
        described = super().describe()
        for key in (
            "CompilationStartTime",
            "CompilationEndTime",
            "FailureReason",
            "ModelArtifacts",
            "ModelDigests",
            "InferenceImage",
        ):
            described.pop(key, None)
        described.update(self._times())
        progress = self._progress()
        if progress.failure_reason:
            described["FailureReason"] = progress.failure_reason
        if progress.status == "COMPLETED":
            described["ModelArtifacts"] = self.model_artifacts
            described["ModelDigests"] = self.model_digests
        return {key: value for key, value in described.items() if value is not None}

    def summary(self) -> dict[str, Any]:
        """Gap fixed: moto's summary raises KeyError for a TargetPlatform without Accelerator."""
        summary: dict[str, Any] = {
            "CompilationJobName": self.compilation_job_name,
            "CompilationJobArn": self.arn,
            "CreationTime": self.creation_time,
            "LastModifiedTime": self.last_modified_time,
            "CompilationJobStatus": self.compilation_job_status,
            **self._times(),
        }
        if "TargetDevice" in self.output_config:
            summary["CompilationTargetDevice"] = self.output_config["TargetDevice"]
        else:
            platform = self.output_config.get("TargetPlatform") or {}
            for key in ("Os", "Arch", "Accelerator"):
                if platform.get(key):
                    summary[f"CompilationTargetPlatform{key}"] = platform[key]
        return summary


def _validate_create(params: dict[str, Any]) -> None:
    """Gap fixed: moto accepts any value; SageMaker rejects these with ValidationException."""
    name = params.get("CompilationJobName") or ""
    message = service.limit("CompilationJobName").check(name, "CompilationJobName")
    if message:
        raise ValidationError(message=f"1 validation error detected: {message}")
    output = params.get("OutputConfig") or {}
    device, platform = output.get("TargetDevice"), output.get("TargetPlatform")
    if device and platform:
        raise ValidationError(
            message="OutputConfig: TargetDevice and TargetPlatform are mutually exclusive."
        )
    if not device and not platform:
        raise ValidationError(
            message="OutputConfig: one of TargetDevice or TargetPlatform is required."
        )
    checks: list[tuple[Any, tuple[str, ...], str]] = [
        (device, service.target_devices(), "outputConfig.targetDevice"),
        (
            (params.get("InputConfig") or {}).get("Framework"),
            service.frameworks(),
            "inputConfig.framework",
        ),
    ]
    for key, values in (
        ("Os", service.os_values()),
        ("Arch", service.arch_values()),
        ("Accelerator", service.accelerator_values()),
    ):
        checks.append(((platform or {}).get(key), values, f"outputConfig.targetPlatform.{key}"))
    for value, allowed, where in checks:
        if value is not None and value not in allowed:
            raise ValidationError(
                message=f"1 validation error detected: Value '{value}' at '{where}' failed to "
                f"satisfy constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
            )


def _create(self: Any) -> Any:
    _validate_create(self._get_params())
    return _ORIGINAL_CREATE(self)


def _stop_backend(self: Any, compilation_job_name: str) -> None:
    """Gap fixed: moto has no StopCompilationJob (HTTP 500)."""
    job = self.compilation_jobs.get(compilation_job_name)
    if job is None:
        raise ResourceNotFound(message=f"Could not find compilation job '{compilation_job_name}'.")
    job.stop()


def _stop_response(self: Any) -> Any:
    self.sagemaker_backend.stop_compilation_job(self._get_param("CompilationJobName"))
    return moto_responses.EmptyResult()


_ORIGINAL_CREATE = moto_responses.SageMakerResponse.create_compilation_job
_PATCH_LOCK = threading.Lock()
_patched = False


def apply_patches() -> None:
    """Installs the fixes above into moto, once per process."""
    global _patched
    with _PATCH_LOCK:
        if _patched:
            return
        moto_models.CompilationJob = SimulatedCompilationJob  # type: ignore[misc]  # patching moto's class
        moto_models.SageMakerModelBackend.stop_compilation_job = _stop_backend  # type: ignore[attr-defined]  # moto has none
        moto_responses.SageMakerResponse.stop_compilation_job = _stop_response  # type: ignore[attr-defined]  # moto has none
        moto_responses.SageMakerResponse.create_compilation_job = _create  # type: ignore[method-assign]  # validating first
        _patched = True
