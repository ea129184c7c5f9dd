"""The embedded endpoint's server: moto's threaded server on 127.0.0.1, patched, one per process."""

from __future__ import annotations

import atexit
import logging
import socket
import threading

from moto.moto_server.threaded_moto_server import ThreadedMotoServer

from core.local.patches import apply_patches


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalEndpoint:
    """moto's threaded server on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        apply_patches()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request
        self.port = _free_port()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._server.stop()


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
