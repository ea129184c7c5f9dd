"""The command line: python -m core presets|import|validate|inspect|compile|render ...

Every failure is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from core.aws.connection import default_connection, make_client
from core.compile import cli as compile_cli
from core.errors import NeoConfigError, one_line
from core.interchange import render
from core.interchange.importer import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_CHARS,
    ImportResult,
    decoded,
    import_text,
)
from core.jsontext import read_json
from core.knowledge.presets import preset, presets
from core.model import cli as model_cli
from core.model.cli import validate_with_model
from core.spec import rules
from core.spec.presets import preset_output_config
from core.spec.strict import check_strict

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
RULE_NAMED = re.compile(r"\(rule ([a-z0-9./-]+),")
"""How a problem's message names the rules.toml rule it comes from."""


def _read(source: str) -> str:
    """The text of a file or of standard input, as UTF-8 with or without a byte-order mark."""
    if source == "-":
        raw = getattr(sys.stdin, "buffer", None)
        if raw is None:  # a text-only stdin (embedded use): it was decoded already
            text = sys.stdin.read(MAX_IMPORT_CHARS + 1).removeprefix("\ufeff")
        else:
            text = _decoded(raw.read(MAX_IMPORT_BYTES + 1), "Standard input")
    else:
        path = Path(source)
        if path.is_dir():
            raise NeoConfigError(f"{source} is a directory; give a file, or - for standard input.")
        if not path.exists():
            raise NeoConfigError(f"No such file: {source}")
        try:
            with path.open("rb") as handle:
                text = _decoded(handle.read(MAX_IMPORT_BYTES + 1), source)
        except OSError as exc:
            raise NeoConfigError(f"Cannot read {source}: {exc.strerror or exc}.") from None
    if len(text) > MAX_IMPORT_CHARS:
        raise NeoConfigError(f"{source} is over 2 MB; a request is a few kilobytes.")
    return text


def _decoded(data: bytes, source: str) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise NeoConfigError(f"{source} is over 2 MB; a request is a few kilobytes.")
    return decoded(data, source)


def _report(result: ImportResult) -> None:
    """Repairs and problems of an import, one line each on standard error."""
    for repair in result.repairs:
        print(f"repaired: {one_line(repair)}", file=sys.stderr)
    for decision in result.decisions:
        state = "applied" if decision.applied else "not applied: kept as written"
        print(f"decision ({state}): {one_line(decision.sentence)}", file=sys.stderr)
    for problem in result.problems:
        print(f"{problem.severity}: {one_line(str(problem))}", file=sys.stderr)


def cmd_presets(args: argparse.Namespace) -> int:
    if args.name:
        print(json.dumps(preset_output_config(preset(args.name)), indent=2))
        return 0
    width = max(len(p.id) for p in presets())
    for item in presets():
        print(f"{item.id:<{width}}  {item.title} — {item.line}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    result = import_text(_read(args.file))
    print(json.dumps(result.api, indent=2, ensure_ascii=False))
    _report(result)
    return EXIT_PROBLEMS if result.errors else 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Strict: the file must be the request as boto3 takes it; a needed repair is a problem.

    One line per problem on standard output (a documented rule names its id and source page);
    warnings, the public address of each rule named and a hint go to standard error.
    """
    text = _read(args.file)
    if not text.strip():
        print("File: is empty; a request is a JSON object.")
        return EXIT_PROBLEMS
    try:
        value, _ = read_json(text, "File:")
    except NeoConfigError as exc:
        print(one_line(exc.message))
        return EXIT_PROBLEMS
    _, problems = check_strict(value)
    if args.model:
        try:
            problems += validate_with_model(value, args.model, _s3_client)
        except NeoConfigError as exc:
            print(f"Model: {one_line(exc.message)}")
            return EXIT_PROBLEMS
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors:
        print(f"{one_line(problem.path) or 'Request'}: {one_line(problem.message)}")
    sys.stdout.flush()  # the errors before the warnings where both streams reach one reader
    for problem in problems:
        if problem.severity == "warning":
            print(f"warning: {one_line(str(problem))}", file=sys.stderr)
    for rule_id in dict.fromkeys(RULE_NAMED.findall(" ".join(p.message for p in problems))):
        print(f"source of rule {rule_id}: {rules.source_url(rule_id)}", file=sys.stderr)
    if errors:
        print(
            f"hint: python -m core import {args.file} prints the repaired request.", file=sys.stderr
        )
    return EXIT_PROBLEMS if errors else 0


def cmd_render(args: argparse.Namespace) -> int:
    """Renders what import reads; its repairs and problems go to standard error, as import's."""
    result = import_text(_read(args.file))
    _report(result)
    if result.errors:
        return EXIT_PROBLEMS
    reason = render.unsupported_reason(args.format, result.api)
    if reason:
        print(f"error: {one_line(reason)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(render.RENDERERS[args.format](result.api))
    return 0


def _s3_client() -> Any:
    """An S3 client on the connection the app would use: AWS through the standard chain, or the
    local simulation when there are no credentials (or NEO_LOCAL=1)."""
    return make_client(default_connection(), "s3")


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
        if name == "validate":
            command.add_argument(
                "--model",
                help="also check DataInputConfig against this model (a file, a .tar.gz or an "
                "s3:// URI)",
            )
    model_cli.add_commands(commands, _s3_client)
    compile_cli.add_commands(commands)
    rendering = commands.add_parser("render", help="render a request as json, cli, boto3, sdk")
    rendering.add_argument("file", help="a file, or - for standard input")
    rendering.add_argument("--format", choices=sorted(render.RENDERERS), default="json")
    rendering.set_defaults(run=cmd_render)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (NeoConfigError, OSError, UnicodeError) as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
