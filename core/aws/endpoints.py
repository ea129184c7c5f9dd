"""Endpoint URLs: which botocore takes, and which are AWS's own."""

from __future__ import annotations

from urllib.parse import urlsplit

from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url


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
    return None


def is_aws_endpoint(url: str | None) -> bool:
    """Whether a client talks to AWS's own SageMaker (so the AWS console can show its jobs)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.endswith(".amazonaws.com")
