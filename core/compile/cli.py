"""`python -m core compile REQUEST --model MODEL --out DIR [--timeout S]`.

The report goes to stdout as JSON (for scripts) and to stderr as lines (for people); the exit code
is 0 only when every stage possible for the target passed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.compile.report import one_line
from core.compile.runner import DEFAULT_TIMEOUT_S, compile_request

EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(subparsers: Any) -> None:
    """Registers `compile` on `python -m core`'s subparsers (it calls `args.run(args)`)."""
    parser = subparsers.add_parser(
        "compile",
        help="compile a request's model locally with Apache TVM",
        description="Compile a CreateCompilationJob request's model locally with Apache TVM: "
        "import, build, link, and where the target runs here, run and compare with a "
        "reference runtime.",
    )
    parser.add_argument("request", help="a JSON CreateCompilationJob request file")
    parser.add_argument("--model", required=True, help=".onnx, .tflite, or a .tar.gz of one")
    parser.add_argument("--out", required=True, help="directory for the artifact and report")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds before giving up"
    )
    parser.set_defaults(run=cmd_compile)


def _load_request(source: str) -> dict[str, Any]:
    path = Path(source)
    if not path.is_file():
        raise ValueError(f"No request file at {source}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{source} is not a readable JSON request ({exc}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("OutputConfig"), dict):
        raise ValueError(f"{source} is not a CreateCompilationJob request: it has no OutputConfig.")
    return data


def cmd_compile(args: argparse.Namespace) -> int:
    try:
        request = _load_request(args.request)
    except ValueError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    if args.timeout <= 0:
        print("error: --timeout must be a positive number of seconds.", file=sys.stderr)
        return EXIT_FAILED
    try:
        report = compile_request(request, args.model, args.out, args.timeout)
    except KeyboardInterrupt:  # compile_request has cancelled the worker on the way out
        print("error: interrupted; the compile was cancelled.", file=sys.stderr)
        return EXIT_FAILED
    for line in report.lines():
        print(line, file=sys.stderr)
    print(json.dumps(report.to_dict(), indent=2))
    if not report.ok:
        print(f"error: {one_line(report.reason)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry for trying the command before it is wired into `python -m core`."""
    parser = argparse.ArgumentParser(prog="python -m core.compile.cli")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
