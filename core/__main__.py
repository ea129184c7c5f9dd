"""The command line: python -m core presets|import|validate|render ...

Every failure is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import render
from core.errors import NeoConfigError
from core.importer import MAX_IMPORT_CHARS, import_text
from core.presets import preset, presets
from core.request import check_request

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _read(source: str) -> str:
    if source == "-":
        text = sys.stdin.read(MAX_IMPORT_CHARS + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise NeoConfigError(f"No such file: {source}")
        with path.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(MAX_IMPORT_CHARS + 1)
    if len(text) > MAX_IMPORT_CHARS:
        raise NeoConfigError(f"{source} is over 2 MB; a request is a few kilobytes.")
    return text


def cmd_presets(args: argparse.Namespace) -> int:
    if args.name:
        print(json.dumps(preset(args.name).output_config(), indent=2))
        return 0
    width = max(len(p.id) for p in presets())
    for item in presets():
        print(f"{item.id:<{width}}  {item.title} — {item.line}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    result = import_text(_read(args.file))
    print(json.dumps(result.api, indent=2, ensure_ascii=False))
    for repair in result.repairs:
        print(f"repaired: {repair}", file=sys.stderr)
    for problem in result.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    return EXIT_PROBLEMS if result.errors else 0


def cmd_validate(args: argparse.Namespace) -> int:
    text = _read(args.file)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"File: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).")
        return EXIT_PROBLEMS
    _, problems = check_request(value)
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors:
        print(f"{problem.path or 'Request'}: {problem.message}")
    for problem in problems:
        if problem.severity == "warning":
            print(f"warning: {problem}", file=sys.stderr)
    return EXIT_PROBLEMS if errors else 0


def cmd_render(args: argparse.Namespace) -> int:
    result = import_text(_read(args.file))
    if result.errors:
        for problem in result.errors:
            print(f"{problem.path or 'Request'}: {problem.message}", file=sys.stderr)
        return EXIT_PROBLEMS
    output = render.RENDERERS[args.format](result.api)
    if output is None:
        print(render.sdk_unsupported_reason(result.api), file=sys.stderr)
        return EXIT_PROBLEMS
    print(output)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m core", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("presets", help="list presets, or print one's OutputConfig")
    listing.add_argument("name", nargs="?", help="the preset to print")
    listing.set_defaults(run=cmd_presets)
    for name, run, summary in (
        ("import", cmd_import, "repair any config and print its canonical JSON"),
        ("validate", cmd_validate, "strict check of a request file, one line per problem"),
    ):
        command = commands.add_parser(name, help=summary)
        command.add_argument("file", help="a file, or - for standard input")
        command.set_defaults(run=run)
    rendering = commands.add_parser("render", help="render a request as json, cli, boto3, sdk")
    rendering.add_argument("file", help="a file, or - for standard input")
    rendering.add_argument("--format", choices=sorted(render.RENDERERS), default="json")
    rendering.set_defaults(run=cmd_render)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except NeoConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
