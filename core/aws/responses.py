"""What SageMaker answers about compilation jobs, as typed values the UI reads by attribute.

Built from botocore's response dicts in one place, so no page digs into nested keys and the
target is labelled one way everywhere (`core.spec.target.target_label`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.spec import service
from core.spec.target import target_label

TERMINAL_STATES = frozenset({"COMPLETED", "FAILED", "STOPPED"})
SIMULATED_PREFIX = "simulated:"
"""How the local endpoint marks a job it simulated (core.local.lifecycle writes it)."""


@dataclass(frozen=True)
class JobSummary:
    """One row of ListCompilationJobs."""

    name: str
    status: str
    target_label: str
    arn: str = ""
    created: datetime | None = None
    ended: datetime | None = None

    @property
    def running(self) -> bool:
        return self.status not in TERMINAL_STATES

    @classmethod
    def from_api(cls, summary: dict[str, Any]) -> JobSummary:
        platform = {
            key: summary[f"CompilationTargetPlatform{key}"]
            for key in ("Os", "Arch", "Accelerator")
            if summary.get(f"CompilationTargetPlatform{key}")
        }
        target = {
            "TargetDevice": summary.get("CompilationTargetDevice"),
            "TargetPlatform": platform,
        }
        return cls(
            name=summary["CompilationJobName"],
            status=summary.get("CompilationJobStatus", ""),
            target_label=target_label(target),
            arn=summary.get("CompilationJobArn", ""),
            created=summary.get("CreationTime"),
            ended=summary.get("CompilationEndTime"),
        )


@dataclass(frozen=True)
class JobDescription:
    """DescribeCompilationJob's answer: the job's state, its outcome and the request it ran."""

    name: str
    status: str
    target_label: str
    arn: str = ""
    failure_reason: str = ""
    artifacts: str = ""
    """S3 URI of the compiled model, once the job completed."""
    digest: str = ""
    created: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    request: dict[str, Any] = field(default_factory=dict)
    """The CreateCompilationJob members the answer repeats (it has no tags)."""

    @property
    def running(self) -> bool:
        return self.status not in TERMINAL_STATES

    @property
    def simulated_note(self) -> str:
        """The local endpoint's note that this job was simulated, not compiled (it uses
        FailureReason, the answer's one free-text field, with a "simulated:" prefix)."""
        if self.status != "FAILED" and self.failure_reason.startswith(SIMULATED_PREFIX):
            return self.failure_reason
        return ""

    @classmethod
    def from_api(cls, job: dict[str, Any]) -> JobDescription:
        request = service.described_request(job)
        return cls(
            name=job.get("CompilationJobName", ""),
            status=job.get("CompilationJobStatus", ""),
            target_label=target_label(job.get("OutputConfig") or {}),
            arn=job.get("CompilationJobArn", ""),
            failure_reason=job.get("FailureReason", ""),
            artifacts=(job.get("ModelArtifacts") or {}).get("S3ModelArtifacts", ""),
            digest=(job.get("ModelDigests") or {}).get("ArtifactDigest", ""),
            created=job.get("CreationTime"),
            started=job.get("CompilationStartTime"),
            ended=job.get("CompilationEndTime"),
            request=request,
        )
