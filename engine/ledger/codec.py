"""Canonical text form of an event: what is stored and what is hashed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def canonical_json(value: Any) -> str:
    """Serialise `value` as canonical JSON: sorted keys, no spaces, UTF-8 text (not escaped).

    The same value always gives the same text, so the text can be hashed and
    re-verified by any JSON library that sorts keys the same way.
    """
    return _dumps(value)


def format_instant(moment: datetime) -> str:
    """Format an aware datetime as fixed-width UTC ISO 8601 with microseconds.

    Fixed width makes stored instants sort and compare correctly as text on
    every database, which the as-of queries rely on.

    Raises:
        ValueError: for a naive datetime, whose instant is unknown.
    """
    if moment.tzinfo is None:
        msg = f"naive datetime {moment.isoformat()} has no time zone"
        raise ValueError(msg)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_instant(text: str) -> datetime:
    """Parse an instant written by `format_instant` back into an aware UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
