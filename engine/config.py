"""Configuration: the default database and the alerting config file (TOML)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.i18n import _

if TYPE_CHECKING:
    from engine.alerts.config import AlertConfig

DEFAULT_DATABASE_URL = "sqlite:///etapp.db"


def log_key_path(url: str, explicit: str | None = None) -> Path:
    """Where the log's private key lives: always outside the database.

    ``--log-key``/ETAPP_LOG_KEY when given; for SQLite ``<database file>.logkey``
    beside it; for a server database a file per URL under
    ``$XDG_CONFIG_HOME/etapp`` (``~/.config/etapp``).
    """
    import hashlib

    from engine.persistence.sqlite_read import plain_sqlite_path

    chosen = explicit or os.environ.get("ETAPP_LOG_KEY")
    if chosen:
        return Path(chosen)
    path = plain_sqlite_path(url)
    if path is None:
        from engine.persistence.database import sqlite_path

        path = sqlite_path(url)
    if path is not None:
        return Path(f"{path}.logkey")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "etapp"
    return base / f"log-{hashlib.sha256(url.encode()).hexdigest()[:16]}.key"


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
        msg = _("config file {path}: {strerror}").format(path=path, strerror=e.strerror or e)
        raise InvalidInputError(msg) from e
    except tomllib.TOMLDecodeError as e:
        msg = _("config file {path} is not valid TOML: {e}").format(path=path, e=e)
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
