"""The embedded endpoint's server: moto's WSGI app behind the guard, on 127.0.0.1, per process.

Built from moto's parts rather than its ThreadedMotoServer so that the guard (`core.local.guard`)
wraps the whole app: moto's own server offers /moto-api and permissive CORS to anyone who can
reach the port. The first endpoint of a process also patches moto, reloads the saved jobs and
objects (`core.local.persist`) and plugs in the compiler backend (TVM where it imports).
"""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
import threading
from pathlib import Path

from moto.moto_server import werkzeug_app
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

from core.local import access_key_id, data_folder, lifecycle
from core.local.backend_tvm import TvmBackend, default_backend
from core.local.guard import Guard
from core.local.patches import apply_patches
from core.local.persist import LocalState

_log = logging.getLogger(__name__)
_state: LocalState | None = None
_state_lock = threading.Lock()


def state() -> LocalState:
    """This process's endpoint state: patched moto, saved jobs and objects reloaded, once."""
    global _state
    with _state_lock:
        if _state is None:
            apply_patches()
            werkzeug_app.DISABLE_GLOBAL_CORS = True  # read when each service's app is built
            loaded = LocalState(data_folder().resolve())
            if loaded.open():
                interrupted = loaded.load()
                if interrupted:
                    _log.warning("%d local job(s) were interrupted by the last stop.", interrupted)
            else:
                _log.warning("The local endpoint keeps nothing across restarts: %s.",
                             loaded.problem)  # fmt: skip
            atexit.register(loaded.changed)  # at exit, last: the final word on jobs and objects
            if not lifecycle.is_chosen():
                work = loaded.work if loaded.enabled else _private_work(loaded.root)
                chosen = default_backend(work, loaded.changed)
                lifecycle.use_backend(chosen)
                if isinstance(chosen, TvmBackend):  # at exit, first: no compiler outlives the app
                    atexit.register(chosen.shutdown)
            _state = loaded
        return _state


def _private_work(root: Path) -> Path:
    """A work folder of this process's own when another process owns the endpoint's."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"work-{os.getpid()}-", dir=root))


class LocalEndpoint:
    """The guarded moto app, threaded, on 127.0.0.1 and a port the kernel picks."""

    def __init__(self) -> None:
        kept = state()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request
        app = Guard(DomainDispatcherApplication(create_backend_app), access_key_id, kept.changed)
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler
        )
        self.port = self._server.server_port
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"local-endpoint-{self.port}", daemon=True
        )
        self._thread.start()
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


_endpoint: LocalEndpoint | None = None
_endpoint_lock = threading.Lock()


def local_endpoint() -> str:
    """The URL of this process's local endpoint, started on first use and stopped at exit."""
    global _endpoint
    with _endpoint_lock:
        if _endpoint is None:
            _endpoint = LocalEndpoint()
            atexit.register(_endpoint.stop)
        return _endpoint.url
