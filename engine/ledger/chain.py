"""Hash links of the event log; shared by the writer and every verifier.

The hash of event n is SHA-256 over UTF-8 bytes of::

    <header> "\\n" <payload>

where ``header`` is the canonical JSON array
``[seq, subject, version, type, actor, role, body, workflow, occurred_at,
recorded_at, prev_hash]`` and ``payload`` is the payload text exactly as stored.
The first event's ``prev_hash`` is 64 zeros. Nothing is re-serialised on
verification except the short header, so a verifier outside etapp needs only
``json`` and ``hashlib``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from engine.ledger.codec import canonical_json

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One stored event, exactly as in the log (times are canonical UTC text)."""

    seq: int
    subject: str
    version: int
    type: str
    actor: str
    role: str
    body: str | None
    workflow: str
    occurred_at: str
    recorded_at: str
    payload: str
    prev_hash: str
    hash: str


def chained_bytes(
    seq: int,
    subject: str,
    version: int,
    type_: str,
    actor: str,
    role: str,
    body: str | None,
    workflow: str,
    occurred_at: str,
    recorded_at: str,
    payload: str,
    prev_hash: str,
) -> bytes:
    """The bytes an event's hash covers (and its signature, see `keys.py`)."""
    header = canonical_json(
        [seq, subject, version, type_, actor, role, body, workflow, occurred_at, recorded_at,
         prev_hash]
    )
    return f"{header}\n{payload}".encode()


def link_hash(
    seq: int,
    subject: str,
    version: int,
    type_: str,
    actor: str,
    role: str,
    body: str | None,
    workflow: str,
    occurred_at: str,
    recorded_at: str,
    payload: str,
    prev_hash: str,
) -> str:
    """Compute the chained SHA-256 of one event (see the module docstring for the form)."""
    return hashlib.sha256(chained_bytes(seq, subject, version, type_, actor, role, body,
                                        workflow, occurred_at, recorded_at, payload,
                                        prev_hash)).hexdigest()


def record_hash(record: EventRecord) -> str:
    """Recompute the hash a record should carry from its own fields."""
    return link_hash(
        record.seq, record.subject, record.version, record.type, record.actor, record.role,
        record.body, record.workflow, record.occurred_at, record.recorded_at, record.payload,
        record.prev_hash,
    )
