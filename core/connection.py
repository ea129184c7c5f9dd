"""TEMPORARY stand-in until the connection module lands."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Connection:
    profile: str | None
    region: str
    endpoint_url: str | None
    local: bool

    @property
    def label(self) -> str:
        return "Local simulation" if self.local else f"AWS {self.region}"


def default_connection() -> Connection:
    return Connection(None, "us-east-1", None, True)


def local_connection() -> Connection:
    return default_connection()


def available_profiles() -> list[str]:
    return []


def sagemaker_regions() -> list[str]:
    return ["us-east-1"]


def test_connection(conn: Connection) -> str:
    return "ok"
