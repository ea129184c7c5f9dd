"""The compiler process: python -m core.compile.worker REQUEST MODEL OUT [--memory-gib N].

It bounds its own address space before importing TVM, writes status.json whenever a stage starts
or ends (the parent shows it as progress) and report.json at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from core.compile.pipeline import run_pipeline
from core.compile.report import CompileReport
from core.compile.runner import DEFAULT_MEMORY_GIB


def _bound_memory(gib: float) -> None:
    limit = int(gib * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _write(path: Path, data: dict[str, Any]) -> None:
    """Atomically, so the parent never reads half a file."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, default=str), encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.compile.worker")
    parser.add_argument("request", type=Path)
    parser.add_argument("model", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--memory-gib", type=float, default=DEFAULT_MEMORY_GIB)
    args = parser.parse_args(argv)
    _bound_memory(args.memory_gib)
    status = args.out / "status.json"

    def progress(text: str, report: CompileReport) -> None:
        _write(
            status,
            {"pid": os.getpid(), "text": text, "time": time.time(), "report": report.to_dict()},
        )

    request = json.loads(args.request.read_text(encoding="utf-8"))
    report = run_pipeline(request, args.model, args.out, progress)
    _write(args.out / "report.json", report.to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
