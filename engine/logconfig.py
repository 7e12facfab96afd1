"""structlog configuration: console for people, JSON lines on request, applied on first use.

Most commands never log, and importing structlog costs a noticeable part of a
command's start-up, so `configure_logging` only records the wish; the first
`get_logger` call applies it.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

_wanted: dict[str, Any] = {"fmt": "console", "level": logging.WARNING}
_applied = False


def configure_logging(fmt: str = "console", level: int = logging.WARNING) -> None:
    """Choose the log format (stderr, so stdout stays clean for `--json` output)."""
    global _applied
    _wanted.update(fmt=fmt, level=level)
    _applied = False


def enabled(level: int) -> bool:
    """Whether a record at `level` would be written; lets callers skip importing structlog."""
    return level >= int(_wanted["level"])


def get_logger(name: str) -> Any:
    """A structlog logger, configured as chosen by `configure_logging`."""
    global _applied
    import structlog

    # Someone else (a test's capture_logs) may have configured structlog already: keep theirs.
    if not _applied and not structlog.is_configured():
        renderer = (structlog.processors.JSONRenderer() if _wanted["fmt"] == "json"
                    else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()))
        structlog.configure(
            processors=[
                structlog.contextvars.merge_contextvars,
                structlog.processors.add_log_level,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
                renderer,
            ],
            wrapper_class=structlog.make_filtering_bound_logger(_wanted["level"]),
            logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
            cache_logger_on_first_use=False,
        )
        _applied = True
    return structlog.get_logger(name)
