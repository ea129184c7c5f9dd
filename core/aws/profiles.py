"""What the AWS config files say of a profile, read through botocore's own resolution."""

from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError


def profile_region(profile: str | None) -> str | None:
    """The region a profile names (AWS_REGION and AWS_DEFAULT_REGION win, as the CLI's do);
    None when it names none or cannot be read."""
    try:
        return boto3.session.Session(profile_name=profile).region_name
    except (BotoCoreError, ValueError):
        return None
