"""The local endpoint answers this app process only: a WSGI layer in front of moto.

moto's server answers anyone who can reach the port: another user on the machine could create,
list or reset everything (`/moto-api/reset`), and its permissive CORS let a web page on another
local port read the answers from the victim's browser. This layer, outside moto, refuses
every request that does not carry this process's access key id (SigV4 header or presigned
query), every `/moto-api` path, every cross-origin request (any Origin header; preflights
included) and every service the app does not use; and it strips CORS headers from answers.
"""

from __future__ import annotations

import hmac
import json
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
SERVICES = frozenset({"sagemaker", "s3", "sts"})
"""What the app calls; moto's other services (Lambda runs containers) stay unreachable."""
WRITES = frozenset({"PUT", "POST", "DELETE"})
INVALID_TOKEN = "The security token included in the request is invalid."
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]*/([^/]*)/([^/]*)/")
_SIGV2 = re.compile(r"^AWS ([^:\s]+):")
"""S3's older signature (boto3's default for presigned GETs), in a header or a query."""
_REFUSED_PATHS = ("/moto-api", "/favicon.ico", "/latest/meta-data/", "/latest/api/")
"""moto's control API and dashboard, and its fake instance metadata service."""


def signed_by(environ: dict[str, Any]) -> tuple[str, str] | None:
    """(access key id, service) of a signed request, from its header or presigned query."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    found = _CREDENTIAL.search(auth)
    if found:
        return found.group(1), found.group(3).lower()
    old = _SIGV2.match(auth)
    if old:
        return old.group(1), "s3"
    query = parse_qs(environ.get("QUERY_STRING", ""))
    scope = (query.get("X-Amz-Credential") or [""])[0].split("/")
    if len(scope) == 5 and scope[0]:
        return scope[0], scope[3].lower()
    key = (query.get("AWSAccessKeyId") or [""])[0]
    return (key, "s3") if key else None


def _answer(status: str, body: bytes, content_type: str, start: Callable[..., Any]) -> list[bytes]:
    start(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def refuse(
    environ: dict[str, Any], start: Callable[..., Any], code: str, message: str, status: int = 403
) -> list[bytes]:
    """An error in the protocol of the service asked (JSON for SageMaker, XML otherwise)."""
    signed = signed_by(environ)
    service = signed[1] if signed else ""
    line = f"{status} {'Forbidden' if status == 403 else 'Not Found'}"
    json_call = service == "sagemaker" or "HTTP_X_AMZ_TARGET" in environ
    if json_call:
        body = json.dumps({"__type": code, "message": message}).encode()
        return _answer(line, body, "application/x-amz-json-1.1", start)
    escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    request_id = uuid.uuid4().hex
    if service == "s3" or not service:
        xml = f"<Error><Code>{code}</Code><Message>{escaped}</Message>"
        xml += f"<RequestId>{request_id}</RequestId></Error>"
    else:
        xml = f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
        xml += f"<Message>{escaped}</Message></Error><RequestId>{request_id}</RequestId>"
        xml += "</ErrorResponse>"
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml).encode()
    return _answer(line, body, "application/xml", start)


_INVALID_CODES = {"s3": "InvalidAccessKeyId", "sts": "InvalidClientTokenId"}


class Guard:
    """Wraps moto's WSGI app; `after_write(service)` runs after each write that moto answered."""

    def __init__(
        self, app: Wsgi, key: Callable[[], str], after_write: Callable[[str], None] | None = None
    ) -> None:
        self.app, self.key, self.after_write = app, key, after_write

    def __call__(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        refused = self._refusal(environ, start)
        if refused is not None:
            return refused
        environ.pop("HTTP_X_MOTO_ACCOUNT_ID", None)  # one account: the app's

        def start_without_cors(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            return start(status, kept, *exc)

        signed = signed_by(environ)
        answer = self.app(environ, start_without_cors)
        if self.after_write is None or signed is None or environ["REQUEST_METHOD"] not in WRITES:
            return answer
        try:  # writes answer small bodies: read them, so the change is saved before the reply
            body = list(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        self.after_write(signed[1])
        return body

    def _refusal(self, environ: dict[str, Any], start: Callable[..., Any]) -> list[bytes] | None:
        path = environ.get("PATH_INFO", "")
        if path.startswith(_REFUSED_PATHS):
            return refuse(environ, start, "NotFound", f"{path} is not offered here.", 404)
        if environ.get("HTTP_ORIGIN") or environ.get("REQUEST_METHOD") == "OPTIONS":
            return refuse(
                environ,
                start,
                "AccessDenied",
                "Cross-origin requests are refused: this local endpoint answers the app's "
                "own process, never a web page.",
            )
        signed = signed_by(environ)
        if signed is None:
            return refuse(
                environ,
                start,
                "MissingAuthenticationToken",
                "Missing Authentication Token: this local endpoint answers only requests "
                "signed with the app's own local credentials.",
            )
        key, service = signed
        if not hmac.compare_digest(key.encode(), self.key().encode()):
            code = _INVALID_CODES.get(service, "UnrecognizedClientException")
            return refuse(
                environ,
                start,
                code,
                f"{INVALID_TOKEN} This local endpoint answers only the app process that started "
                "it; other credentials are refused.",
            )
        if service not in SERVICES:
            return refuse(
                environ,
                start,
                "AccessDenied",
                f"This local endpoint offers {', '.join(sorted(SERVICES))} only, not {service}.",
            )
        return None
