"""Projections: current subject state and actors, written in the same transaction as events."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from engine.domain.actors import Actor, ActorState
from engine.domain.events import KEY_REGISTERED, KEY_REVOKED, StoredEvent
from engine.domain.subject import Subject
from engine.errors import ConcurrencyError
from engine.ledger.codec import canonical_json
from engine.persistence.raw import RawSql, marks
from engine.persistence.tables import actor_key_table as kt
from engine.persistence.tables import actor_role_table as art
from engine.persistence.tables import actor_table as at
from engine.persistence.tables import subject_table as st

_SELECT_ALL = select(st.c.state).order_by(st.c.id)
_LOOKUP = select(st.c.id, st.c.code, st.c.name)
_ACTORS = select(at.c.name, at.c.scope, at.c.added_at).order_by(at.c.name)
_ALL_ROLES = select(art.c.actor, art.c.role, art.c.granted_at)


def subject_row(s: Subject) -> dict[str, object]:
    return {"id": s.id, "kind": s.kind, "name": s.name, "code": s.code, "wave": s.wave,
            "phase": s.phase, "paused": s.paused, "version": s.version,
            "offset_days": s.offset_days, "own_deadlines": s.own_deadlines,
            "state": canonical_json(s.to_dict())}


class SqlSubjectRepository:
    """Loads and saves subject projections on one connection."""

    def __init__(self, conn: Connection, raw: RawSql | None = None) -> None:
        self._conn = conn
        self._raw = raw if raw is not None else RawSql(conn)

    def get(self, subject_id: str) -> Subject | None:
        row = self._raw.one("subject_state", (subject_id,))
        return Subject.from_dict(json.loads(row[0])) if row else None

    def many(self, subject_ids: Iterable[str], *, chunk: int = 500) -> dict[str, Subject]:
        """The subjects with these ids, read in a few batched queries."""
        ids = sorted(set(subject_ids))
        found: dict[str, Subject] = {}
        for i in range(0, len(ids), chunk):
            part = ids[i:i + chunk]
            sql = f"SELECT id, state FROM subject WHERE id IN ({marks(self._conn, len(part))})"
            found.update((r[0], Subject.from_dict(json.loads(r[1])))
                         for r in self._raw.all(sql, part))
        return found

    def deadline_rows(self, municipalities: Sequence[str] | None = None,
                      *, chunk: int = 500) -> list[tuple[Any, ...]]:
        """What a deadline check reads of every subject (or of every subject but the
        municipalities not named): (id, kind, name, wave, phase, paused as 0/1, offset_days,
        state), the JSON state only where the columns do not say all (`own_deadlines`)."""
        every = self._raw.text("deadline_rows")
        if municipalities is None:
            return self._raw.all(every, ())
        rows = self._raw.all(f"{every} WHERE kind <> 'municipality'", ())
        ids = sorted(set(municipalities))
        for i in range(0, len(ids), chunk):
            part = ids[i:i + chunk]
            rows += self._raw.all(f"{every} WHERE kind = 'municipality' AND id IN "
                                  f"({marks(self._conn, len(part))})", part)
        return rows

    def all(self) -> list[Subject]:
        return [Subject.from_dict(json.loads(r[0])) for r in self._conn.execute(_SELECT_ALL)]

    def exists(self, subject_id: str) -> bool:
        return self._raw.one("subject_exists", (subject_id,)) is not None

    def lookup_rows(self) -> list[tuple[str, str | None, str]]:
        """(id, kommunkod, name) of every subject, for resolving what a user typed."""
        return [(r[0], r[1], r[2]) for r in self._conn.execute(_LOOKUP)]

    def save(self, subjects: Iterable[Subject], expected: dict[str, int]) -> None:
        """Insert new subjects and update changed ones, checking the version each was read at.

        Raises:
            ConcurrencyError: a row moved on since it was read.
        """
        updates, inserts = [], []
        for s in subjects:
            if expected.get(s.id, 0) == 0:
                inserts.append(subject_row(s))
            else:
                updates.append((s.phase, s.paused, s.version, s.offset_days, s.own_deadlines,
                                canonical_json(s.to_dict()), s.id, expected[s.id]))
        if inserts:
            try:
                self._conn.execute(st.insert(), inserts)
            except IntegrityError as e:
                msg = "a subject was created by another writer at the same time"
                raise ConcurrencyError(msg) from e
        if len(updates) > 1 and self._conn.dialect.supports_sane_multi_rowcount:
            # One round trip for many rows (a deadline check touches thousands).
            if self._raw.write_many("subject_update", updates) != len(updates):
                msg = "a subject was changed by another writer since it was read"
                raise ConcurrencyError(msg)
            return
        for u in updates:
            if self._raw.write("subject_update", u) != 1:
                msg = f"{u[6]}: changed by another writer since it was read"
                raise ConcurrencyError(msg)


class SqlActorRepository:
    """Registered actors and the roles they hold."""

    def __init__(self, conn: Connection, raw: RawSql | None = None) -> None:
        self._conn = conn
        self._raw = raw if raw is not None else RawSql(conn)

    def state(self, name: str) -> ActorState | None:
        """The actor and its roles, in one statement (a LEFT JOIN: one row per role)."""
        rows = self._raw.all("actor", (name,))
        if not rows:
            return None
        first = rows[0]
        roles = {r[3]: r[4] for r in rows if r[3] is not None}
        return ActorState(first[0], first[1], first[2], roles)

    def get(self, name: str) -> Actor | None:
        found = self.state(name)
        return found.actor() if found else None

    def states(self) -> list[ActorState]:
        roles: dict[str, dict[str, str]] = {}
        for actor, role, granted_at in self._conn.execute(_ALL_ROLES):
            roles.setdefault(actor, {})[role] = granted_at
        return [ActorState(r[0], r[1], r[2], roles.get(r[0], {}))
                for r in self._conn.execute(_ACTORS)]

    def all(self) -> list[Actor]:
        return [a.actor() for a in self.states()]

    def save(self, before: ActorState | None, after: ActorState) -> None:
        """Write an actor's new state: the row once, then the roles granted and revoked."""
        if before is None:
            self._conn.execute(at.insert(), {"name": after.name, "scope": after.scope,
                                             "added_at": after.added_at})
        elif before.scope != after.scope:
            self._conn.execute(at.update().where(at.c.name == after.name)
                               .values(scope=after.scope))
        old = dict(before.roles) if before else {}
        gone = [r for r in old if r not in after.roles]
        new = [{"actor": after.name, "role": r, "granted_at": t}
               for r, t in after.roles.items() if old.get(r) != t]
        for r in gone:
            self._conn.execute(art.delete().where(art.c.actor == after.name, art.c.role == r))
        if new:
            self._conn.execute(art.insert(), new)


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """One actor key as the projection holds it."""

    key_id: str
    actor: str
    public_key: str
    registered_seq: int
    registered_at: str
    revoked_seq: int | None
    revoked_at: str | None
    reason: str | None


class SqlKeyRepository:
    """Actors' public keys, kept from KeyRegistered and KeyRevoked events."""

    def __init__(self, conn: Connection, raw: RawSql | None = None) -> None:
        self._conn = conn
        self._raw = raw if raw is not None else RawSql(conn)

    def get(self, key_id: str) -> KeyRecord | None:
        row = self._conn.execute(kt.select().where(kt.c.key_id == key_id)).first()
        return KeyRecord(*row) if row else None

    def for_actor(self, actor: str, *, active: bool = False) -> list[KeyRecord]:
        if active:  # every write command asks this: the hot path's raw statement
            return [KeyRecord(*r) for r in self._raw.all("active_keys", (actor,))]
        q = kt.select().where(kt.c.actor == actor)
        return [KeyRecord(*r) for r in self._conn.execute(q.order_by(kt.c.registered_seq))]

    def all(self) -> list[KeyRecord]:
        return [KeyRecord(*r) for r in self._conn.execute(kt.select().order_by(kt.c.key_id))]

    def apply(self, e: StoredEvent) -> None:
        """Fold a key event into the projection (the same rule replay compares against)."""
        p = e.payload
        if e.type == KEY_REGISTERED:
            self._conn.execute(kt.insert(), {
                "key_id": p["key_id"], "actor": p["actor"], "public_key": p["public_key"],
                "registered_seq": e.seq, "registered_at": e.recorded_at})
        elif e.type == KEY_REVOKED:
            self._conn.execute(kt.update().where(kt.c.key_id == p["key_id"]).values(
                revoked_seq=e.seq, revoked_at=e.recorded_at, reason=p.get("reason")))
