"""`python -m core inspect MODEL` and `validate REQUEST --model MODEL`, for the lead to wire.

`add_commands` registers the inspect subcommand on the app's argparse subparsers; the S3 client
comes from a factory so the app's own connection (region, endpoint, credentials) is used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from core.errors import NeoConfigError, Problem, one_line
from core.model.check import fill_data_input_config, model_problems
from core.model.inspect import inspect_path, inspect_s3, inspect_stream
from core.model.types import ModelInfo

ClientFactory = Callable[[], Any]
EXIT_UNREADABLE = 1


def add_commands(
    subparsers: Any, s3_client_factory: ClientFactory | None = None
) -> argparse.ArgumentParser:
    """Registers `inspect MODEL`; its `run` default calls `run_inspect` with the factory."""
    command: argparse.ArgumentParser = subparsers.add_parser(
        "inspect", help="read a model's inputs and print them (and DataInputConfig) as JSON"
    )
    command.add_argument(
        "model", help="a model file, a .tar.gz, a folder, an s3:// URI, or - for standard input"
    )
    command.add_argument(
        "--framework", help="the Framework to prefer when the archive holds several models"
    )
    command.add_argument("--batch", type=int, default=1, help="the batch size (default 1)")
    command.add_argument(
        "--filename", default="", help="the name of what standard input holds (e.g. model.onnx)"
    )
    command.set_defaults(run=lambda args: run_inspect(args, s3_client_factory))
    return command


def read_model(
    source: str,
    framework: str | None = None,
    s3_client_factory: ClientFactory | None = None,
    filename: str = "",
) -> ModelInfo:
    """A model from a path, an s3:// URI, or "-" (standard input)."""
    if source == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise NeoConfigError("Standard input is not binary here; give the model's path.")
        return inspect_stream(stdin, filename or "stdin", framework)
    if source.startswith("s3://"):
        if s3_client_factory is None:
            raise NeoConfigError("Reading from S3 needs an AWS connection; none is configured.")
        return inspect_s3(s3_client_factory(), source, framework)
    return inspect_path(source, framework)


def info_json(info: ModelInfo, batch: int = 1) -> dict[str, Any]:
    """The JSON `inspect` prints; data_input_config is null (with a note) when it needs sizes."""
    notes = list(info.notes)
    try:
        config: str | None = fill_data_input_config(info, None, batch)
    except NeoConfigError as exc:
        config = None
        notes.append(f"data_input_config is null: {exc.message}")
    return {
        "framework": info.framework,
        "framework_version": info.framework_version,
        "file": info.file,
        "inputs": [
            {
                "name": i.name,
                "shape": None if i.shape is None else list(i.shape),
                "dtype": i.dtype,
                "layout": i.layout,
            }
            for i in info.inputs
        ],
        "data_input_config": config,
        "notes": notes,
        "sources": dict(info.sources),
    }


def run_inspect(args: argparse.Namespace, s3_client_factory: ClientFactory | None = None) -> int:
    """Prints the model's inputs as JSON; one line on stderr and exit 1 when it cannot."""
    try:
        info = read_model(
            args.model, args.framework, s3_client_factory, getattr(args, "filename", "")
        )
        payload = info_json(info, getattr(args, "batch", 1))
    except NeoConfigError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0


def validate_with_model(
    request_api: dict[str, Any],
    model_path_or_uri: str | None,
    s3_client_factory: ClientFactory | None = None,
) -> list[Problem]:
    """The request's InputConfig checked against the model (None: the request's own S3Uri).

    Raises NeoConfigError when the model cannot be read.
    """
    input_config = request_api.get("InputConfig")
    input_config = input_config if isinstance(input_config, dict) else {}
    framework = input_config.get("Framework")
    framework = framework if isinstance(framework, str) else ""
    source = model_path_or_uri or input_config.get("S3Uri")
    if not isinstance(source, str) or not source:
        raise NeoConfigError("Give the model (--model) or an InputConfig.S3Uri to read it from.")
    shapes = input_config.get("DataInputConfig")
    if isinstance(shapes, (dict, list)):
        shapes = json.dumps(shapes)
    info = read_model(source, framework or None, s3_client_factory)
    return model_problems(shapes if isinstance(shapes, str) else None, framework, info)
