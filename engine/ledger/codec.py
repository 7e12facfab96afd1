"""Canonical text form of an event: what is stored and what is hashed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from json.scanner import make_scanner
from typing import Any

_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def canonical_json(value: Any) -> str:
    """Serialise `value` as canonical JSON: sorted keys, no spaces, UTF-8 text (not escaped).

    The same value always gives the same text, so the text can be hashed and
    re-verified by any JSON library that sorts keys the same way.
    """
    return _dumps(value)


_scan_once = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def load_payload(text: Any) -> Any:
    """`json.loads` for replay's hot loop: the scanner alone when the text is one whole JSON
    value (a stored payload always is); `json.loads` itself, and its errors, otherwise."""
    if type(text) is str:
        try:
            value, end = _scan_once(text, 0)
        except StopIteration:
            return json.loads(text)
        if end == len(text):
            return value
    return json.loads(text)


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
