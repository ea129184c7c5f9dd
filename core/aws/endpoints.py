"""Endpoint URLs: which botocore takes, which the app lets credentials go to, which are AWS's.

Signed requests carry the caller's credentials' signature (and, for temporary credentials, the
session token), so a custom endpoint must be https:// (or http:// on this machine only), and one
that is not AWS's own is used only after the user confirms it.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urlsplit

from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url


def typed_url(text: str) -> str:
    """An endpoint URL as typed or pasted, less surrounding space and invisible format
    characters (a zero-width space or word joiner copied along with it from a page)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def endpoint_url_problem(url: str) -> str | None:
    """Why botocore would refuse this endpoint URL, as a sentence; None when it is usable."""
    if not url:
        return None
    scheme = urlsplit(url).scheme.lower()
    valid = is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url)
    if scheme not in ("http", "https") or not valid:
        return (
            f"'{url}' is not an endpoint URL: it must start with https:// (or http:// for a "
            "local server) and name a host, for example https://api.sagemaker.eu-west-1."
            "amazonaws.com."
        )
    if scheme == "http" and not is_loopback(urlsplit(url).hostname or ""):
        return (
            f"'{url}' would send your signed requests unencrypted over the network: use "
            "https://, or http:// only for a server on this machine (localhost, 127.0.0.1)."
        )
    return None


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
    host = urlsplit(url).hostname or ""
    return not is_aws_endpoint(url) and not is_loopback(host)


def is_aws_endpoint(url: str | None) -> bool:
    """Whether a client talks to AWS's own SageMaker (so the AWS console can show its jobs)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))
