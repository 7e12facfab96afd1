"""Projection of the §7.2 risk register: one row per risk, written with its events."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from engine.domain.risks import Risk
from engine.errors import ConcurrencyError
from engine.ledger.codec import canonical_json
from engine.persistence.tables import risk_table as rt

_ONE = select(rt.c.state).where(rt.c.id == bindparam("id"))
_ALL = select(rt.c.state).order_by(rt.c.number)
_NEXT = select(func.coalesce(func.max(rt.c.number), 0) + 1)
_UPDATE = (
    rt.update()
    .where(rt.c.id == bindparam("b_id"), rt.c.version == bindparam("b_expected"))
    .values(title=bindparam("title"), probability=bindparam("probability"),
            consequence=bindparam("consequence"), score=bindparam("score"),
            status=bindparam("status"), owner=bindparam("owner"), due_on=bindparam("due_on"),
            accepted=bindparam("accepted"), version=bindparam("version"),
            state=bindparam("state"))
)
#: The columns besides `state`, which replay compares one by one.
ROW_FIELDS = ("number", "subject", "title", "probability", "consequence", "score", "status",
              "owner", "due_on", "accepted", "version")


def risk_row(r: Risk) -> dict[str, object]:
    return {"id": r.id, "number": r.number, "subject": r.subject, "title": r.title,
            "probability": r.probability, "consequence": r.consequence, "score": r.score,
            "status": r.status, "owner": r.owner, "due_on": r.due_on, "accepted": r.accepted,
            "version": r.version, "state": canonical_json(r.to_dict())}


class SqlRiskRepository:
    """Loads and saves risks on one connection, checking the version each was read at."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, risk_id: str) -> Risk | None:
        row = self._conn.execute(_ONE, {"id": risk_id}).first()
        return Risk.from_dict(json.loads(row[0])) if row else None

    def all(self) -> list[Risk]:
        return [Risk.from_dict(json.loads(r[0])) for r in self._conn.execute(_ALL)]

    def open_of(self, subjects: Iterable[str]) -> list[Risk]:
        """The risks not closed that belong to any of `subjects`, by number."""
        q = (select(rt.c.state).where(rt.c.subject.in_(sorted(set(subjects))),
                                      rt.c.status != "closed").order_by(rt.c.number))
        return [Risk.from_dict(json.loads(r[0])) for r in self._conn.execute(q)]

    def with_open_action(self) -> list[Risk]:
        """Risks and problems whose action deadline is open (the alert ladder's share)."""
        q = select(rt.c.state).where(rt.c.status != "closed")
        found = (Risk.from_dict(json.loads(r[0])) for r in self._conn.execute(q))
        return [r for r in found if r.open_action() is not None]

    def next_number(self) -> int:
        """The next free risk number; writers are serialised, and the unique number
        column refuses a second writer that raced past that anyway."""
        return int(self._conn.execute(_NEXT).scalar_one())

    def save(self, risks: Iterable[Risk], expected: dict[str, int]) -> None:
        """Insert new risks and update changed ones against the version they were read at.

        Raises:
            ConcurrencyError: another writer added or changed the same risk first.
        """
        for r in risks:
            row = risk_row(r)
            read_at = expected.get(r.stream, 0)
            if read_at == 0:
                try:
                    self._conn.execute(rt.insert(), row)
                except IntegrityError as e:
                    msg = f"{r.id} was added by another writer at the same time: nothing written"
                    raise ConcurrencyError(msg) from e
                continue
            if self._conn.execute(_UPDATE, {**row, "b_id": r.id,
                                            "b_expected": read_at}).rowcount != 1:
                msg = f"{r.id}: changed by another writer since it was read"
                raise ConcurrencyError(msg)
