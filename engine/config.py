"""Settings read from the environment: the only module that touches os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.alerts.config import AlertConfig

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


def read_config_file(path: str) -> dict[str, Any]:
    """
    Read the TOML configuration file named by ``--config`` or ETAPP_CONFIG.

    Raises:
        InvalidInputError: the file is missing, unreadable or not valid TOML;
            one line that names the file.
    """
    import tomllib

    from engine.errors import InvalidInputError

    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        msg = f"config file {path}: {e.strerror or e}"
        raise InvalidInputError(msg) from e
    except tomllib.TOMLDecodeError as e:
        msg = f"config file {path} is not valid TOML: {e}"
        raise InvalidInputError(msg) from e


def load_alerting(path: str | None, env: Mapping[str, str] | None = None) -> AlertConfig:
    """
    Build the alert policy and sinks from the config file (if any) and the environment.

    Args:
        path: the TOML file, or None for the defaults plus environment.
        env: the environment; the process environment when None.

    Raises:
        InvalidInputError: the file cannot be read, or a field is invalid
            (the message names the file and the field).
    """
    from engine.alerts.config import load_alert_config
    from engine.errors import InvalidInputError

    data = read_config_file(path) if path else {}
    try:
        return load_alert_config(data, os.environ if env is None else env)
    except ValueError as e:
        msg = f"{path}: {e}" if path else str(e)
        raise InvalidInputError(msg) from e
