"""The outcome of a local compile: five ordered stages, each with a one-sentence reason.

Also turns a compiler exception into one paragraph that names the operator or input at fault,
because a TVM traceback tells a user of this app nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

STAGES = ("imported", "built", "linked", "ran", "matched")
Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class StageResult:
    name: str
    status: Status
    reason: str
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "reason": self.reason,
                "seconds": round(self.seconds, 4)}  # fmt: skip


@dataclass(frozen=True)
class CompileReport:
    """Stages in STAGES order; `ok` when every stage possible for the target passed."""

    target: str
    stages: tuple[StageResult, ...]
    artifact: str | None = None
    """The compiled library (model.so) or TVM's object archive (model.tar)."""
    package: str | None = None
    """The .tar.gz of the artifact and manifest.json, for upload."""
    manifest: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    verification: dict[str, Any] = field(default_factory=dict)
    plan: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    cancelled: bool = False
    interruption: str = ""
    """Why a cancelled report's run was stopped (its first unreached stage carries it)."""
    tvm_loaded: bool = False
    """Whether the compiler process imported TVM at all (False: refused before TVM ran)."""

    @property
    def ok(self) -> bool:
        built = self.stage("built").status == "passed"
        failed = any(s.status == "failed" for s in self.stages)
        return built and not failed and not self.cancelled

    def stage(self, name: str) -> StageResult:
        return next(s for s in self.stages if s.name == name)

    @property
    def reason(self) -> str:
        """The sentence that explains the outcome: the first failure, or the first refusal."""
        for s in self.stages:
            if s.status == "failed":
                # "imported: TVM could not ..." read as internals on the Jobs page
                return f"The local compile failed at its '{s.name}' stage: {s.reason}"
        if self.stage("built").status != "passed":
            return self.stage("imported").reason
        return "every stage possible for this target passed"

    def lines(self) -> list[str]:
        """Human lines for a terminal."""
        out = [f"target {self.target}: {'ok' if self.ok else 'not ok'}"]
        for s in self.stages:
            out.append(f"  {s.name:<8} {s.status:<7} {s.reason}")
        if self.package:
            out.append(f"  package  {self.package}")
        out.extend(f"  note     {n}" for n in self.notes)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "ok": self.ok,
            "reason": self.reason,
            "cancelled": self.cancelled,
            "interruption": self.interruption,
            "tvm_loaded": self.tvm_loaded,
            "stages": [s.to_dict() for s in self.stages],
            "artifact": self.artifact,
            "package": self.package,
            "manifest": self.manifest,
            "timings": self.timings,
            "verification": self.verification,
            "plan": self.plan,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CompileReport:
        stages = tuple(
            StageResult(s["name"], s["status"], s["reason"], float(s.get("seconds", 0.0)))
            for s in data["stages"]
        )
        return cls(
            target=data["target"],
            stages=stages,
            artifact=data.get("artifact"),
            package=data.get("package"),
            manifest=data.get("manifest") or {},
            timings=data.get("timings") or {},
            verification=data.get("verification") or {},
            plan=data.get("plan") or {},
            notes=tuple(data.get("notes") or ()),
            cancelled=bool(data.get("cancelled")),
            interruption=str(data.get("interruption") or ""),
            tvm_loaded=bool(data.get("tvm_loaded")),
        )

    def interrupted(self, reason: str, *, cancelled: bool) -> CompileReport:
        """This report with the first stage not reached failed for `reason`, later ones skipped."""
        stages: list[StageResult] = []
        hit = False
        for s in self.stages:
            if s.reason:  # reached: keep what it said
                stages.append(s)
            elif hit:
                stages.append(StageResult(s.name, "skipped", "not attempted: " + reason))
            else:
                stages.append(StageResult(s.name, "failed", reason))
                hit = True
        interruption = reason if cancelled else ""
        return replace(self, stages=tuple(stages), cancelled=cancelled, interruption=interruption)


def pending(target: str) -> CompileReport:
    """A report with no stage run yet (empty reasons mark them as not reached)."""
    return CompileReport(target, tuple(StageResult(n, "skipped", "") for n in STAGES))


def one_line(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_UNSUPPORTED = re.compile(r"operators are not supported for frontend (\w+):\s*([\w\s,.'-]+)")
_CONVERTING = re.compile(r"Error converting operator (\w+), with inputs: \[([^\]]*)\]")
_OP_REPR = re.compile(r"In ir\.Op\(.*?name=\"(relax\.[\w.]+)\".*?support_level=\d+\),\s*", re.S)
_RELAX_OP = re.compile(r"\b(?:relax|R)\.((?:nn\.|image\.)?[a-z_0-9]+)")
_NOISE = re.compile(r"^(Traceback|\s*File |\s+|\[\d\d:\d\d:\d\d\]|\s*\^)")


def _message(exc: BaseException) -> str:
    """The exception's own message without TVM's C++ backtrace and Python frames."""
    lines = [ln for ln in str(exc).splitlines() if ln.strip() and not _NOISE.match(ln)]
    text = " ".join(lines) or type(exc).__name__
    text = _OP_REPR.sub("", text)
    text = re.sub(r"T\.int64\((\d+)\)", r"\1", text)
    return re.sub(r"^(tvm\.error\.)?\w*Error:\s*", "", text)


_VERBS = {
    "imported": "import the model",
    "linked": "link the model",
    "ran": "run the compiled model",
    "matched": "compare the outputs",
}


def explain(exc: BaseException, captured: str = "", stage: str = "built") -> str:
    """One paragraph naming the operator or input at fault, never a traceback."""
    raw = str(exc)
    unsupported = _UNSUPPORTED.search(raw)
    if unsupported:
        frontend, ops = unsupported.group(1), unsupported.group(2).strip().rstrip(".")
        return one_line(
            f"TVM's {frontend} importer has no converter for operator {ops}, so this model "
            "cannot be compiled locally."
        )
    converting = _CONVERTING.search(captured) or _CONVERTING.search(raw)
    detail = _message(exc)
    if converting:
        op, inputs = converting.group(1), converting.group(2)
        return one_line(f"TVM could not import operator {op} (inputs {inputs}): {detail}")
    op_match = _OP_REPR.search(raw) or _RELAX_OP.search(raw)
    where = f" in operator relax.{op_match.group(1).removeprefix('relax.')}" if op_match else ""
    verb = _VERBS.get(stage, "build the model")
    return one_line(f"TVM could not {verb}{where}: {detail}")
