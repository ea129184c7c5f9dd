"""The embedded local endpoint: moto's server, patched to behave like SageMaker for the app.

`server` starts it (moto is loaded only then), `guard` keeps it for this process alone,
`patches` and `validate` close the gaps between moto and SageMaker, `lifecycle` is the slot
where a compiler backend decides how a job runs (`backend_tvm` compiles for real), `objects`
reads and writes the local S3 in-process and `persist` keeps jobs and objects across restarts.

This module stays light (no moto): the app imports it for the credential and the constants.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
DATA_ENV = "NEO_CONFIGURATOR_DATA"
DEFAULT_DIR = ".neo-data"
"""The app's data folder: the same variable and default as core.jobs.store."""
KEY_ENV = "NEO_LOCAL_ENDPOINT_KEY"
"""Optional: the access key id the endpoint takes, for a test or script that starts the app in
another process and must reach its endpoint (a process's environment is readable by its user
only). Without it, each process draws its own at random."""
MIN_KEY_LENGTH = 20

_key: str | None = None
_secret = secrets.token_urlsafe(32)
_key_lock = threading.Lock()


def access_key_id() -> str:
    """This process's access key id for the local endpoint: random, drawn once, never stored."""
    global _key
    with _key_lock:
        if _key is None:
            chosen = os.environ.get(KEY_ENV, "")
            if chosen and (len(chosen) < MIN_KEY_LENGTH or "/" in chosen or "," in chosen):
                raise ValueError(
                    f"{KEY_ENV} must be at least {MIN_KEY_LENGTH} characters, without '/' or ','."
                )
            _key = chosen or "NEOLOCAL" + secrets.token_urlsafe(24)
        return _key


def credentials() -> dict[str, str]:
    """The keyword arguments a boto3 client needs to reach this process's local endpoint.

    The endpoint refuses every other access key id, so another user or a web page on this
    machine cannot use it. moto does not check signatures, so the secret only lets boto3 sign.
    """
    return {"aws_access_key_id": access_key_id(), "aws_secret_access_key": _secret}


def data_folder() -> Path:
    """Where the app keeps its data (NEO_CONFIGURATOR_DATA, default .neo-data)."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DIR)
