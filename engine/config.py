"""Settings read from the environment: the only module that touches os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///etapp.db"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    actor: str | None = None
    log_format: str = "console"
    config_file: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        e = os.environ if env is None else env
        return cls(
            database_url=e.get("ETAPP_DATABASE_URL") or DEFAULT_DATABASE_URL,
            actor=e.get("ETAPP_ACTOR") or None,
            log_format=e.get("ETAPP_LOG_FORMAT", "console"),
            config_file=e.get("ETAPP_CONFIG") or None,
        )


def environ() -> Mapping[str, str]:
    """A read-only view of the process environment, for adapters that take a mapping."""
    return dict(os.environ)
