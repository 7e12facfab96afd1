"""The append-only event log: `append` with expected versions and a hash chain; no update API."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError

from engine.domain.events import (
    NOT_BUSINESS_FACTS,
    SUBJECT_CREATED,
    NewEvent,
    Stamp,
    StoredEvent,
)
from engine.errors import ConcurrencyError
from engine.ledger.chain import GENESIS, EventRecord, chained_bytes
from engine.ledger.codec import canonical_json
from engine.persistence.raw import RawSql, latest_times_sql
from engine.persistence.tables import event_table as t

_HEAD = select(t.c.seq, t.c.hash).order_by(t.c.seq.desc()).limit(1)
EXPORT_COLUMNS = (
    "seq", "subject", "version", "type", "actor", "role", "body", "workflow", "occurred_at",
    "recorded_at", "payload", "prev_hash", "hash", "key_id", "signature",
)
_COLUMNS = (
    t.c.seq, t.c.subject, t.c.version, t.c.type, t.c.actor, t.c.role, t.c.body, t.c.workflow,
    t.c.occurred_at, t.c.recorded_at, t.c.payload, t.c.prev_hash, t.c.hash, t.c.key_id,
    t.c.signature,
)
#: Subjects per IN list: SQLite allows 32,766 parameters, PostgreSQL 65,535.
_IN_CHUNK = 500
Signer = Callable[[bytes], tuple[str, str]]
"""Signs an event's chained bytes: returns (key id, base64 signature)."""


class SqlEventLog:
    """The event log on one open connection inside a unit of work."""

    def __init__(self, conn: Connection, raw: RawSql | None = None) -> None:
        self._conn = conn
        self._raw = raw if raw is not None else RawSql(conn)

    def head(self) -> tuple[int, str]:
        """Sequence number and hash of the last event (0 and the genesis hash when empty)."""
        row = self._raw.one("head", ())
        return (row[0], row[1]) if row else (0, GENESIS)

    def append(
        self, events: Sequence[NewEvent], versions: dict[str, int], stamp: Stamp,
        signer: Signer | None = None,
    ) -> list[StoredEvent]:
        """Append events in order, each chained to the one before.

        `versions` holds each subject's version as it was read; it is advanced
        here. A unique (subject, version) clash means another writer got there
        first: nothing is written. With a `signer` every event carries the acting
        actor's signature over the same bytes its hash covers.

        Raises:
            ConcurrencyError: a concurrent writer appended to one of the subjects.
        """
        seq, prev = self.head()
        rows, stored = [], []
        actor, role, workflow = stamp.actor, stamp.role, stamp.workflow
        occurred, recorded = stamp.occurred_at, stamp.recorded_at
        for e in events:
            seq += 1
            version = versions.get(e.subject, 0) + 1
            versions[e.subject] = version
            payload = canonical_json(dict(e.payload))
            data = chained_bytes(seq, e.subject, version, e.type, actor, role, e.body,
                                 workflow, occurred, recorded, payload, prev)
            digest = hashlib.sha256(data).hexdigest()
            row: tuple[Any, ...] = (seq, e.subject, version, e.type, actor, role, e.body,
                                    workflow, occurred, recorded, payload, prev, digest)
            if signer is not None:
                row += signer(data)
            rows.append(row)
            stored.append(StoredEvent(seq, e.subject, version, e.type, actor, role, e.body,
                                      occurred, recorded, e.payload, digest))
            prev = digest
        if rows:
            # Unsigned rows name no signature columns: a log of an earlier schema
            # (a migration test's "previous release") is written as it was.
            insert = "event_insert" if signer is None else "event_insert_signed"
            try:
                if len(rows) == 1:
                    self._raw.write(insert, rows[0])
                else:
                    self._raw.write_many(insert, rows)
            except IntegrityError as err:
                msg = "another writer changed the same subject at the same time: nothing written"
                raise ConcurrencyError(msg) from err
        return stored

    def latest_business_times(self, subjects: Iterable[str]) -> dict[str, str]:
        """Each subject's latest business time, over its business facts only
        (`NOT_BUSINESS_FACTS` excluded); a subject with none is left out."""
        wanted = sorted(set(subjects))
        if not wanted:
            return {}
        found: dict[str, str] = {}
        for i in range(0, len(wanted), _IN_CHUNK):
            part = wanted[i:i + _IN_CHUNK]
            sql = latest_times_sql(self._conn, len(part), len(NOT_BUSINESS_FACTS))
            found.update((sid, when) for sid, when in self._raw.all(
                sql, (*part, *NOT_BUSINESS_FACTS)) if when is not None)
        return found

    def stream_version(self, stream: str) -> int:
        """The version of the last event on `stream` (0 when it has none)."""
        row = self._raw.one("stream_version", (stream,))
        return int(row[0] or 0) if row else 0

    def head_at(self, until: str | None) -> tuple[int, str]:
        """The head as it stood at recorded time `until` (the current head when None)."""
        if until is None:
            return self.head()
        row = self._conn.execute(_HEAD.where(t.c.recorded_at <= until)).first()
        return (row[0], row[1]) if row else (0, GENESIS)

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(t)).scalar_one())

    def records(
        self, *, until: str | None = None, batch: int = 5000
    ) -> Iterator[EventRecord]:
        """Stream every event in sequence order, in batches, so memory stays flat."""
        last = 0
        while True:
            q = select(*_COLUMNS).where(t.c.seq > last)
            if until is not None:
                q = q.where(t.c.recorded_at <= until)
            rows = self._conn.execute(q.order_by(t.c.seq).limit(batch)).all()
            if not rows:
                return
            for r in rows:
                yield EventRecord(*r[:13])  # the chained columns
            last = rows[-1][0]

    def events(self, *, subject: str | None = None, until: str | None = None,
               since: str | None = None, occurred_until: str | None = None) -> list[StoredEvent]:
        """Decoded events, oldest first, optionally for one subject, a recorded-time window
        and a business-time cut-off (`cut_off`)."""
        q = cut_off(select(*_COLUMNS).order_by(t.c.seq), until, occurred_until)
        if subject is not None:
            q = q.where(t.c.subject == subject)
        if since is not None:
            q = q.where(t.c.recorded_at >= since)
        return [to_stored(EventRecord(*r[:13]))  # the chained columns
                for r in self._conn.execute(q)]

    def rows(self, *, until: str | None = None, occurred_until: str | None = None,
             batch: int = 10_000) -> Iterator[Sequence[Any]]:
        """Stream every stored row as it is (columns as `EXPORT_COLUMNS`), in sequence order.

        Keyset batches keep memory flat on both databases; the first batch has
        no lower bound, so not even a row renumbered below 1 escapes a verifier.
        Rows are the driver's plain tuples: verification and replay are hot paths.
        """
        first = select(*_COLUMNS).order_by(t.c.seq).limit(batch)
        rest = select(*_COLUMNS).where(t.c.seq > bindparam("last")).order_by(t.c.seq).limit(batch)
        first = cut_off(first, until, occurred_until)
        rest = cut_off(rest, until, occurred_until)
        rows = self._fetch(first, {})
        while rows:
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1][0]
            rows = []  # let one batch go before the next arrives
            rows = self._fetch(rest, {"last": last})

    def rows_of_types(self, types: Iterable[str], *,
                      subject_prefix: str = "") -> list[Sequence[Any]]:
        """Every stored row of these types (on streams starting with `subject_prefix`, which
        the subject index finds fast), in sequence order, as `rows` gives them."""
        q = select(*_COLUMNS).where(t.c.type.in_(sorted(types))).order_by(t.c.seq)
        if subject_prefix:
            end = subject_prefix[:-1] + chr(ord(subject_prefix[-1]) + 1)
            q = q.where(t.c.subject >= subject_prefix, t.c.subject < end)
        return self._fetch(q, {})

    def hashes(self, *, limit: int | None = None, batch: int = 50_000) -> Iterator[str]:
        """Every event's stored hash in sequence order (the Merkle leaves), in batches."""
        last, left = None, limit
        while left is None or left > 0:
            n = batch if left is None else min(batch, left)
            q = select(t.c.seq, t.c.hash).order_by(t.c.seq).limit(n)
            if last is not None:
                q = q.where(t.c.seq > last)
            rows = self._conn.execute(q).all()
            for r in rows:
                yield r[1]
            if len(rows) < n:
                return
            last = rows[-1][0]
            if left is not None:
                left -= len(rows)

    def row(self, seq: int) -> Sequence[Any]:
        """One stored row as it is (columns as `EXPORT_COLUMNS`)."""
        return tuple(self._conn.execute(select(*_COLUMNS).where(t.c.seq == seq)).one())

    def _fetch(self, query: Select[Any], params: dict[str, Any]) -> list[Sequence[Any]]:
        result = self._conn.execute(query, params)
        try:
            return list(result.cursor.fetchall()) if result.cursor else []
        finally:
            result.close()

    def matching(
        self, *, subject: str | None = None, since: str | None = None, until: str | None = None,
        actor: str | None = None, types: Sequence[str] = (), occurred_until: str | None = None,
    ) -> list[StoredEvent]:
        """Decoded events, oldest first, that pass every filter given (the history query)."""
        q = cut_off(select(*_COLUMNS).order_by(t.c.seq), until, occurred_until)
        if subject is not None:
            q = q.where(t.c.subject == subject)
        if since is not None:
            q = q.where(t.c.recorded_at >= since)
        if actor is not None:
            q = q.where(t.c.actor == actor)
        if types:
            q = q.where(t.c.type.in_(list(types)))
        found: Iterable[Sequence[Any]] = self._conn.execute(q)
        return [to_stored(EventRecord(*r[:13])) for r in found]


_S = TypeVar("_S", bound=Select[Any])


def cut_off(q: _S, until: str | None, occurred_until: str | None) -> _S:
    """Limit a query to what the log held at recorded time `until` and what had occurred
    by business time `occurred_until`. A subject's creation is not a business fact: it
    passes every business cut-off, so each subject exists in a business-time view."""
    if until is not None:
        q = q.where(t.c.recorded_at <= until)
    if occurred_until is not None:
        q = q.where(or_(t.c.occurred_at <= occurred_until, t.c.type == SUBJECT_CREATED))
    return q


def to_stored(r: EventRecord) -> StoredEvent:
    """Decode a stored record's payload for the domain."""
    return StoredEvent(r.seq, r.subject, r.version, r.type, r.actor, r.role, r.body,
                       r.occurred_at, r.recorded_at, json.loads(r.payload), r.hash)
