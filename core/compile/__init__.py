"""Compile a Neo request locally with Apache TVM: target mapping, isolated builds, reports.

Importing this package never imports TVM: only the worker process (core.compile.worker) does.
"""

from core.compile.mapping import TargetPlan, map_target
from core.compile.report import STAGES, CompileReport, StageResult
from core.compile.runner import CompileHandle, compile_request, start_compile

__all__ = [
    "STAGES",
    "CompileHandle",
    "CompileReport",
    "StageResult",
    "TargetPlan",
    "compile_request",
    "map_target",
    "start_compile",
]
