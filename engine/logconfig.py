"""structlog configuration, called once by the CLI: console for people, JSON lines on request."""

from __future__ import annotations

import logging
import sys


def configure_logging(fmt: str = "console", level: int = logging.WARNING) -> None:
    """Send structured logs to stderr so stdout stays clean for `--json` output."""
    import structlog

    renderer = (structlog.processors.JSONRenderer() if fmt == "json"
                else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
