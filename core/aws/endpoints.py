"""Endpoint URLs: which botocore takes, which the app lets credentials go to, which are AWS's.

Signed requests carry the caller's credentials' signature (and, for temporary credentials, the
session token), so a custom endpoint must be https:// (or http:// on this machine only), and one
that is not AWS's own is used only after the user confirms it.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from botocore.utils import UNSAFE_URL_CHARS, is_valid_endpoint_url, is_valid_ipv6_endpoint_url

from core.errors import quote


def typed_url(text: str) -> str:
    """An endpoint URL as typed or pasted, less surrounding space and invisible format
    characters (a zero-width space or word joiner copied along with it from a page)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


_NOT_A_URL = (
    "{url} is not an endpoint URL: it must start with https:// (or http:// for a local "
    "server) and name a host, for example https://api.sagemaker.eu-west-1.amazonaws.com."
)


def _shown(url: str) -> str:
    """The URL in a message: quoted and cut (a 5,000-character paste filled the screen)."""
    return quote(url, limit=100)


def _host_problem(url: str, host: str) -> str:
    """Why botocore takes no host from an http(s) URL: the rule its host name breaks."""
    if not host:
        return _NOT_A_URL.format(url=_shown(url))
    if UNSAFE_URL_CHARS.intersection(url):
        return f"{_shown(url)} holds a tab or a line break: remove it."
    if not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = ""
        written = f" (this one is {quote(ascii_host)})" if ascii_host else ""
        return (
            f"{_shown(url)} names the host {quote(host)}, which botocore takes in ASCII only: "
            f"write an international name in its xn-- form{written}."
        )
    longest = max(host.split("."), key=len)
    if len(longest) > 63:
        return (
            f"{_shown(url)} names a host with a part of {len(longest):,} characters "
            f"({quote(longest, limit=30)}): each part of a host name between dots is 1 to 63 "
            "characters."
        )
    if len(host) > 255:
        return (
            f"{_shown(url)} names a host of {len(host):,} characters: a host name is at most "
            "255 in all."
        )
    return (
        f"{_shown(url)} names the host {quote(host)}: a host name takes letters, digits, "
        "hyphens (not at a part's start or end) and dots between parts."
    )


def _host(url: str | None) -> str:
    """The URL's host name, "" when it has none or cannot be split (an unclosed [)."""
    try:
        return (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return ""


def endpoint_url_problem(url: str, region: str | None = None) -> str | None:
    """Why this endpoint URL would not work, as a sentence; None when it is usable. botocore
    refuses a URL without http(s):// on every call; a user name or password in it, a port past
    65535 and a region other than the one requests are signed for pass botocore's check but
    fail (or leak) later. region: the region the connection signs for, when one is chosen."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [ (an IPv6 host, or a bracket pasted from Markdown)
        return _NOT_A_URL.format(url=_shown(url))
    if "@" in parts.netloc:
        host = parts.netloc.rpartition("@")[2]
        return (
            f"The endpoint URL holds a user name or password before '@{host}': remove it. "
            "Requests are signed with your AWS credentials, never with a password in the URL, "
            "and the URL is shown on every page."
        )
    scheme = parts.scheme.lower()
    valid = is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url)
    if scheme not in ("http", "https"):
        return _NOT_A_URL.format(url=_shown(url))
    if not valid:
        return _host_problem(url, parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        return f"{_shown(url)} names no usable port: a port is a whole number from 1 to 65535."
    if scheme == "http" and not is_loopback(parts.hostname or ""):
        return (
            f"{_shown(url)} would send your signed requests unencrypted over the network: use "
            "https://, or http:// only for a server on this machine (localhost, 127.0.0.1)."
        )
    host = parts.hostname or ""
    if is_aws_endpoint(url) and "sagemaker" not in host:
        return (
            f"{_shown(url)} is an endpoint of another AWS service, not SageMaker's: leave the "
            "field empty for AWS's own, or give one like "
            "https://api.sagemaker.eu-west-1.amazonaws.com."
        )
    named = endpoint_region(url)
    if region and named and named != region:
        return (
            f"{_shown(url)} is an endpoint in {named}, but the region chosen is {region}: requests "
            f"signed for {region} are refused there. Choose {named} as the region, or an "
            f"endpoint in {region}."
        )
    return None


_REGION_LABEL = re.compile(r"[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+")


def endpoint_region(url: str | None) -> str | None:
    """The region an AWS endpoint's host names (api.sagemaker.eu-west-1.amazonaws.com:
    eu-west-1); None for other hosts, whose region nothing says."""
    if not url or not is_aws_endpoint(url):
        return None
    host = _host(url)
    return next((label for label in host.split(".") if _REGION_LABEL.fullmatch(label)), None)


def is_loopback(host: str) -> bool:
    """Whether host is this machine (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def needs_confirmation(url: str | None) -> bool:
    """Whether requests would go, signed with the user's credentials, to a host that is not
    AWS's (and not this machine): the user confirms that once before it is used."""
    if not url:
        return False
    return not is_aws_endpoint(url) and not is_loopback(_host(url))


def is_aws_endpoint(url: str | None) -> bool:
    """Whether a client talks to AWS's own SageMaker (so the AWS console can show its jobs)."""
    return _host(url).endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))
