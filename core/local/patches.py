"""moto's SageMaker, made to behave like SageMaker for this app's flows.

moto gives a real HTTP SageMaker API offline, but its compilation jobs differ from AWS in ways
the app would show: jobs finish at once, stopping is missing, listing crashes on platforms with
no accelerator, running jobs can be deleted and nothing is validated (`core.local.validate`
says what SageMaker refuses). The small patches below close those gaps (each names
the gap it fixes); they are applied once, before the server starts, and only in this process.
How a job runs is the compiler backend's to say (`core.local.lifecycle`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.sagemaker import models as moto_models
from moto.sagemaker import responses as moto_responses
from moto.sagemaker.exceptions import ResourceNotFound, ValidationError

from core.local.lifecycle import TERMINAL, Progress, Run, artifact_uri, backend
from core.local.validate import Refusal, check_constraints, check_create


class SimulatedCompilationJob(moto_models.CompilationJob):
    """moto's job with a lifecycle: its run (`core.local.lifecycle`) says where it is.

    Gap fixed: moto marks jobs COMPLETED at creation, so there is nothing to monitor.
    """

    def __init__(self, *args: Any, run: Run | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_artifacts = {
            "S3ModelArtifacts": artifact_uri(self.input_config, self.output_config)
        }
        request = {
            "CompilationJobName": self.compilation_job_name,
            "InputConfig": self.input_config,
            "OutputConfig": self.output_config,
            "StoppingCondition": self.stopping_condition,
        }
        self._run = run or backend().start(self.compilation_job_name, request, self.creation_time)

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

    @staticmethod
    def _times(progress: Progress) -> dict[str, Any]:
        times: dict[str, Any] = {}
        if progress.started is not None:
            times["CompilationStartTime"] = progress.started
        if progress.ended is not None:
            times["CompilationEndTime"] = progress.ended
        return times

    @property
    def last_modified_time(self) -> Any:
        """Gap fixed: moto kept the creation time (and its LastModifiedTimeAfter filter missed
        every job that ended since); SageMaker's is "the time that the status of the model
        compilation job was last modified": a start, an end, a stop asked."""
        if not hasattr(self, "_run"):
            return self._modified
        progress = self._progress()
        changes = (self._modified, progress.started, progress.ended)
        return max(when for when in changes if when is not None)

    @last_modified_time.setter
    def last_modified_time(self, value: Any) -> None:
        self._modified = value

    def describe(self) -> dict[str, Any]:
        described = super().describe()
        for key in (
            "CompilationStartTime",
            "CompilationEndTime",
            "FailureReason",
            "ModelArtifacts",
            "ModelDigests",
            "InferenceImage",
            "DerivedInformation",  # moto's placeholder text, never a derived DataInputConfig
        ):
            described.pop(key, None)
        progress = self._progress()  # read once: status, times and reason of one instant
        described.update(self._times(progress))
        # A simulated job's note ("simulated: ...") goes in FailureReason, in every status:
        # botocore drops response members its model lacks, and DescribeCompilationJob's only
        # free-text member is FailureReason (InferenceImage is an image URI, the rest typed).
        if progress.failure_reason or progress.note:
            described["FailureReason"] = progress.failure_reason or progress.note
        if progress.status == "COMPLETED":
            described["ModelArtifacts"] = self.model_artifacts
            if progress.digest:  # a simulated job wrote no artifact: moto's constant was
                # shown as the digest of a model that does not exist
                described["ModelDigests"] = {"ArtifactDigest": progress.digest}
        return {key: value for key, value in described.items() if value is not None}

    def summary(self) -> dict[str, Any]:
        """Gap fixed: moto's summary raises KeyError for a TargetPlatform without Accelerator."""
        progress = self._progress()
        summary: dict[str, Any] = {
            "CompilationJobName": self.compilation_job_name,
            "CompilationJobArn": self.arn,
            "CreationTime": self.creation_time,
            "LastModifiedTime": self.last_modified_time,
            "CompilationJobStatus": progress.status,
            **self._times(progress),
        }
        if "TargetDevice" in self.output_config:
            summary["CompilationTargetDevice"] = self.output_config["TargetDevice"]
        else:
            platform = self.output_config.get("TargetPlatform") or {}
            for key in ("Os", "Arch", "Accelerator"):
                if platform.get(key):
                    summary[f"CompilationTargetPlatform{key}"] = platform[key]
        return summary


def _answered(refused: Refusal) -> Exception:
    """A refusal as moto's server answers it (ValidationException's own class: HTTP 400)."""
    if refused.code == "ValidationException":
        return ValidationError(message=refused.message)
    return JsonRESTError(refused.code, refused.message)


def _create(self: Any) -> Any:
    """Gap fixed: moto accepts any value (and answers HTTP 500 without S3OutputLocation)."""
    try:
        check_create(self._get_params())
    except Refusal as refused:
        raise _answered(refused) from None
    return _ORIGINAL_CREATE(self)


def _validated(operation: str, respond: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Gap fixed: moto checks no constraint of the other operations (a name filter holding '_'
    or a status in the wrong case listed nothing, a malformed job name was ResourceNotFound),
    where SageMaker answers ValidationException."""

    def checked(self: Any) -> Any:
        try:
            check_constraints(self._get_params(), operation)
        except Refusal as refused:
            raise _answered(refused) from None
        return respond(self)

    return checked


def _parse(self: Any, request: Any) -> None:
    """Gap fixed: a body whose shape is wrong (a string where an object goes) crashed moto's
    parser (HTTP 500); SageMaker answers SerializationException."""
    try:
        _ORIGINAL_PARSE(self, request)
    except (AttributeError, TypeError, ValueError, KeyError):
        raise JsonRESTError(
            "SerializationException",
            "The request body does not fit the operation's shape: a value has the wrong JSON "
            "type (an object, list, string or number where another is expected).",
        ) from None


def _delete_backend(self: Any, compilation_job_name: str) -> None:
    """Gap fixed: moto deletes running jobs; SageMaker deletes only terminal ones.

    DeleteCompilationJob's only modeled error is ResourceNotFound, and its documentation says
    "You can delete a compilation job only if its current status is COMPLETED, FAILED, or
    STOPPED"; a refusal outside the modeled errors is SageMaker's common ValidationException
    (HTTP 400), as StopCompilationJob's refusal of a finished job is. ResourceInUse is modeled
    for CreateCompilationJob only (a duplicate name).
    """
    job = self.compilation_jobs.get(compilation_job_name)
    if job is not None and job.compilation_job_status not in TERMINAL:
        raise ValidationError(
            message=f"Compilation job {compilation_job_name} is {job.compilation_job_status}: "
            "you can delete a compilation job only if its status is COMPLETED, FAILED or "
            "STOPPED. Stop it, then delete it once it is STOPPED."
        )
    _ORIGINAL_DELETE(self, compilation_job_name)


def _resource_from_arn(self: Any, arn: str) -> Any:
    """Gap fixed: moto's look-up meant to refuse an ARN it does not hold ("Could not find
    ..."), but found None and crashed ListTags (HTTP 500) on a job deleted meanwhile."""
    resource = _ORIGINAL_RESOURCE(self, arn)
    if resource is None:
        kind, _, name = arn.rpartition(":")[2].partition("/")
        raise ValidationError(message=f"Could not find {kind} with name {name}")
    return resource


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
_ORIGINAL_PARSE = moto_responses.SageMakerResponse.parse_parameters
_ORIGINAL_DELETE = moto_models.SageMakerModelBackend.delete_compilation_job
_ORIGINAL_RESOURCE = moto_models.SageMakerModelBackend._get_resource_from_arn
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
        moto_responses.SageMakerResponse.parse_parameters = _parse  # type: ignore[method-assign]  # 400, not 500
        moto_models.SageMakerModelBackend.delete_compilation_job = _delete_backend  # type: ignore[method-assign]  # running jobs refuse
        moto_models.SageMakerModelBackend._get_resource_from_arn = _resource_from_arn  # type: ignore[method-assign]  # None crashed ListTags
        responses = moto_responses.SageMakerResponse
        for method, operation in (
            ("list_compilation_jobs", "ListCompilationJobs"),
            ("describe_compilation_job", "DescribeCompilationJob"),
            ("delete_compilation_job", "DeleteCompilationJob"),
            ("stop_compilation_job", "StopCompilationJob"),
        ):
            setattr(responses, method, _validated(operation, getattr(responses, method)))
        _patched = True
